using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Net
{
    public class PingUdpTests
    {
        [Fact]
        public void Ping_resolves_ARP_then_gets_an_echo_reply()
        {
            var p = new SimPair();
            Assert.True(p.A.Ping(SimPair.AddressB, 7, 1, p.Now));
            p.RunFor(10);
            Assert.Equal(1, p.A.Counters.IcmpEchoRepliesIn);
            Assert.Equal(SimPair.AddressB, p.A.LastEchoReplySource);
            Assert.Equal(7, p.A.LastEchoReplyIdentifier);
            Assert.Equal(1, p.A.LastEchoReplySequence);
            Assert.Equal(1, p.B.Counters.IcmpEchoRequestsIn);
            Assert.Equal(1, p.A.Counters.ArpRequestsSent);
            Assert.Equal(1, p.B.Counters.ArpRepliesSent);
            // B learned A from A's request (RFC 826: target is us -> add sender), so B sent no request.
            Assert.Equal(0, p.B.Counters.ArpRequestsSent);
            Assert.Equal(p.A.Counters.FramesIn, p.A.Counters.SumOfOutcomes());
            Assert.Equal(p.B.Counters.FramesIn, p.B.Counters.SumOfOutcomes());
        }

        [Fact]
        public void Udp_datagram_arrives_with_its_source_and_an_answer_goes_back()
        {
            var p = new SimPair();
            UdpSocket a = p.A.OpenUdp(0);
            UdpSocket b = p.B.OpenUdp(5000);
            byte[] msg = { 1, 2, 3, 4, 5 };
            Assert.True(a.SendTo(SimPair.AddressB, 5000, msg, 0, msg.Length, p.Now));
            p.RunFor(5);
            Assert.Equal(1, b.Available);
            byte[] got = new byte[100];
            Assert.Equal(5, b.ReceiveFrom(got, 0, got.Length));
            Assert.Equal(msg, got[..5]);
            Assert.Equal(SimPair.AddressA, b.RemoteAddress);
            Assert.Equal(a.LocalPort, b.RemotePort);
            Assert.Equal(-1, b.ReceiveFrom(got, 0, got.Length));

            Assert.True(b.SendTo(b.RemoteAddress, b.RemotePort, got, 0, 3, p.Now));
            p.RunFor(5);
            Assert.Equal(3, a.ReceiveFrom(got, 10, 90));
            Assert.Equal(SimPair.AddressB, a.RemoteAddress);
            Assert.Equal(5000, a.RemotePort);
        }

        [Fact]
        public void Udp_to_a_closed_port_gets_ICMP_port_unreachable()
        {
            var p = new SimPair();
            UdpSocket a = p.A.OpenUdp(4000);
            Assert.True(a.SendTo(SimPair.AddressB, 9, new byte[4], 0, 4, p.Now));
            p.RunFor(5);
            Assert.Equal(1, p.B.Counters.DroppedUdpNoPort);
            Assert.Equal(1, p.B.Counters.IcmpUnreachablesOut);
            Assert.Equal(1, p.A.Counters.IcmpErrorsIn);
            Assert.Equal(1, a.IcmpErrors);
            Assert.Equal(Icmp.TypeDestinationUnreachable, a.LastIcmpType);
            Assert.Equal(Icmp.CodePortUnreachable, a.LastIcmpCode);
        }

        [Fact]
        public void Udp_broadcast_to_a_closed_port_gets_no_ICMP_error()
        {
            var p = new SimPair();
            UdpSocket a = p.A.OpenUdp(4000);
            Assert.True(a.SendTo(Ipv4Address.Broadcast, 9, new byte[4], 0, 4, p.Now));
            Assert.True(a.SendTo(Ipv4Address.Make(192, 0, 2, 255), 9, new byte[4], 0, 4, p.Now));
            p.RunFor(5);
            Assert.Equal(2, p.B.Counters.DroppedUdpNoPort);
            Assert.Equal(0, p.B.Counters.IcmpUnreachablesOut);
        }
    }
}
