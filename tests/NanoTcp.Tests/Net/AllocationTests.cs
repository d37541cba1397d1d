using System;
using NanoTcp.Drivers;
using NanoTcp.Net;
using Xunit;

namespace NanoTcp.Tests.Net
{
    /// <summary>Zero allocation after construction on the packet, timer and socket paths.</summary>
    public class AllocationTests
    {
        [Fact]
        public void Ten_thousand_ping_and_udp_rounds_allocate_nothing()
        {
            // Faults on: drops make ARP retry and expire, duplicates and reordering reach the
            // receive paths twice or late; the rounds are 40 ms apart so ARP entries (lifetime
            // 5 min) expire and are resolved again several times within the run.
            var p = new SimPair(new CableOptions { Seed = 7, DropRate = 0.02, DuplicateRate = 0.02, ReorderRate = 0.02, DelayMs = 1 });
            UdpSocket a = p.A.OpenUdp(40000);
            UdpSocket b = p.B.OpenUdp(7);
            byte[] payload = new byte[200];
            byte[] rx = new byte[1500];
            for (int i = 0; i < payload.Length; i++) payload[i] = (byte)i;

            int echoed = 0, answered = 0;
            void Round(int i)
            {
                p.A.Ping(SimPair.AddressB, 0x55, i, p.Now);
                a.SendTo(SimPair.AddressB, 7, payload, 0, 1 + i % payload.Length, p.Now);
                p.RunFor(20);
                int n;
                while ((n = b.ReceiveFrom(rx, 0, rx.Length)) >= 0) { b.SendTo(b.RemoteAddress, b.RemotePort, rx, 0, n, p.Now); echoed++; }
                p.RunFor(20);
                while (a.ReceiveFrom(rx, 0, rx.Length) >= 0) answered++;
            }

            for (int i = 0; i < 200; i++) Round(i); // warm-up: JIT, first ARP
            long repliesBefore = p.A.Counters.IcmpEchoRepliesIn;
            long arpBefore = p.A.Counters.ArpRequestsSent + p.B.Counters.ArpRequestsSent;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 200; i < 10_200; i++) Round(i);
            long after = GC.GetAllocatedBytesForCurrentThread();

            Assert.Equal(0, after - before);
            // The rounds did real work: most pings and datagrams made it through a lossy cable.
            Assert.InRange(p.A.Counters.IcmpEchoRepliesIn - repliesBefore, 9_000, 10_400);
            Assert.InRange(answered, 9_000, 10_600);
            // 10,000 rounds of 40 ms = 400 s > the 300 s ARP lifetime: entries expired and were resolved again.
            Assert.True(p.A.Counters.ArpRequestsSent + p.B.Counters.ArpRequestsSent > arpBefore, "ARP entries expired and were resolved again");
            Assert.True(p.Cable.FramesDropped > 0 && p.Cable.FramesDuplicated > 0 && p.Cable.FramesReordered > 0);
            Assert.Equal(p.A.Counters.FramesIn, p.A.Counters.SumOfOutcomes());
            Assert.Equal(p.B.Counters.FramesIn, p.B.Counters.SumOfOutcomes());
        }
    }
}
