using System.Linq;
using NanoTcp.Net;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Net
{
    /// <summary>The RFC 2131 client against a scripted server over the cable, on the virtual clock.</summary>
    public class DhcpClientTests
    {
        static readonly uint Offered = Ipv4Address.Make(192, 0, 2, 10);

        sealed class Setup
        {
            public readonly SimPair P;
            public readonly TestDhcpServer Server;
            public readonly RecordingDevice ClientWire;

            public Setup(uint leaseSeconds = 3600)
            {
                RecordingDevice rec = null;
                P = new SimPair(configure: false, wrapA: d => rec = new RecordingDevice(d, null));
                ClientWire = rec;
                rec.Clock = P.Clock;
                P.B.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, P.Now);
                Server = new TestDhcpServer(P.B) { LeaseSeconds = leaseSeconds };
                P.AfterPoll = Server.Poll;
            }

            public NetworkInterface Client => P.A;

            /// <summary>DHCP messages the client sent: (time, IP destination, message type, ciaddr).</summary>
            public (long At, uint Dst, int Type, uint Ciaddr)[] ClientMessages()
            {
                var m = new DhcpMessage();
                var h = new Ipv4Header();
                return ClientWire.Sent
                    .Where(s => Ethernet.GetEtherType(s.Frame, 0) == Ethernet.EtherTypeIpv4
                                && Ipv4.TryParse(s.Frame, 14, s.Frame.Length - 14, h) == ParseStatus.Ok
                                && h.Protocol == Ipv4.ProtocolUdp && Udp.GetDestinationPort(s.Frame, h.PayloadOffset) == 67
                                && Dhcp.TryParse(s.Frame, h.PayloadOffset + 8, h.PayloadLength - 8, m) == ParseStatus.Ok)
                    .Select(s => (s.AtMs, h.Destination, m.MessageType, m.ClientAddress))
                    .ToArray();
            }
        }

        [Fact]
        public void Full_exchange_binds_the_offered_address_with_mask_gateway_and_timers()
        {
            var s = new Setup();
            s.Client.StartDhcp(s.P.Now);
            long start = s.P.Now;
            s.P.RunFor(100);
            Assert.Equal(DhcpState.Bound, s.Client.Dhcp.State);
            Assert.Equal(Offered, s.Client.LocalAddress);
            Assert.Equal(SimPair.Mask, s.Client.SubnetMask);
            Assert.Equal(SimPair.AddressB, s.Client.Gateway);
            Assert.Equal(SimPair.AddressB, s.Client.Dhcp.ServerAddress);
            Assert.Equal(3600, s.Client.Dhcp.LeaseSeconds);
            Assert.Equal(start + 1800_000, s.Client.Dhcp.RenewAtMs);
            Assert.Equal(start + 3150_000, s.Client.Dhcp.RebindAtMs);
            Assert.Equal(start + 3600_000, s.Client.Dhcp.LeaseEndsAtMs);
            Assert.Equal(new[] { Dhcp.Discover, Dhcp.Request }, s.ClientMessages().Select(m => m.Type).ToArray());
            Assert.All(s.ClientMessages(), m => Assert.Equal(Ipv4Address.Broadcast, m.Dst));
            Assert.Equal(1, s.Client.Counters.ArpGratuitousSent); // RFC 5227-style announcement on bind
            Assert.Equal(s.Client.Counters.FramesIn, s.Client.Counters.SumOfOutcomes());

            // The leased address works: B pings it.
            Assert.True(s.P.B.Ping(Offered, 1, 1, s.P.Now));
            s.P.RunFor(10);
            Assert.Equal(1, s.P.B.Counters.IcmpEchoRepliesIn);
        }

        [Fact]
        public void Nak_sends_the_client_back_to_discover_and_it_binds_on_the_second_round()
        {
            var s = new Setup();
            s.Server.NakCount = 1;
            s.Client.StartDhcp(s.P.Now);
            s.P.RunFor(100);
            Assert.Equal(DhcpState.Bound, s.Client.Dhcp.State);
            Assert.Equal(1, s.Client.Dhcp.NaksReceived);
            Assert.Equal(new[] { Dhcp.Discover, Dhcp.Request, Dhcp.Discover, Dhcp.Request }, s.ClientMessages().Select(m => m.Type).ToArray());
            Assert.Equal(Offered, s.Client.LocalAddress);
        }

        [Fact]
        public void Nak_while_renewing_drops_the_address()
        {
            var s = new Setup(leaseSeconds: 1000);
            s.Client.StartDhcp(s.P.Now);
            s.P.RunFor(100);
            s.Server.NakCount = 1;
            s.P.RunFor(500_000); // past T1 = 500 s: renew -> NAK -> INIT -> DISCOVER -> bound again
            Assert.Equal(1, s.Client.Dhcp.NaksReceived);
            Assert.Equal(2, s.Client.Dhcp.AcksReceived);
            Assert.Equal(DhcpState.Bound, s.Client.Dhcp.State);
        }

        [Fact]
        public void Renews_at_T1_with_a_unicast_request_carrying_ciaddr()
        {
            var s = new Setup(leaseSeconds: 1000);
            s.Client.StartDhcp(s.P.Now);
            long start = s.P.Now;
            s.P.RunFor(100);
            s.P.RunFor(start + 499_000 - s.P.Now);
            Assert.Equal(1, s.Server.Requests);
            s.P.RunFor(2_000);
            Assert.Equal(2, s.Server.Requests);
            var renew = s.ClientMessages().Last();
            Assert.Equal(Dhcp.Request, renew.Type);
            Assert.Equal(SimPair.AddressB, renew.Dst);     // RFC 2131 4.4.5: unicast to the server
            Assert.Equal(Offered, renew.Ciaddr);            // with ciaddr set
            Assert.InRange(renew.At, start + 500_000, start + 500_100);
            Assert.Equal(DhcpState.Bound, s.Client.Dhcp.State);
            Assert.Equal(renew.At + 500_000, s.Client.Dhcp.RenewAtMs); // new lease counted from the renew REQUEST
        }

        [Fact]
        public void Rebinds_at_T2_with_a_broadcast_request_when_the_server_stays_silent()
        {
            var s = new Setup(leaseSeconds: 1000);
            s.Client.StartDhcp(s.P.Now);
            long start = s.P.Now;
            s.P.RunFor(100);
            s.Server.Silent = true;
            s.P.RunFor(start + 900_000 - s.P.Now);
            Assert.Equal(DhcpState.Rebinding, s.Client.Dhcp.State);
            Assert.Equal(Offered, s.Client.LocalAddress); // still usable until the lease ends
            var msgs = s.ClientMessages();
            var renews = msgs.Where(m => m.Dst == SimPair.AddressB).ToArray();
            var rebind = msgs.Last();
            Assert.True(renews.Length >= 2, "renewing retransmits before T2");
            Assert.All(renews, m => Assert.InRange(m.At, start + 500_000, start + 875_000 - 1));
            Assert.Equal(Ipv4Address.Broadcast, rebind.Dst);
            Assert.Equal(Offered, rebind.Ciaddr);
            Assert.InRange(rebind.At, start + 875_000, start + 875_100);
            // RFC 2131 4.4.5: renewing retransmissions at least 60 s apart.
            for (int i = 1; i < renews.Length; i++) Assert.True(renews[i].At - renews[i - 1].At >= 60_000);

            s.Server.Silent = false;
            s.P.RunFor(90_000); // the next rebinding retransmission is answered
            Assert.Equal(DhcpState.Bound, s.Client.Dhcp.State);
            Assert.Equal(2, s.Client.Dhcp.AcksReceived);
        }

        [Fact]
        public void Lease_expiry_drops_the_address_and_restarts_discovery()
        {
            var s = new Setup(leaseSeconds: 1000);
            s.Client.StartDhcp(s.P.Now);
            long start = s.P.Now;
            s.P.RunFor(100);
            s.Server.Silent = true;
            s.P.RunFor(start + 999_000 - s.P.Now);
            Assert.Equal(Offered, s.Client.LocalAddress);
            s.P.RunFor(2_000);
            Assert.Equal(0u, s.Client.LocalAddress);
            Assert.Equal(1, s.Client.Dhcp.LeasesExpired);
            Assert.Equal(DhcpState.Selecting, s.Client.Dhcp.State);
            Assert.Equal(Dhcp.Discover, s.ClientMessages().Last().Type);
            // Sending now fails cleanly: no address, no route.
            Assert.False(s.Client.Ping(SimPair.AddressB, 1, 1, s.P.Now));
        }

        [Fact]
        public void Discover_is_retransmitted_with_exponential_backoff_capped_at_64_s()
        {
            var s = new Setup();
            s.Server.Silent = true;
            s.Client.StartDhcp(s.P.Now);
            s.P.RunFor(400_000);
            var at = s.ClientMessages().Select(m => m.At).ToArray();
            Assert.True(at.Length >= 7);
            int[] expected = { 4000, 8000, 16000, 32000, 64000, 64000 };
            for (int i = 0; i < expected.Length; i++)
                Assert.InRange(at[i + 1] - at[i], expected[i] - 1000, expected[i] + 1000); // RFC 2131 4.1: +-1 s
            Assert.Equal(DhcpState.Selecting, s.Client.Dhcp.State);
        }

        [Fact]
        public void SetStaticAddress_stops_the_client()
        {
            var s = new Setup();
            s.Server.Silent = true;
            s.Client.StartDhcp(s.P.Now);
            s.P.RunFor(1000);
            s.Client.SetStaticAddress(Ipv4Address.Make(192, 0, 2, 77), SimPair.Mask, 0, s.P.Now);
            int sent = s.ClientMessages().Length;
            s.P.RunFor(200_000);
            Assert.Equal(sent, s.ClientMessages().Length);
            Assert.Equal(DhcpState.Off, s.Client.Dhcp.State);
            Assert.Equal(Ipv4Address.Make(192, 0, 2, 77), s.Client.LocalAddress);
        }
    }
}
