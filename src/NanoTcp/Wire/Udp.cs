namespace NanoTcp.Wire
{
    /// <summary>
    /// UDP header (RFC 768).
    /// <code>
    ///  0      7 8     15 16    23 24    31
    /// +--------+--------+--------+--------+
    /// |     Source      |   Destination   |
    /// |      Port       |      Port       |
    /// +--------+--------+--------+--------+
    /// |     Length      |    Checksum     |
    /// +--------+--------+--------+--------+
    /// |          data octets ...
    /// </code>
    /// The checksum covers the RFC 768 pseudo-header (source, destination, zero, protocol 17,
    /// UDP length), header and data; zero means "not computed" in IPv4.
    /// </summary>
    public static class Udp
    {
        public const int SourcePortOffset = 0;
        public const int DestinationPortOffset = 2;
        public const int LengthOffset = 4;
        public const int ChecksumOffset = 6;
        public const int HeaderLength = 8;

        /// <summary>
        /// Checked path: b[offset..offset+length) is the IP payload, sourceIp and destinationIp
        /// the pseudo-header's addresses. Truncated: under 8 bytes, or a length field past the
        /// IP payload (RFC 768; bytes after the datagram are ignored). Malformed: a length field
        /// below 8. BadChecksum: a non-zero checksum that does not verify (RFC 1122 4.1.3.4 MUST
        /// discard; zero means "not computed" in IPv4); the fields are filled all the same.
        /// </summary>
        public static ParseStatus TryParse(byte[] b, int offset, int length, uint sourceIp, uint destinationIp, UdpDatagram into)
        {
            if (b == null || offset < 0 || length < HeaderLength || offset > b.Length - length) return ParseStatus.Truncated;
            int udpLength = NetworkOrder.ReadUInt16(b, offset + LengthOffset);
            if (udpLength < HeaderLength) return ParseStatus.Malformed;
            if (udpLength > length) return ParseStatus.Truncated;
            into.SourcePort = NetworkOrder.ReadUInt16(b, offset + SourcePortOffset);
            into.DestinationPort = NetworkOrder.ReadUInt16(b, offset + DestinationPortOffset);
            into.Length = udpLength;
            into.PayloadOffset = offset + HeaderLength;
            into.PayloadLength = udpLength - HeaderLength;
            into.HasChecksum = NetworkOrder.ReadUInt16(b, offset + ChecksumOffset) != 0;
            if (into.HasChecksum)
            {
                uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, Ipv4.ProtocolUdp, udpLength);
                if (Checksum.Finish(Checksum.Add(sum, b, offset, udpLength)) != 0) return ParseStatus.BadChecksum;
            }
            return ParseStatus.Ok;
        }

        /// <summary>Reads a destination port without a checked parse: only for a header that a
        /// checked parse already accepted, or one quoted in an ICMP error (8 bytes guaranteed).</summary>
        public static int GetDestinationPort(byte[] b, int offset) { return NetworkOrder.ReadUInt16(b, offset + DestinationPortOffset); }
        /// <summary>As GetDestinationPort, for the source port.</summary>
        public static int GetSourcePort(byte[] b, int offset) { return NetworkOrder.ReadUInt16(b, offset + SourcePortOffset); }

        /// <summary>
        /// Trusting writer: d's ports at b[offset] for the d.PayloadLength bytes of data that
        /// already sit at b[offset + 8], then the checksum over the pseudo-header of sourceIp
        /// -> destinationIp (a computed 0 is sent as 0xFFFF, RFC 768). Sets d.Length,
        /// PayloadOffset and HasChecksum.
        /// </summary>
        public static void Write(byte[] b, int offset, UdpDatagram d, uint sourceIp, uint destinationIp)
        {
            int length = HeaderLength + d.PayloadLength;
            d.Length = length;
            d.PayloadOffset = offset + HeaderLength;
            d.HasChecksum = true;
            NetworkOrder.WriteUInt16(b, offset + SourcePortOffset, d.SourcePort);
            NetworkOrder.WriteUInt16(b, offset + DestinationPortOffset, d.DestinationPort);
            NetworkOrder.WriteUInt16(b, offset + LengthOffset, length);
            b[offset + ChecksumOffset] = 0;
            b[offset + ChecksumOffset + 1] = 0;
            uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, Ipv4.ProtocolUdp, length);
            ushort c = Checksum.Finish(Checksum.Add(sum, b, offset, length));
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, c == 0 ? 0xFFFF : c);
        }
    }

    /// <summary>One UDP datagram's header, parsed (Udp.TryParse) or to be written (Udp.Write); reused.</summary>
    public sealed class UdpDatagram
    {
        public int SourcePort;
        public int DestinationPort;
        /// <summary>The length field: header plus data.</summary>
        public int Length;
        /// <summary>The checksum field was not zero (IPv4 allows "not computed").</summary>
        public bool HasChecksum;
        /// <summary>Absolute offset and length of the data.</summary>
        public int PayloadOffset;
        public int PayloadLength;
    }
}
