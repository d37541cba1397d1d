using System;
using System.Security.Cryptography;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Tests.Net;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>Two full stacks (TcpStack over NetworkInterface) on the in-memory Cable.</summary>
    public class CableTcpTests : TraceTest
    {
        private readonly ITestOutputHelper _out;
        public CableTcpTests(ITestOutputHelper output) { _out = output; }

        private sealed class TcpPair : IEndOfTest
        {
            public readonly SimPair Net;
            public readonly TcpStack A, B;

            public TcpPair(CableOptions cable = null, TcpOptions a = null, TcpOptions b = null)
            {
                a ??= new TcpOptions();
                b ??= new TcpOptions();
                a.Secret ??= new byte[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6 };
                b.Secret ??= new byte[] { 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
                Net = new SimPair(cable);
                A = new TcpStack(Net.A, a);
                B = new TcpStack(Net.B, b);
                Net.A.AddTransport(A);
                Net.B.AddTransport(B);
            }

            public long Now => Net.Now;

            /// <summary>Polls at the current time until neither side nor the cable has work now.</summary>
            public void Settle()
            {
                for (int i = 0; i < 10_000; i++)
                {
                    Net.PollAll();
                    long now = Net.Now;
                    if (Net.Cable.NextDeliveryMs > now && Net.A.NextDeadline(now) > now && Net.B.NextDeadline(now) > now) return;
                }
                throw new InvalidOperationException("does not settle");
            }

            public void Run(long ms) => Net.RunFor(ms);

            public void EndOfTest() => TcpLeakCheck.DrainPair(A, B, () => Net.Now, Run);
        }

        private static void Check(bool ok, string what)
        {
            if (!ok) throw new Xunit.Sdk.XunitException(what);
        }

        private static void OneConnection(TcpPair p, int listener, byte[] buf, byte[] rx)
        {
            int c = p.A.Connect(SimPair.AddressB, 80, p.Now);
            Check(c != TcpStack.NoHandle, "connect");
            p.Settle();
            int s = p.B.Accept(listener);
            Check(s != TcpStack.NoHandle, "accept");
            Check(p.A.Send(c, buf, 0, 64) == 64, "send");
            p.Settle();
            Check(p.B.Receive(s, rx, 0, rx.Length) == 64, "receive");
            Check(p.B.Send(s, buf, 0, 32) == 32, "send back");
            p.B.Close(s);
            p.Settle();
            Check(p.A.Receive(c, rx, 0, rx.Length) == 32, "receive back");
            Check((p.A.GetEvents(c) & TcpEvents.PeerClosed) != 0, "peer closed");
            p.A.Close(c);
            p.Settle();
            Check(p.A.GetState(c) == TcpState.Closed, "client closed");
            p.Net.Clock.Advance(1);
        }

        [Fact]
        public void Two_stacks_over_the_cable_open_use_close_10000_connections_without_allocating()
        {
            var p = Checked(new TcpPair(a: new TcpOptions { MslMs = 30_000 }, b: new TcpOptions { MslMs = 30_000 }));
            int l = p.B.Listen(80);
            var buf = TcpTrace.Bytes(64);
            var rx = new byte[128];
            for (int i = 0; i < 50; i++) OneConnection(p, l, buf, rx);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) OneConnection(p, l, buf, rx);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            for (int slot = 0; slot < p.B.ConnectionSlots; slot++)
            {
                var st = p.B.GetSlotState(slot);
                Assert.True(st == TcpState.TimeWait || st == TcpState.Closed, "slot " + slot + " " + st);
                Assert.Equal(TcpState.Closed, p.A.GetSlotState(slot));
            }
            Assert.True(p.B.CountInState(TcpState.TimeWait) > 0);
            p.Run(60_000);
            Assert.Equal(0, p.B.CountInState(TcpState.TimeWait));
            Assert.Equal(0, p.A.Counters.ChecksumErrors + p.B.Counters.ChecksumErrors);
        }

        /// <summary>
        /// Bulk both ways through a lossy cable (5 % drop, 2 % duplicate, 5 % reorder, 1 % bit
        /// flips): every byte arrives in order (SHA-256 equal) and nothing stalls. Small by
        /// default (CI); NANOTCP_SOAK_KB and NANOTCP_SOAK_SEEDS scale it up to issue 4's 64 MiB x 20.
        /// </summary>
        [Fact]
        public void Bulk_both_ways_over_a_faulty_cable_arrives_intact()
        {
            int kb = int.TryParse(Environment.GetEnvironmentVariable("NANOTCP_SOAK_KB"), out var k) ? k : 256;
            int seeds = int.TryParse(Environment.GetEnvironmentVariable("NANOTCP_SOAK_SEEDS"), out var s) ? s : 3;
            int first = int.TryParse(Environment.GetEnvironmentVariable("NANOTCP_SOAK_FIRST"), out var f) ? f : 1;
            for (int seed = first; seed < first + seeds; seed++)
            {
                var faults = new CableOptions { Seed = seed, DropRate = 0.05, DuplicateRate = 0.02, ReorderRate = 0.05, BitFlipRate = 0.01, DelayMs = 1 };
                var r = Bulk(faults, kb * 1024, 4096, out long ms, out long allocated);
                _out.WriteLine($"seed {seed}: {kb} KiB each way in {ms} virtual ms, allocated {allocated} B in steady state");
                Assert.True(r, "transfer incomplete for seed " + seed);
                Assert.Equal(0, allocated);
            }
        }

        private bool Bulk(CableOptions faults, int total, int ring, out long virtualMs, out long allocated)
        {
            var oa = new TcpOptions { SendBufferSize = ring, ReceiveBufferSize = ring, MslMs = 1000 };
            var ob = new TcpOptions { SendBufferSize = ring, ReceiveBufferSize = ring, MslMs = 1000 };
            var p = Checked(new TcpPair(faults, oa, ob));
            int l = p.B.Listen(80);
            int c = p.A.Connect(SimPair.AddressB, 80, p.Now);
            int srv = TcpStack.NoHandle;
            for (int i = 0; i < 100 && srv == TcpStack.NoHandle; i++)
            {
                p.Run(50);
                srv = p.B.Accept(l);
            }
            Check(srv != TcpStack.NoHandle, "no connection");
            var src = new byte[total];
            new Random(faults.Seed).NextBytes(src);
            var gotB = new byte[total];
            var gotA = new byte[total];
            int sentA = 0, sentB = 0, rcvB = 0, rcvA = 0;
            long start = p.Now;
            allocated = 0;
            long before = 0;
            bool measuring = false;
            for (int step = 0; step < 2_000_000 && (rcvA < total || rcvB < total); step++)
            {
                if (!measuring && rcvB > total / 4) { measuring = true; before = GC.GetAllocatedBytesForCurrentThread(); }
                if (p.A.GetState(c) == TcpState.Closed || p.B.GetState(srv) == TcpState.Closed)
                {
                    Console.WriteLine($"A {p.A.GetEvents(c)} B {p.B.GetEvents(srv)} t={p.Now - start} rcvA={rcvA} rcvB={rcvB} A.rst={p.A.Counters.ResetsSent}/{p.A.Counters.ResetsReceived} B.rst={p.B.Counters.ResetsSent}/{p.B.Counters.ResetsReceived} to={p.A.Counters.ConnectionTimeouts}/{p.B.Counters.ConnectionTimeouts} chk={p.A.Counters.ChecksumErrors}/{p.B.Counters.ChecksumErrors} ka={p.A.Counters.KeepAliveTimeouts}");
                    break; // reset or timed out: reported above, the caller fails the seed
                }
                if (sentA < total) sentA += p.A.Send(c, src, sentA, total - sentA);
                if (sentB < total) sentB += p.B.Send(srv, src, sentB, total - sentB);
                p.Run(2);
                rcvB += p.B.Receive(srv, gotB, rcvB, total - rcvB);
                rcvA += p.A.Receive(c, gotA, rcvA, total - rcvA);
                if (p.Now - start > 3_600_000) break; // an hour of virtual time: stalled
            }
            if (measuring) allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            virtualMs = p.Now - start;
            if (rcvA != total || rcvB != total) return false;
            var h0 = SHA256.HashData(src);
            return h0.AsSpan().SequenceEqual(SHA256.HashData(gotB)) && h0.AsSpan().SequenceEqual(SHA256.HashData(gotA));
        }
    }
}
