using System;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// Issue 4, "Checked by": bulk transfer each way at once between two stacks over the
    /// in-memory cable with 5 % drop, 2 % duplication, 5 % reordering and 1 % bit flips, for
    /// 20 seeds: every byte arrives in order (SHA-256 of sent and received streams equal,
    /// and every byte checked against its stream position), no connection stalls (the
    /// longest virtual time without progress is bounded, and the connection never leaves
    /// ESTABLISHED), and zero bytes are allocated in steady state.
    ///
    /// Size: the issue asks for 64 MiB each way per seed. On the 2-core CI machine that
    /// takes far longer than the unit suite may (see the measured times in the report of
    /// issue 4 and BytesPerDirection below), so CI moves DefaultBytes each way per seed and
    /// NANOTCP_SOAK=1 runs the full 64 MiB each way for all 20 seeds.
    /// </summary>
    public class BulkTransferTests : TraceTest
    {
        public const long DefaultBytes = 1L << 20;
        public const long SoakBytes = 64L << 20;
        /// <summary>No progress for this long (virtual) is a stall. 2 minutes: more than the
        /// longest legitimate RTO backoff sequence before R2 (100 s) gives up.</summary>
        public const long StallLimitMs = 120_000;

        private readonly ITestOutputHelper _output;
        public BulkTransferTests(ITestOutputHelper output) { _output = output; }

        public static long BytesPerDirection
        {
            get { return Environment.GetEnvironmentVariable("NANOTCP_SOAK") == "1" ? SoakBytes : DefaultBytes; }
        }

        public static TheoryData<int> Seeds()
        {
            var d = new TheoryData<int>();
            for (int s = 1; s <= 20; s++) d.Add(s);
            return d;
        }

        internal static TcpOptions Options()
        {
            return new TcpOptions
            {
                Connections = 2,
                ReceiveBufferSize = 16384,
                SendBufferSize = 16384,
                OutOfOrderSlots = 4,
            };
        }

        [Theory]
        [MemberData(nameof(Seeds))]
        public void Bulk_transfer_both_ways_over_a_faulty_cable_arrives_intact_without_stalls_or_allocation(int seed)
        {
            long bytes = BytesPerDirection;
            var net = Checked(new CableNet(CableNet.Issue4Faults(seed), Options(), Options()));
            net.Open(5001, out int onA, out int onB);
            long started = net.Now;
            var wallClock = System.Diagnostics.Stopwatch.StartNew();

            using var aToB = new BulkFlow(net.A, onA, net.B, onB, bytes, net.Now);
            using var bToA = new BulkFlow(net.B, onB, net.A, onA, bytes, net.Now);

            long allocationStart = -1, allocated = -1;
            long limit = net.Now + 1_000_000_000L;  // virtual; the stall check ends a hang far sooner
            int same = 0;
            try
            {
            for (long guard = 0; guard < 2_000_000_000L; guard++)
            {
                net.Step();
                bool moved = aToB.Pump(net.Now) | bToA.Pump(net.Now);
                if (aToB.Done && bToA.Done) break;

                // Steady state: between a quarter and three quarters of both transfers.
                long progress = Math.Min(aToB.Received, bToA.Received);
                if (allocationStart < 0 && progress >= bytes / 4) allocationStart = GC.GetAllocatedBytesForCurrentThread();
                if (allocated < 0 && allocationStart >= 0 && progress >= bytes * 3 / 4)
                    allocated = GC.GetAllocatedBytesForCurrentThread() - allocationStart;

                if (aToB.LongestStallMs > StallLimitMs || bToA.LongestStallMs > StallLimitMs) throw new InvalidOperationException("stall");
                if (net.A.GetState(onA) != TcpState.Established || net.B.GetState(onB) != TcpState.Established)
                    throw new InvalidOperationException("left ESTABLISHED");
                if (moved) continue;  // let the stacks act on what the applications did, same moment
                if (!net.AdvanceToNextEvent(limit, ref same)) break;
            }
            }
            catch (Exception e) when (!(e is Xunit.Sdk.XunitException))
            {
                throw new Xunit.Sdk.XunitException("seed " + seed + ": " + e.Message + "\nA: " + net.A.GetState(onA) + " " +
                    net.A.GetEvents(onA) + ", B: " + net.B.GetState(onB) + " " + net.B.GetEvents(onB) + ", moved A->B " +
                    aToB.Received + ", B->A " + bToA.Received + "\n" + net.Describe());
            }
            wallClock.Stop();

            _output.WriteLine("seed {0}: {1} bytes each way in {2} ms virtual, {3} ms real; longest stall {4}/{5} ms; " +
                              "cable: {6} sent, {7} dropped, {8} duplicated, {9} reordered, {10} corrupted; " +
                              "A: {11} retransmissions, {12} fast, {13} RTO, {14} checksum errors; B: {15} retransmissions",
                seed, bytes, net.Now - started, wallClock.ElapsedMilliseconds, aToB.LongestStallMs, bToA.LongestStallMs,
                net.Cable.FramesSent, net.Cable.FramesDropped, net.Cable.FramesDuplicated, net.Cable.FramesReordered,
                net.Cable.FramesCorrupted, net.A.Counters.Retransmissions, net.A.Counters.FastRetransmits,
                net.A.Counters.RetransmitTimeouts, net.A.Counters.ChecksumErrors, net.B.Counters.Retransmissions);

            Assert.Equal(TcpState.Established, net.A.GetState(onA));
            Assert.Equal(TcpState.Established, net.B.GetState(onB));
            Assert.True(aToB.LongestStallMs <= StallLimitMs, "A->B stalled for " + aToB.LongestStallMs + " ms");
            Assert.True(bToA.LongestStallMs <= StallLimitMs, "B->A stalled for " + bToA.LongestStallMs + " ms");
            Assert.Equal(bytes, aToB.Received);
            Assert.Equal(bytes, bToA.Received);
            Assert.Equal(-1, aToB.FirstMismatch);
            Assert.Equal(-1, bToA.FirstMismatch);
            Assert.Equal(aToB.SentSha256(), aToB.ReceivedSha256());
            Assert.Equal(bToA.SentSha256(), bToA.ReceivedSha256());
            Assert.True(net.Cable.FramesDropped > 0 && net.Cable.FramesCorrupted > 0 && net.Cable.FramesReordered > 0
                        && net.Cable.FramesDuplicated > 0, "the faults must actually have happened");
            Assert.True(net.A.Counters.Retransmissions + net.B.Counters.Retransmissions > 0);
            Assert.Equal(0, allocated);
        }
    }
}
