using System;
using NanoTcp.Net;
using NanoTcp.Tests.Fixtures;
using NanoTcp.Tests.Net;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Wire
{
    /// <summary>
    /// Byte-exact checks against frames made by Scapy (Fixtures/make_fixtures.py): our checked
    /// parsers read them, our trusting writers reproduce them, and the interface's own output
    /// equals them (except fields a stack chooses itself: IP identification, DHCP xid, and the
    /// checksums covering those, which are then verified separately).
    /// </summary>
    public class FixtureTests
    {
        static readonly byte[] MacA = { 2, 0, 0, 0, 0, 0x0a };
        static readonly byte[] MacB = { 2, 0, 0, 0, 0, 0x0b };
        static readonly uint IpA = Ipv4Address.Make(192, 0, 2, 1);
        static readonly uint IpB = Ipv4Address.Make(192, 0, 2, 2);
        static readonly uint Mask24 = Ipv4Address.MaskFromPrefix(24);

        static NetworkInterface Interface(ScriptedDevice dev, uint ip)
        {
            var iface = new NetworkInterface(dev, new NetOptions());
            if (ip != 0) iface.SetStaticAddress(ip, Mask24, 0, 0);
            dev.Sent.Clear(); // the gratuitous ARP
            return iface;
        }

        /// <summary>Copies the fields a stack picks itself from actual into a copy of expected.</summary>
        static byte[] WithStackChosenFields(byte[] expected, byte[] actual, params (int offset, int length)[] fields)
        {
            byte[] e = (byte[])expected.Clone();
            foreach (var (o, n) in fields) Array.Copy(actual, o, e, o, n);
            return e;
        }

        const int IpIdField = 14 + 4, IpChecksumField = 14 + 10, UdpChecksumField = 34 + 6, XidField = 42 + 4;

        static void AssertIpAndTransportChecksumsVerify(byte[] frame)
        {
            var h = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(frame, 14, frame.Length - 14, h));
            uint sum = Checksum.AddPseudoHeader(0, h.Source, h.Destination, h.Protocol, h.PayloadLength);
            if (h.Protocol != Ipv4.ProtocolIcmp) Assert.Equal(0, Checksum.Finish(Checksum.Add(sum, frame, h.PayloadOffset, h.PayloadLength)));
            else Assert.Equal(0, Checksum.Compute(frame, h.PayloadOffset, h.PayloadLength));
        }

        // ---- ARP ----

        [Fact]
        public void Arp_request_parses()
        {
            byte[] f = Frames.Bytes(Frames.ArpRequest);
            Assert.Equal(Ethernet.EtherTypeArp, Ethernet.GetEtherType(f, 0));
            var a = new ArpPacket();
            Assert.Equal(ParseStatus.Ok, Arp.TryParse(f, 14, f.Length - 14, a));
            Assert.Equal(Arp.OperationRequest, a.Operation);
            Assert.Equal(IpA, a.SenderIp);
            Assert.Equal(IpB, a.TargetIp);
            Assert.Same(f, a.SenderHardware);
            Assert.True(Ethernet.SameAddress(f, a.SenderHardwareOffset, MacA, 0));
            Assert.Equal(14 + Arp.TargetHardwareOffset, a.TargetHardwareOffset);
        }

        [Fact]
        public void Arp_writer_reproduces_the_request()
        {
            byte[] b = new byte[60];
            Ethernet.WriteBroadcast(b, 0);
            Ethernet.WriteHeader(b, 0, b, 0, MacA, Ethernet.EtherTypeArp);
            Arp.Write(b, 14, new ArpPacket { Operation = Arp.OperationRequest, SenderHardware = MacA, SenderIp = IpA, TargetIp = IpB });
            Assert.Equal(Frames.Bytes(Frames.ArpRequest), b);
        }

        [Fact]
        public void Interface_answers_the_request_with_exactly_the_reference_reply()
        {
            var dev = new ScriptedDevice(MacB);
            var b = Interface(dev, IpB);
            dev.Inbox.Enqueue(Frames.Bytes(Frames.ArpRequest));
            b.Poll(1);
            Assert.Single(dev.Sent);
            Assert.Equal(Frames.Bytes(Frames.ArpReply), dev.Sent[0]);
        }

        [Fact]
        public void Interface_sends_the_reference_request_and_learns_from_the_reference_reply()
        {
            var dev = new ScriptedDevice(MacA);
            var a = Interface(dev, IpA);
            a.Ping(IpB, 7, 1, 1);
            Assert.Equal(Frames.Bytes(Frames.ArpRequest), dev.Sent[0]);
            dev.Inbox.Enqueue(Frames.Bytes(Frames.ArpReply));
            a.Poll(2);
            Assert.Equal(2, dev.Sent.Count); // the held echo request went out
            byte[] expected = Frames.Bytes(Frames.IcmpEchoRequest);
            Assert.Equal(WithStackChosenFields(expected, dev.Sent[1], (IpIdField, 2), (IpChecksumField, 2)), dev.Sent[1]);
            AssertIpAndTransportChecksumsVerify(dev.Sent[1]);
        }

        [Fact]
        public void SetStaticAddress_sends_the_reference_gratuitous_ARP()
        {
            var dev = new ScriptedDevice(MacA);
            var a = new NetworkInterface(dev, new NetOptions());
            a.SetStaticAddress(IpA, Mask24, 0, 0);
            Assert.Single(dev.Sent);
            Assert.Equal(Frames.Bytes(Frames.ArpGratuitous), dev.Sent[0]);
        }

        // ---- ICMP ----

        [Fact]
        public void Echo_request_parses_and_its_checksums_verify()
        {
            byte[] f = Frames.Bytes(Frames.IcmpEchoRequest);
            var h = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(f, 14, f.Length - 14, h));
            Assert.Equal(Ipv4.ProtocolIcmp, h.Protocol);
            Assert.Equal(IpA, h.Source);
            Assert.Equal(IpB, h.Destination);
            Assert.Equal(1, h.Identification);
            Assert.Equal(64, h.TimeToLive);
            Assert.Equal(40, h.PayloadLength);
            var m = new IcmpMessage();
            Assert.Equal(ParseStatus.Ok, Icmp.TryParse(f, h.PayloadOffset, h.PayloadLength, m));
            Assert.Equal(Icmp.TypeEchoRequest, m.Type);
            Assert.Equal(0, m.Code);
            Assert.Equal(7, m.Identifier);
            Assert.Equal(1, m.Sequence);
            Assert.Equal(h.PayloadOffset + 8, m.PayloadOffset);
            Assert.Equal(32, m.PayloadLength);
            f[h.PayloadOffset + 20] ^= 4;
            Assert.Equal(ParseStatus.BadChecksum, Icmp.TryParse(f, h.PayloadOffset, h.PayloadLength, m));
            Assert.Equal(ParseStatus.Truncated, Icmp.TryParse(f, h.PayloadOffset, 7, m));
        }

        [Fact]
        public void Ipv4_and_Icmp_writers_reproduce_the_echo_request()
        {
            byte[] expected = Frames.Bytes(Frames.IcmpEchoRequest);
            byte[] b = new byte[expected.Length];
            Ethernet.WriteHeader(b, 0, MacB, 0, MacA, Ethernet.EtherTypeIpv4);
            for (int i = 0; i < 32; i++) b[42 + i] = (byte)('a' + i % 23);
            var echo = new IcmpMessage { PayloadLength = 32 };
            echo.SetEcho(Icmp.TypeEchoRequest, 7, 1);
            Icmp.Write(b, 34, echo);
            Ipv4.Write(b, 14, new Ipv4Header { PayloadLength = 40, Identification = 1, TimeToLive = 64, Protocol = Ipv4.ProtocolIcmp, Source = IpA, Destination = IpB });
            Assert.Equal(expected, b);
        }

        [Fact]
        public void Interface_answers_the_echo_request_with_the_reference_reply()
        {
            var dev = new ScriptedDevice(MacB);
            var b = Interface(dev, IpB);
            dev.Inbox.Enqueue(Frames.Bytes(Frames.ArpRequest)); // B learns A's MAC (RFC 826)
            dev.Inbox.Enqueue(Frames.Bytes(Frames.IcmpEchoRequest));
            b.Poll(1);
            Assert.Equal(2, dev.Sent.Count);
            byte[] reply = dev.Sent[1];
            byte[] expected = Frames.Bytes(Frames.IcmpEchoReply);
            Assert.Equal(WithStackChosenFields(expected, reply, (IpIdField, 2), (IpChecksumField, 2)), reply);
            AssertIpAndTransportChecksumsVerify(reply);
        }

        // ---- UDP ----

        [Fact]
        public void Udp_parses_and_the_writers_reproduce_it()
        {
            byte[] f = Frames.Bytes(Frames.Udp);
            var h = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(f, 14, f.Length - 14, h));
            var d = new UdpDatagram();
            Assert.Equal(ParseStatus.Ok, Udp.TryParse(f, h.PayloadOffset, h.PayloadLength, h.Source, h.Destination, d));
            Assert.Equal(49152, d.SourcePort);
            Assert.Equal(5000, d.DestinationPort);
            Assert.Equal(8 + 14, d.Length);
            Assert.Equal(42, d.PayloadOffset);
            Assert.Equal(14, d.PayloadLength);
            Assert.True(d.HasChecksum);

            byte[] b = new byte[f.Length];
            Ethernet.WriteHeader(b, 0, MacB, 0, MacA, Ethernet.EtherTypeIpv4);
            System.Text.Encoding.ASCII.GetBytes("hello, NanoTcp").CopyTo(b, 42);
            Udp.Write(b, 34, new UdpDatagram { SourcePort = 49152, DestinationPort = 5000, PayloadLength = 14 }, IpA, IpB);
            Ipv4.Write(b, 14, new Ipv4Header { PayloadLength = 22, Identification = 1, TimeToLive = 64, Protocol = Ipv4.ProtocolUdp, Source = IpA, Destination = IpB });
            Assert.Equal(f, b);
        }

        [Fact]
        public void Udp_with_one_flipped_payload_bit_fails_its_checksum()
        {
            byte[] f = Frames.Bytes(Frames.Udp);
            f[45] ^= 0x10;
            Assert.Equal(ParseStatus.BadChecksum, Udp.TryParse(f, 34, f.Length - 34, IpA, IpB, new UdpDatagram()));
        }

        [Fact]
        public void UdpSocket_sends_the_reference_datagram()
        {
            var dev = new ScriptedDevice(MacA);
            var a = Interface(dev, IpA);
            dev.Inbox.Enqueue(Frames.Bytes(Frames.ArpReply));
            a.Poll(0); // A is the reply's target, so it learns B's MAC (RFC 826)
            dev.Sent.Clear();
            UdpSocket s = a.OpenUdp(49152);
            byte[] data = System.Text.Encoding.ASCII.GetBytes("hello, NanoTcp");
            Assert.True(s.SendTo(IpB, 5000, data, 0, data.Length, 1));
            byte[] sent = dev.Sent[^1];
            byte[] expected = Frames.Bytes(Frames.Udp);
            Assert.Equal(WithStackChosenFields(expected, sent, (IpIdField, 2), (IpChecksumField, 2)), sent);
            AssertIpAndTransportChecksumsVerify(sent);
        }

        // ---- DHCP ----

        static DhcpMessage ParseDhcp(string hex)
        {
            byte[] f = Frames.Bytes(hex);
            var h = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(f, 14, f.Length - 14, h));
            var d = new UdpDatagram();
            Assert.Equal(ParseStatus.Ok, Udp.TryParse(f, h.PayloadOffset, h.PayloadLength, h.Source, h.Destination, d));
            var m = new DhcpMessage();
            Assert.Equal(ParseStatus.Ok, Dhcp.TryParse(f, d.PayloadOffset, d.PayloadLength, m));
            Assert.Same(f, m.ClientHardware);
            Assert.Equal(0x12345678u, m.TransactionId);
            Assert.Equal(42 + Dhcp.ClientHardwareOffset, m.ClientHardwareOffset);
            Assert.True(Ethernet.SameAddress(f, m.ClientHardwareOffset, MacA, 0));
            return m;
        }

        [Fact]
        public void Dhcp_client_messages_parse()
        {
            DhcpMessage d = ParseDhcp(Frames.DhcpDiscover);
            Assert.Equal(Dhcp.OpRequest, d.Op);
            Assert.Equal(Dhcp.Discover, d.MessageType);
            DhcpMessage r = ParseDhcp(Frames.DhcpRequest);
            Assert.Equal(Dhcp.Request, r.MessageType);
            Assert.Equal(IpA, r.RequestedAddress);
            Assert.Equal(IpB, r.ServerIdentifier);
        }

        [Theory]
        [InlineData(nameof(Frames.DhcpOffer), Dhcp.Offer)]
        [InlineData(nameof(Frames.DhcpAck), Dhcp.Ack)]
        public void Dhcp_offer_and_ack_parse_with_every_lease_option(string name, int type)
        {
            DhcpMessage m = ParseDhcp((string)typeof(Frames).GetField(name).GetValue(null));
            Assert.Equal(Dhcp.OpReply, m.Op);
            Assert.Equal(type, m.MessageType);
            Assert.Equal(IpA, m.YourAddress);
            Assert.Equal(IpB, m.ServerIdentifier);
            Assert.Equal(3600, m.LeaseSeconds);
            Assert.Equal(1800, m.RenewalSeconds);
            Assert.Equal(3150, m.RebindingSeconds);
            Assert.Equal(Mask24, m.SubnetMask);
            Assert.Equal(IpB, m.Router);
            Assert.Equal(Ipv4Address.Make(192, 0, 2, 53), m.DnsServer);
        }

        [Fact]
        public void Dhcp_nak_parses()
        {
            DhcpMessage m = ParseDhcp(Frames.DhcpNak);
            Assert.Equal(Dhcp.Nak, m.MessageType);
            Assert.Equal(IpB, m.ServerIdentifier);
            Assert.Equal(0u, m.YourAddress);
            Assert.Equal(-1, m.LeaseSeconds);
        }

        [Fact]
        public void Dhcp_parser_refuses_truncated_options_without_throwing()
        {
            byte[] f = Frames.Bytes(Frames.DhcpAck);
            int len = NetworkOrder.ReadUInt16(f, 34 + Udp.LengthOffset) - 8;
            var m = new DhcpMessage();
            for (int cut = 0; cut < len; cut++)
            {
                ParseStatus r = Dhcp.TryParse(f, 42, cut, m); // must not throw
                Assert.Equal(ParseStatus.Truncated, r);     // too short, an option cut, or no End
            }
            Assert.Equal(ParseStatus.Ok, Dhcp.TryParse(f, 42, len, m));
            f[42 + Dhcp.MagicCookieOffset] ^= 1;
            Assert.Equal(ParseStatus.Unsupported, Dhcp.TryParse(f, 42, len, m));
        }

        /// <summary>Client output vs the reference; xid, IP id and the checksums over them are the stack's own.</summary>
        static void AssertDhcpClientFrame(string reference, byte[] sent)
        {
            byte[] expected = Frames.Bytes(reference);
            Assert.Equal(expected.Length, sent.Length);
            Assert.Equal(WithStackChosenFields(expected, sent, (IpIdField, 2), (IpChecksumField, 2), (UdpChecksumField, 2), (XidField, 4)), sent);
            AssertIpAndTransportChecksumsVerify(sent);
        }

        /// <summary>A server frame re-addressed to the client's transaction (xid and UDP checksum redone).</summary>
        static byte[] ServerFrame(string reference, uint xid)
        {
            byte[] f = Frames.Bytes(reference);
            NetworkOrder.WriteUInt32(f, XidField, xid);
            Udp.Write(f, 34, new UdpDatagram { SourcePort = 67, DestinationPort = 68, PayloadLength = NetworkOrder.ReadUInt16(f, 34 + Udp.LengthOffset) - 8 }, IpB, 0xFFFFFFFF);
            return f;
        }

        [Fact]
        public void Dhcp_client_exchange_matches_the_reference_frames()
        {
            var dev = new ScriptedDevice(MacA);
            var a = new NetworkInterface(dev, new NetOptions());
            a.StartDhcp(0);
            a.Poll(0);
            Assert.Single(dev.Sent);
            AssertDhcpClientFrame(Frames.DhcpDiscover, dev.Sent[0]);
            uint xid = NetworkOrder.ReadUInt32(dev.Sent[0], XidField);

            dev.Inbox.Enqueue(ServerFrame(Frames.DhcpOffer, xid));
            a.Poll(10);
            Assert.Equal(2, dev.Sent.Count);
            AssertDhcpClientFrame(Frames.DhcpRequest, dev.Sent[1]);
            Assert.Equal(xid, NetworkOrder.ReadUInt32(dev.Sent[1], XidField)); // RFC 2131 4.4.1: same xid as the offer

            dev.Inbox.Enqueue(ServerFrame(Frames.DhcpAck, xid));
            a.Poll(20);
            Assert.Equal(DhcpState.Bound, a.Dhcp.State);
            Assert.Equal(IpA, a.LocalAddress);
            Assert.Equal(Mask24, a.SubnetMask);
            Assert.Equal(IpB, a.Gateway);
            Assert.Equal(Ipv4Address.Make(192, 0, 2, 53), a.DnsServer);
            Assert.Equal(10 + 1800 * 1000L, a.Dhcp.RenewAtMs); // lease counted from the REQUEST (t = 10)
            Assert.Equal(10 + 3150 * 1000L, a.Dhcp.RebindAtMs);
            Assert.Equal(10 + 3600 * 1000L, a.Dhcp.LeaseEndsAtMs);
            Assert.Equal(Frames.Bytes(Frames.ArpGratuitous), dev.Sent[^1]); // announced on bind
        }

        [Fact]
        public void Dhcp_writers_reproduce_the_discover()
        {
            byte[] expected = Frames.Bytes(Frames.DhcpDiscover);
            byte[] b = new byte[expected.Length];
            Ethernet.WriteBroadcast(b, 0);
            Ethernet.WriteHeader(b, 0, b, 0, MacA, Ethernet.EtherTypeIpv4);
            int p = Dhcp.WriteHeader(b, 42, new DhcpMessage { Op = Dhcp.OpRequest, TransactionId = 0x12345678, ClientHardware = MacA });
            p = Dhcp.PutByte(b, p, Dhcp.OptionMessageType, Dhcp.Discover);
            byte[] clientId = { 1, 2, 0, 0, 0, 0, 0x0a };
            p = Dhcp.PutBytes(b, p, Dhcp.OptionClientIdentifier, clientId, 0, 7);
            p = Dhcp.PutUInt16(b, p, Dhcp.OptionMaximumMessageSize, 1500);
            byte[] prl = { 1, 3, 6, 51, 58, 59 };
            p = Dhcp.PutBytes(b, p, Dhcp.OptionParameterRequestList, prl, 0, 6);
            Dhcp.PutEnd(b, p);
            Udp.Write(b, 34, new UdpDatagram { SourcePort = 68, DestinationPort = 67, PayloadLength = 300 }, 0, 0xFFFFFFFF);
            Ipv4.Write(b, 14, new Ipv4Header { PayloadLength = 308, Identification = 1, TimeToLive = 64, Protocol = Ipv4.ProtocolUdp, Source = 0, Destination = 0xFFFFFFFF });
            Assert.Equal(expected, b);
        }

        // ---- TCP SYN (for the TCP engine's option parser; here only its IP and checksum) ----

        [Fact]
        public void Tcp_syn_fixture_has_valid_checksums_and_DF()
        {
            byte[] f = Frames.Bytes(Frames.TcpSynWithOptions);
            var h = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(f, 14, f.Length - 14, h));
            Assert.Equal(Ipv4.ProtocolTcp, h.Protocol);
            Assert.Equal(Ipv4.FlagDontFragment, h.Flags);
            Assert.Equal(20 + 20, h.PayloadLength); // 20-byte header + 20 bytes of options (incl. EOL padding)
            AssertIpAndTransportChecksumsVerify(f);
            Assert.Equal(0xFFFFFF00u, NetworkOrder.ReadUInt32(f, 34 + 4));
        }
    }
}
