using System;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// Two TcpStacks joined back to back at the IP layer (no Ethernet, no NetworkInterface):
    /// each SendIpv4 copies the segment into a preallocated queue slot the other stack reads.
    /// Seeded loss, duplication and reordering; no allocation per segment.
    /// </summary>
    public sealed class StackPair : IEndOfTest
    {
        public static readonly uint AddressA = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint AddressB = Ipv4Address.Make(192, 0, 2, 2);

        public sealed class End : IIpSender
        {
            public StackPair Pair;
            public bool IsA;
            public uint LocalAddress { get; set; }
            public byte[] TransmitBuffer { get; } = new byte[1514];
            public int TransportOffset => 34;
            public int MaxTransportLength => 1480;
            public bool SendIpv4(uint destinationIp, byte protocol, int transportLength, long nowMs)
                => Pair.Enqueue(IsA, TransmitBuffer, TransportOffset, transportLength);
        }

        private const int Slots = 512;
        private readonly byte[][] _frames = new byte[Slots][];
        private readonly int[] _len = new int[Slots];
        private readonly bool[] _fromA = new bool[Slots];
        private int _head, _count;
        private readonly Random _rng;

        public readonly End EndA = new End(), EndB = new End();
        public TcpStack A, B;
        public long Now = 1000;
        public int DropNextFromA, DropNextFromB;
        public double DropRate, DuplicateRate, ReorderRate;
        public long Delivered, Dropped;

        public StackPair(TcpOptions a = null, TcpOptions b = null, int seed = 1)
        {
            _rng = new Random(seed);
            for (int i = 0; i < Slots; i++) _frames[i] = new byte[1514];
            EndA.Pair = this; EndA.IsA = true; EndA.LocalAddress = AddressA;
            EndB.Pair = this; EndB.IsA = false; EndB.LocalAddress = AddressB;
            a ??= new TcpOptions();
            b ??= new TcpOptions();
            a.Secret ??= new byte[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
            b.Secret ??= new byte[] { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
            A = new TcpStack(EndA, a);
            B = new TcpStack(EndB, b);
        }

        /// <summary>Both applications let go; both stacks must then drain to empty (TcpLeakCheck).
        /// A stack replaced by ReplaceA is not checked: it "rebooted".</summary>
        public void EndOfTest()
        {
            DropRate = DuplicateRate = ReorderRate = 0;
            DropNextFromA = DropNextFromB = 0;
            TcpLeakCheck.DrainPair(A, B, () => Now, Run);
        }

        /// <summary>Simulates a restart of A: a new stack at the same address.</summary>
        public void ReplaceA(TcpStack fresh) { A = fresh; }

        private bool Enqueue(bool fromA, byte[] buf, int off, int len)
        {
            if (fromA && DropNextFromA > 0) { DropNextFromA--; Dropped++; return true; }
            if (!fromA && DropNextFromB > 0) { DropNextFromB--; Dropped++; return true; }
            if (DropRate > 0 && _rng.NextDouble() < DropRate) { Dropped++; return true; }
            int copies = DuplicateRate > 0 && _rng.NextDouble() < DuplicateRate ? 2 : 1;
            for (int k = 0; k < copies; k++)
            {
                if (_count == Slots) { Dropped++; return true; }
                int slot = (_head + _count) % Slots;
                Buffer.BlockCopy(buf, off, _frames[slot], 0, len);
                _len[slot] = len;
                _fromA[slot] = fromA;
                _count++;
                if (ReorderRate > 0 && _count > 1 && _rng.NextDouble() < ReorderRate)
                {
                    int prev = (slot + Slots - 1) % Slots;
                    Swap(slot, prev);
                }
            }
            return true;
        }

        private void Swap(int i, int j)
        {
            var f = _frames[i]; _frames[i] = _frames[j]; _frames[j] = f;
            int l = _len[i]; _len[i] = _len[j]; _len[j] = l;
            bool a = _fromA[i]; _fromA[i] = _fromA[j]; _fromA[j] = a;
        }

        /// <summary>Delivers queued segments and polls both stacks until quiet (bounded).</summary>
        public void Pump()
        {
            for (int round = 0; round < 10000; round++)
            {
                int n = _count;
                for (int i = 0; i < n; i++)
                {
                    int slot = _head;
                    _head = (_head + 1) % Slots;
                    _count--;
                    Delivered++;
                    if (_fromA[slot]) B.Input(AddressA, AddressB, _frames[slot], 0, _len[slot], Now);
                    else A.Input(AddressB, AddressA, _frames[slot], 0, _len[slot], Now);
                }
                A.Poll(Now);
                B.Poll(Now);
                if (_count == 0 && A.NextDeadline(Now) > Now && B.NextDeadline(Now) > Now) return;
            }
            throw new InvalidOperationException("the pair does not settle");
        }

        /// <summary>Runs the virtual clock forward by ms, stepping to every deadline.</summary>
        public void Run(long ms)
        {
            long end = Now + ms;
            Pump();
            for (int guard = 0; guard < 1_000_000; guard++)
            {
                long d = Math.Min(A.NextDeadline(Now), B.NextDeadline(Now));
                if (d > end) break;
                if (d > Now) Now = d;
                Pump();
            }
            Now = end;
            Pump();
        }
    }
}
