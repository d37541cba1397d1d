using System;
using System.IO;
using NanoTcp.Tcp;
using NanoTcp.Testing;
using Xunit;

namespace NanoTcp.TestKit.Tests
{
    /// <summary>The kit's own behaviour: time, waits, idleness, failure pcaps, links.</summary>
    public class VirtualNetworkTests
    {
        [Fact]
        public void AdvanceTime_moves_the_clock_exactly()
        {
            using var net = new VirtualNetwork(startMs: 5000);
            net.AddDevice("d", DeviceNic.MockNic, "192.0.2.2");
            net.AdvanceTime(12_345);
            Assert.Equal(17_345, net.NowMs);
        }

        [Fact]
        public void RunUntil_that_never_holds_throws_with_a_pcap_that_exists()
        {
            using var net = new VirtualNetwork(nameof(RunUntil_that_never_holds_throws_with_a_pcap_that_exists));
            net.PcapDirectory = Path.Combine(Path.GetTempPath(), "nanotcp-kit-tests-" + Guid.NewGuid().ToString("N"));
            var device = net.AddDevice("d", DeviceNic.MockNic, "192.0.2.2");
            var pc = net.AddHost("pc", "192.0.2.1");
            pc.Interface.Ping(device.Address, 1, 1, net.NowMs);
            try
            {
                var e = Assert.Throws<TestKitException>(() => net.RunUntil(() => false, 2000, "something that never happens"));
                Assert.Contains("something that never happens", e.Message);
                Assert.NotNull(e.PcapPath);
                Assert.Contains(e.PcapPath!, e.Message);
                byte[] pcap = File.ReadAllBytes(e.PcapPath!);
                Assert.Equal(new byte[] { 0xD4, 0xC3, 0xB2, 0xA1 }, pcap[..4]); // classic pcap magic, little-endian
                Assert.True(pcap.Length > 24 + 16, "the pcap holds the ARP and ICMP frames");
                Assert.Equal(2000 + 1000, net.NowMs); // the bound is virtual time, reached exactly
            }
            finally { Directory.Delete(net.PcapDirectory, true); }
        }

        [Fact]
        public void Verify_turns_a_failed_assertion_into_a_failure_with_the_pcap()
        {
            using var net = new VirtualNetwork(nameof(Verify_turns_a_failed_assertion_into_a_failure_with_the_pcap));
            net.PcapDirectory = Path.Combine(Path.GetTempPath(), "nanotcp-kit-tests-" + Guid.NewGuid().ToString("N"));
            try
            {
                var e = Assert.Throws<TestKitException>(() => net.Verify(() => Assert.Equal(1, 2)));
                Assert.True(File.Exists(e.PcapPath));
                Assert.Contains("pcap of the network", e.Message);
                net.Verify(() => Assert.Equal(1, 1)); // and a passing block passes
            }
            finally { Directory.Delete(net.PcapDirectory, true); }
        }

        [Fact]
        public void RunUntilIdle_returns_while_TIME_WAIT_still_runs()
        {
            using var net = new VirtualNetwork();
            var device = net.AddDevice("d", DeviceNic.MockNic, "192.0.2.2");
            var pc = net.AddHost("pc", "192.0.2.1");
            int listener = device.Tcp.Listen(7);
            HostConnection c = pc.Connect("192.0.2.2", 7);
            int accepted = TcpStack.NoHandle;
            net.RunUntil(() => (accepted = device.Tcp.Accept(listener)) != TcpStack.NoHandle, 1000, "the device to accept");
            c.Close();
            net.RunUntil(() => (device.Tcp.GetEvents(accepted) & TcpEvents.PeerClosed) != 0, 5000);
            device.Tcp.Close(accepted);
            net.RunUntilIdle();
            Assert.Equal(1, pc.Tcp.CountInState(TcpState.TimeWait));
            Assert.Empty(device.Connections);
        }

        [Fact]
        public void An_unplugged_link_carries_nothing_until_plugged_again()
        {
            using var net = new VirtualNetwork();
            var device = net.AddDevice("d", DeviceNic.W5500, "192.0.2.2");
            var pc = net.AddHost("pc", "192.0.2.1");
            device.Link.LinkUp = false;
            device.W5500Chip!.SetLink(false);
            pc.Interface.Ping(device.Address, 7, 1, net.NowMs);
            net.AdvanceTime(3000);
            Assert.NotEqual(device.Address, pc.Interface.LastEchoReplySource);
            Assert.False(device.Interface.Device.LinkUp);

            device.Link.LinkUp = true;
            device.W5500Chip.SetLink(true);
            pc.Interface.Ping(device.Address, 7, 2, net.NowMs);
            net.RunUntil(() => pc.Interface.LastEchoReplySequence == 2, 5000, "the echo reply");
            Assert.True(device.Interface.Device.LinkUp);
        }

        [Fact]
        public void The_switch_delivers_unicast_only_to_its_destination()
        {
            using var net = new VirtualNetwork();
            var device = net.AddDevice("d", DeviceNic.MockNic, "192.0.2.2");
            var pc = net.AddHost("pc", "192.0.2.1");
            var bystander = net.AddRawPeer("bystander", "192.0.2.3");
            int listener = device.Tcp.Listen(80);
            pc.Connect("192.0.2.2", 80).Send("hello");
            net.AdvanceTime(1000);
            Assert.Empty(bystander.Received); // TCP went switch port to switch port, not flooded
            Assert.True(net.FramesForwarded >= 5);
        }
    }
}
