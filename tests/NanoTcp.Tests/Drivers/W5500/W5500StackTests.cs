using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;
using NanoTcp.Simulation.W5500;
using NanoTcp.Tests.Net;
using Xunit;

namespace NanoTcp.Tests.Drivers.W5500
{
    /// <summary>Whole stacks on simulated W5500s joined by the in-memory cable.</summary>
    public class W5500StackTests
    {
        private static INetDevice OnW5500(INetDevice cableEnd, byte last, out W5500Chip chip, out W5500Device device)
        {
            chip = new W5500Chip(cableEnd);
            device = new W5500Device(chip, new byte[] { 0x02, 0x55, 0, 0, 0, last });
            device.Initialize();
            return device;
        }

        [Fact]
        public void Ping_between_two_stacks_on_simulated_w5500s()
        {
            W5500Chip chipA = null, chipB = null;
            W5500Device devA = null, devB = null;
            var p = new SimPair(wrapA: end => OnW5500(end, 1, out chipA, out devA),
                                wrapB: end => OnW5500(end, 2, out chipB, out devB));
            for (int seq = 1; seq <= 5; seq++)
            {
                Assert.True(p.A.Ping(SimPair.AddressB, 9, seq, p.Now));
                p.RunFor(10);
            }
            Assert.Equal(5, p.A.Counters.IcmpEchoRepliesIn);
            Assert.Equal(5, p.A.LastEchoReplySequence);
            Assert.Equal(0, devA.Counters.Errors + devB.Counters.Errors);
            Assert.Equal(0, chipA.RxOverflowDrops + chipB.RxOverflowDrops);
        }

        [Fact]
        public void Udp_datagrams_of_all_sizes_cross_simulated_w5500s()
        {
            W5500Chip chipA = null, chipB = null;
            W5500Device devA = null, devB = null;
            var p = new SimPair(wrapA: end => OnW5500(end, 1, out chipA, out devA),
                                wrapB: end => OnW5500(end, 2, out chipB, out devB));
            UdpSocket a = p.A.OpenUdp(0);
            UdpSocket b = p.B.OpenUdp(7000);
            var got = new byte[2000];
            foreach (int size in new[] { 1, 18, 100, 1000, 1472 }) // 1472 = 1514 - 14 - 20 - 8
            {
                var msg = new byte[size];
                for (int i = 0; i < size; i++) msg[i] = (byte)(i * 7 + size);
                Assert.True(a.SendTo(SimPair.AddressB, 7000, msg, 0, size, p.Now) || RetryAfterArp(p, a, msg));
                p.RunFor(5);
                Assert.Equal(size, b.ReceiveFrom(got, 0, got.Length));
                Assert.Equal(msg, got[..size]);
            }
            Assert.Equal(0, devA.Counters.Errors + devB.Counters.Errors);
        }

        private static bool RetryAfterArp(SimPair p, UdpSocket a, byte[] msg)
        {
            p.RunFor(5);
            return a.SendTo(SimPair.AddressB, 7000, msg, 0, msg.Length, p.Now);
        }
    }
}
