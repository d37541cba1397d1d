using System;
using NanoTcp.Simulation;
using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Simulation.W5500;

namespace NanoTcp.Benchmarks
{
    /// <summary>
    /// SPI transactions and bytes the W5500 driver spends per received and per sent frame,
    /// idle and under load, counted against the simulated chip (counts, not time: they are
    /// the same on hardware). Run: dotnet run -c Release --project tests/NanoTcp.Benchmarks -- w5500-spi
    /// </summary>
    public static class W5500SpiCounts
    {
        private static readonly byte[] Mac = { 0x02, 0x55, 0, 0, 0, 1 };

        public static void Run()
        {
            Console.WriteLine("W5500 MACRAW driver, SPI cost (1 transaction = 1 chip-select; bytes include the 3-byte header)");
            Console.WriteLine();
            Console.WriteLine("{0,-52} {1,12} {2,12}", "scenario", "tx/unit", "bytes/unit");
            Idle(false);
            Idle(true);
            foreach (int size in new[] { 60, 590, 1514 }) ReceiveOneAtATime(size);
            foreach (int k in new[] { 2, 4, 8, 16, 32 }) ReceiveBurst(60, k);
            foreach (int k in new[] { 2, 4, 10 }) ReceiveBurst(1514, k);
            ReceiveBurst(590, 8);
            foreach (int size in new[] { 60, 590, 1514 }) SendBackToBack(size);
            Console.WriteLine();
            Console.WriteLine("'per frame' counts the Receive calls that returned the frames; 'per poll' adds the");
            Console.WriteLine("empty Receive that ends each NetworkInterface.Poll (one status read, 0 with INTn).");
        }

        private sealed class Wire : INetDevice
        {
            private readonly byte[][] _q = new byte[64][];
            private readonly int[] _len = new int[64];
            private int _head, _count;
            public Wire() { for (int i = 0; i < 64; i++) _q[i] = new byte[1514]; }
            public byte[] MacAddress => Mac;
            public bool LinkUp => true;
            public void Inject(byte[] f) { int s = (_head + _count) % 64; Array.Copy(f, _q[s], f.Length); _len[s] = f.Length; _count++; }
            public int TransmitHeadroom => 0;
            public void AddMulticastAddress(byte[] mac, int offset) { }
            public int Receive(out byte[] b, out int o)
            {
                b = null; o = 0;
                if (_count == 0) return 0;
                int n = _len[_head]; b = _q[_head]; _head = (_head + 1) % 64; _count--; return n;
            }
            public bool Send(byte[] b, int o, int l) => true;
        }

        private static (Wire, W5500Chip, W5500Device) Make(bool interrupt)
        {
            var wire = new Wire();
            var chip = new W5500Chip(wire);
            var dev = new W5500Device(chip, Mac);
            if (interrupt) dev.InterruptPin = chip.InterruptPin;
            dev.Initialize();
            var buf = new byte[1600];
            dev.ReceiveCopy(buf, 0, buf.Length); // the first look after open
            dev.Counters.Reset();
            return (wire, chip, dev);
        }

        private static byte[] Frame(int size)
        {
            var f = new byte[size];
            Array.Copy(Mac, f, 6);
            f[12] = 0x88; f[13] = 0xB5;
            return f;
        }

        private static void Print(string name, double tx, double bytes)
        {
            Console.WriteLine("{0,-52} {1,12:0.00} {2,12:0.0}", name, tx, bytes);
        }

        private static void Idle(bool interrupt)
        {
            var (_, _, dev) = Make(interrupt);
            var buf = new byte[1600];
            const int polls = 1000;
            for (int i = 0; i < polls; i++) dev.ReceiveCopy(buf, 0, buf.Length);
            Print("idle poll, " + (interrupt ? "INTn line" : "no interrupt line (polling)"),
                (double)dev.Counters.SpiTransactions / polls, (double)dev.Counters.SpiBytes / polls);
        }

        private static void ReceiveOneAtATime(int size)
        {
            var (wire, _, dev) = Make(false);
            var buf = new byte[1600];
            var f = Frame(size);
            const int frames = 1000;
            long frameTx = 0, frameBytes = 0;
            for (int i = 0; i < frames; i++)
            {
                wire.Inject(f);
                long t0 = dev.Counters.SpiTransactions, b0 = dev.Counters.SpiBytes;
                if (dev.ReceiveCopy(buf, 0, buf.Length) != size) throw new InvalidOperationException("lost frame");
                frameTx += dev.Counters.SpiTransactions - t0;
                frameBytes += dev.Counters.SpiBytes - b0;
                dev.ReceiveCopy(buf, 0, buf.Length); // the poll's final empty look
            }
            Print("rx " + size + " B, one frame per poll: per frame", (double)frameTx / frames, (double)frameBytes / frames);
            Print("rx " + size + " B, one frame per poll: per poll", (double)dev.Counters.SpiTransactions / frames, (double)dev.Counters.SpiBytes / frames);
        }

        private static void ReceiveBurst(int size, int waiting)
        {
            var (wire, chip, dev) = Make(false);
            var buf = new byte[1600];
            var f = Frame(size);
            const int rounds = 200;
            long frameTx = 0, frameBytes = 0;
            for (int r = 0; r < rounds; r++)
            {
                for (int i = 0; i < waiting; i++) wire.Inject(f);
                chip.Step();
                long t0 = dev.Counters.SpiTransactions, b0 = dev.Counters.SpiBytes;
                for (int i = 0; i < waiting; i++)
                {
                    if (dev.ReceiveCopy(buf, 0, buf.Length) != size) throw new InvalidOperationException("lost frame");
                }
                frameTx += dev.Counters.SpiTransactions - t0;
                frameBytes += dev.Counters.SpiBytes - b0;
                if (dev.ReceiveCopy(buf, 0, buf.Length) != 0) throw new InvalidOperationException("extra frame");
            }
            int frames = rounds * waiting;
            Print("rx " + size + " B, " + waiting + " waiting: per frame", (double)frameTx / frames, (double)frameBytes / frames);
            Print("rx " + size + " B, " + waiting + " waiting: per frame incl. final look", (double)dev.Counters.SpiTransactions / frames, (double)dev.Counters.SpiBytes / frames);
        }

        private static void SendBackToBack(int size)
        {
            var (_, _, dev) = Make(false);
            var f = Frame(size);
            const int frames = 1000;
            for (int i = 0; i < frames; i++)
            {
                if (!dev.SendCopy(f, 0, size)) throw new InvalidOperationException("send refused");
            }
            Print("tx " + size + " B back to back: per frame", (double)dev.Counters.SpiTransactions / frames, (double)dev.Counters.SpiBytes / frames);
        }
    }
}
