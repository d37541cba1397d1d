using System;
using NanoTcp.Tests.Fixtures;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Wire
{
    /// <summary>
    /// Wire/README.md's contract, the same for every protocol: TryParse(b, offset, length,
    /// [pseudo-header,] into) answers a ParseStatus, never throws, refuses a null buffer or a
    /// range outside it as Truncated, and reports a checksum that does not verify as
    /// BadChecksum with the fields filled all the same.
    /// </summary>
    public class ParseShapeTests
    {
        static readonly uint IpA = Ipv4Address.Make(192, 0, 2, 1);
        static readonly uint IpB = Ipv4Address.Make(192, 0, 2, 2);

        // Every checked parse of Wire, over one buffer range, by name.
        static ParseStatus Run(string protocol, byte[] b, int offset, int length, uint source = 0, uint destination = 0)
        {
            switch (protocol)
            {
                case "Ethernet": return Ethernet.TryParse(b, offset, length, new EthernetHeader());
                case "Arp": return Arp.TryParse(b, offset, length, new ArpPacket());
                case "Ipv4": return Ipv4.TryParse(b, offset, length, new Ipv4Header());
                case "Icmp": return Icmp.TryParse(b, offset, length, new IcmpMessage());
                case "Udp": return Udp.TryParse(b, offset, length, source, destination, new UdpDatagram());
                case "Tcp": return TcpHeader.TryParse(b, offset, length, source, destination, new TcpSegment());
                case "Dhcp": return Dhcp.TryParse(b, offset, length, new DhcpMessage());
                default: throw new ArgumentException(protocol);
            }
        }

        public static TheoryData<string> Protocols => new TheoryData<string> { "Ethernet", "Arp", "Ipv4", "Icmp", "Udp", "Tcp", "Dhcp" };

        [Theory]
        [MemberData(nameof(Protocols))]
        public void A_null_buffer_or_a_range_outside_it_is_Truncated(string protocol)
        {
            var b = new byte[400];
            Assert.Equal(ParseStatus.Truncated, Run(protocol, null, 0, 300));
            Assert.Equal(ParseStatus.Truncated, Run(protocol, b, -1, 300));
            Assert.Equal(ParseStatus.Truncated, Run(protocol, b, 200, 300));
            Assert.Equal(ParseStatus.Truncated, Run(protocol, b, 0, 401));
            Assert.Equal(ParseStatus.Truncated, Run(protocol, b, 0, 0));
            Assert.Equal(ParseStatus.Truncated, Run(protocol, b, 400, 0));
        }

        [Theory]
        [MemberData(nameof(Protocols))]
        public void Random_bytes_never_throw(string protocol)
        {
            var rng = new Random(protocol.Length * 7919);
            var b = new byte[600];
            for (int i = 0; i < 20_000; i++)
            {
                rng.NextBytes(b);
                if (i % 3 == 0) b[0] = 0x45;                         // IPv4-looking
                if (i % 5 == 0) { b[12] = 0x50; b[13] = 0x12; }       // TCP data offset 5
                int offset = rng.Next(0, 40), length = rng.Next(0, b.Length - offset + 1);
                ParseStatus r = Run(protocol, b, offset, length, IpA, IpB);
                Assert.True(Enum.IsDefined(typeof(ParseStatus), r));
            }
        }

        [Fact]
        public void One_flipped_bit_is_BadChecksum_with_the_fields_filled_for_every_checksummed_protocol()
        {
            // IPv4 header checksum.
            byte[] f = Frames.Bytes(Frames.IcmpEchoRequest);
            f[14 + 8] ^= 1;                                            // TTL
            var ip = new Ipv4Header();
            Assert.Equal(ParseStatus.BadChecksum, Ipv4.TryParse(f, 14, f.Length - 14, ip));
            Assert.Equal(IpA, ip.Source);
            Assert.Equal(Ipv4.ProtocolIcmp, ip.Protocol);

            // ICMP over the whole message.
            f = Frames.Bytes(Frames.IcmpEchoRequest);
            f[34 + 8 + 3] ^= 0x40;                                     // a data byte
            var icmp = new IcmpMessage();
            Assert.Equal(ParseStatus.BadChecksum, Icmp.TryParse(f, 34, f.Length - 34, icmp));
            Assert.Equal(Icmp.TypeEchoRequest, icmp.Type);
            Assert.Equal(7, icmp.Identifier);

            // UDP over pseudo-header, header and data.
            f = Frames.Bytes(Frames.Udp);
            var udp = new UdpDatagram();
            Assert.Equal(ParseStatus.Ok, Udp.TryParse(f, 34, f.Length - 34, IpA, IpB, udp));
            Assert.Equal(ParseStatus.BadChecksum, Udp.TryParse(f, 34, f.Length - 34, IpA, IpA, udp)); // wrong pseudo-header
            Assert.Equal(5000, udp.DestinationPort);

            // TCP over pseudo-header, header and data (MUST-3).
            f = Frames.Bytes(Frames.TcpSynWithOptions);
            var tcp = new TcpSegment();
            uint src = NanoTcp.Wire.NetworkOrder.ReadUInt32(f, 26), dst = NanoTcp.Wire.NetworkOrder.ReadUInt32(f, 30);
            Assert.Equal(ParseStatus.Ok, TcpHeader.TryParse(f, 34, f.Length - 34, src, dst, tcp));
            f[34 + 14] ^= 2;                                           // window
            Assert.Equal(ParseStatus.BadChecksum, TcpHeader.TryParse(f, 34, f.Length - 34, src, dst, tcp));
            Assert.Equal(0xFFFFFF00u, tcp.Sequence);
            Assert.Equal(TcpFlags.Syn, tcp.Flags);
        }

        [Fact]
        public void Udp_without_a_checksum_is_accepted_as_IPv4_allows()
        {
            byte[] f = Frames.Bytes(Frames.Udp);
            f[34 + Udp.ChecksumOffset] = 0;
            f[34 + Udp.ChecksumOffset + 1] = 0;
            var d = new UdpDatagram();
            Assert.Equal(ParseStatus.Ok, Udp.TryParse(f, 34, f.Length - 34, IpA, IpA, d));
            Assert.False(d.HasChecksum);
        }

        [Fact]
        public void Udp_length_field_below_8_is_Malformed_and_past_the_payload_Truncated()
        {
            byte[] f = Frames.Bytes(Frames.Udp);
            NetworkOrder.WriteUInt16(f, 34 + Udp.LengthOffset, 7);
            Assert.Equal(ParseStatus.Malformed, Udp.TryParse(f, 34, f.Length - 34, IpA, IpB, new UdpDatagram()));
            NetworkOrder.WriteUInt16(f, 34 + Udp.LengthOffset, f.Length - 34 + 1);
            Assert.Equal(ParseStatus.Truncated, Udp.TryParse(f, 34, f.Length - 34, IpA, IpB, new UdpDatagram()));
        }

        [Fact]
        public void Arp_for_another_hardware_or_protocol_or_operation_is_Unsupported()
        {
            var p = new ArpPacket();
            byte[] f = Frames.Bytes(Frames.ArpRequest);
            Assert.Equal(ParseStatus.Ok, Arp.TryParse(f, 14, f.Length - 14, p));
            Assert.Equal(ParseStatus.Truncated, Arp.TryParse(f, 14, Arp.PacketLength - 1, p));
            foreach (int at in new[] { Arp.HardwareTypeOffset + 1, Arp.ProtocolTypeOffset, Arp.HardwareLengthOffset, Arp.ProtocolLengthOffset, Arp.OperationOffset + 1 })
            {
                f = Frames.Bytes(Frames.ArpRequest);
                f[14 + at] ^= 0x04;
                Assert.Equal(ParseStatus.Unsupported, Arp.TryParse(f, 14, f.Length - 14, p));
            }
        }

        [Fact]
        public void Ethernet_header_reports_type_group_and_broadcast()
        {
            byte[] f = Frames.Bytes(Frames.ArpRequest);
            var e = new EthernetHeader();
            Assert.Equal(ParseStatus.Ok, Ethernet.TryParse(f, 0, f.Length, e));
            Assert.Equal(Ethernet.EtherTypeArp, e.EtherType);
            Assert.True(e.IsBroadcast && e.IsGroup);
            Assert.Equal(14, e.PayloadOffset);
            Assert.Equal(f.Length - 14, e.PayloadLength);
            f[5] = 0xFE;                                               // ff:ff:ff:ff:ff:fe: group, not broadcast
            Ethernet.TryParse(f, 0, f.Length, e);
            Assert.True(e.IsGroup && !e.IsBroadcast);
            f[0] = 0x02;                                               // unicast
            Ethernet.TryParse(f, 0, f.Length, e);
            Assert.False(e.IsGroup || e.IsBroadcast);
            Assert.Equal(ParseStatus.Truncated, Ethernet.TryParse(f, 0, 13, e));
        }

        [Fact]
        public void Tcp_ece_and_cwr_bits_are_not_flags_we_speak()
        {
            var b = new byte[20];
            TcpHeader.Write(b, 0, new TcpSegment { SourcePort = 1, DestinationPort = 2, Flags = TcpFlags.Ack, Window = 10 });
            b[TcpHeader.FlagsOffset] |= 0xC0;                         // CWR, ECE (RFC 3168)
            TcpHeader.FinishChecksum(b, 0, 20, IpA, IpB);
            var s = new TcpSegment();
            Assert.Equal(ParseStatus.Ok, TcpHeader.TryParse(b, 0, 20, IpA, IpB, s));
            Assert.Equal(TcpFlags.Ack, s.Flags);
        }

        [Fact]
        public void Writers_fill_in_what_they_wrote()
        {
            var b = new byte[100];
            var ip = new Ipv4Header { PayloadLength = 30, Protocol = Ipv4.ProtocolUdp, TimeToLive = 9, Source = IpA, Destination = IpB };
            Ipv4.Write(b, 4, ip);
            Assert.Equal(20, ip.HeaderLength);
            Assert.Equal(50, ip.TotalLength);
            Assert.Equal(24, ip.PayloadOffset);
            var back = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(b, 4, 50, back));
            Assert.Equal(9, back.TimeToLive);

            var d = new UdpDatagram { SourcePort = 1, DestinationPort = 2, PayloadLength = 22 };
            Udp.Write(b, 24, d, IpA, IpB);
            Assert.Equal(30, d.Length);
            Assert.Equal(32, d.PayloadOffset);
            Assert.Equal(ParseStatus.Ok, Udp.TryParse(b, 24, 30, IpA, IpB, new UdpDatagram()));

            var seg = new TcpSegment { SourcePort = 1, DestinationPort = 2, Flags = TcpFlags.Syn, Mss = 536 };
            Assert.Equal(24, TcpHeader.Write(b, 0, seg));
            Assert.Equal(24, seg.HeaderLength);
        }
    }
}
