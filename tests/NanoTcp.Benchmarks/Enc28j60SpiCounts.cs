using System;
using NanoTcp.Simulation;
using NanoTcp.Drivers.Enc28j60;
using NanoTcp.Simulation.Enc28j60;

namespace NanoTcp.Benchmarks
{
    /// <summary>
    /// SPI transactions and bytes per frame for Enc28j60Device on the simulated ENC28J60:
    /// counts, not timings, so the numbers are exact and machine-independent. Run with
    /// `dotnet run -c Release --project tests/NanoTcp.Benchmarks -- enc28j60-spi`.
    /// Reference (hw/hw-facts.md part C): Linux enc28j60.c 9 per received frame, 7 per sent
    /// frame (plus its interrupt work); ESP-IDF 12-14 / 10.
    /// </summary>
    public static class Enc28j60SpiCounts
    {
        private static readonly byte[] Mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
        private static readonly byte[] Peer = { 0x02, 0, 0, 0, 0, 0xEE };
        private const int Frames = 1000;

        public static void Run()
        {
            Console.WriteLine("ENC28J60 SPI cost per frame (simulated chip, " + Frames + " frames each, after warm-up)");
            Console.WriteLine("{0,-52} {1,12} {2,12} {3,14}", "scenario", "txn/frame", "bytes/frame", "SPI us @20MHz*");
            foreach (int len in new[] { 60, 590, 1514 }) Row("receive, 1 frame per poll, " + len + " B", ReceiveOnePerPoll(len));
            foreach (int len in new[] { 60, 590, 1514 }) Row("receive under load, 4 waiting per poll, " + len + " B", ReceiveBatched(len, 4));
            foreach (int len in new[] { 54, 590, 1514 }) Row("send, " + len + " B", SendOnly(len, false));
            Row("send, alternating 1514 B and 54 B", SendOnly(1514, true));
            Row("TCP-like: receive 1514 B + send 54 B ACK (per pair)", ReceiveAndAck());
            Row("idle poll: Receive() finds nothing + LinkUp", IdlePoll());
            Console.WriteLine("* estimate: bytes x 0.4 us + 1 us per transaction for chip select and call overhead.");
        }

        private static void Row(string name, Cost c)
        {
            double us = c.Bytes * 0.4 + c.Transactions * 1.0;
            Console.WriteLine("{0,-52} {1,12:F2} {2,12:F1} {3,14:F1}", name, c.Transactions, c.Bytes, us);
        }

        private struct Cost { public double Transactions, Bytes; }

        private sealed class Rig
        {
            public readonly QueueWire Wire = new QueueWire();
            public readonly Enc28j60Chip Chip;
            public readonly Enc28j60Device Dev;
            public readonly byte[] Buf = new byte[1600];
            public Rig()
            {
                Chip = new Enc28j60Chip(Wire);
                Dev = new Enc28j60Device(Chip, Mac, null, Chip.Delay);
                Dev.Initialize();
            }
            public long T => Dev.Counters.SpiTransactions;
            public long B => Dev.Counters.SpiBytes;
        }

        private static Cost Measure(Rig r, Action step, int units)
        {
            for (int i = 0; i < 20; i++) step();
            long t0 = r.T, b0 = r.B;
            for (int i = 0; i < units; i++) step();
            return new Cost { Transactions = (double)(r.T - t0) / units, Bytes = (double)(r.B - b0) / units };
        }

        private static Cost ReceiveOnePerPoll(int len)
        {
            var r = new Rig();
            var f = Frame(Mac, len);
            return Measure(r, () => { r.Wire.Push(f); Expect(r.Dev.ReceiveCopy(r.Buf, 0, r.Buf.Length), len); }, Frames);
        }

        private static Cost ReceiveBatched(int len, int batch)
        {
            var r = new Rig();
            var f = Frame(Mac, len);
            var c = Measure(r, () =>
            {
                for (int i = 0; i < batch; i++) r.Wire.Push(f);
                for (int i = 0; i < batch; i++) Expect(r.Dev.ReceiveCopy(r.Buf, 0, r.Buf.Length), len);
            }, Frames / batch);
            c.Transactions /= batch; c.Bytes /= batch;
            return c;
        }

        private static Cost SendOnly(int len, bool alternate)
        {
            var r = new Rig();
            var big = Frame(Peer, len);
            var small = Frame(Peer, 54);
            int n = 0;
            return Measure(r, () =>
            {
                var f = alternate && (n++ & 1) == 1 ? small : big;
                if (!r.Dev.SendCopy(f, 0, f.Length)) throw new InvalidOperationException("send refused");
                r.Wire.Drain();
            }, Frames);
        }

        private static Cost ReceiveAndAck()
        {
            var r = new Rig();
            var data = Frame(Mac, 1514);
            var ack = Frame(Peer, 54);
            return Measure(r, () =>
            {
                r.Wire.Push(data);
                Expect(r.Dev.ReceiveCopy(r.Buf, 0, r.Buf.Length), 1514);
                if (!r.Dev.SendCopy(ack, 0, ack.Length)) throw new InvalidOperationException("send refused");
                r.Wire.Drain();
            }, Frames);
        }

        private static Cost IdlePoll()
        {
            var r = new Rig();
            return Measure(r, () => { Expect(r.Dev.ReceiveCopy(r.Buf, 0, r.Buf.Length), 0); _ = r.Dev.LinkUp; }, Frames);
        }

        private static void Expect(int got, int want)
        {
            if (got != want) throw new InvalidOperationException("expected a " + want + "-byte frame, got " + got);
        }

        private static byte[] Frame(byte[] dst, int len)
        {
            var f = new byte[len];
            Array.Copy(dst, f, 6);
            f[6] = 0x02; f[11] = 0xEE; f[12] = 0x08;
            for (int i = 14; i < len; i++) f[i] = (byte)i;
            return f;
        }

        /// <summary>The chip's cable: frames pushed here arrive at the chip; what it sends is discarded.</summary>
        private sealed class QueueWire : NanoTcp.Drivers.INetDevice
        {
            private readonly System.Collections.Generic.Queue<byte[]> _in = new System.Collections.Generic.Queue<byte[]>();
            public byte[] MacAddress => Peer;
            public bool LinkUp => true;
            public void Push(byte[] f) => _in.Enqueue(f);
            public void Drain() { }
            public int TransmitHeadroom => 0;
            public void AddMulticastAddress(byte[] mac, int offset) { }
            public int Receive(out byte[] buffer, out int offset)
            {
                buffer = null; offset = 0;
                if (_in.Count == 0) return 0;
                buffer = _in.Dequeue();
                return buffer.Length;
            }
            public bool Send(byte[] buffer, int offset, int length) => true;
        }
    }
}
