namespace NanoTcp.Wire
{
    /// <summary>Why Udp.Check refused a datagram.</summary>
    public enum UdpParseResult
    {
        Ok = 0,
        /// <summary>Fewer than 8 bytes, or the length field disagrees with the IP payload.</summary>
        Malformed,
        /// <summary>Non-zero checksum that does not verify (RFC 768; RFC 1122 4.1.3.4 MUST discard).</summary>
        BadChecksum,
    }

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
        /// Checked path: b[offset..offset+ipPayloadLength) is the IP payload. The UDP length
        /// must be at least 8 and at most the IP payload (RFC 768; extra bytes are ignored).
        /// On Ok, the datagram length is NetworkOrder.ReadUInt16(b, offset + LengthOffset).
        /// </summary>
        public static UdpParseResult Check(byte[] b, int offset, int ipPayloadLength, uint sourceIp, uint destinationIp)
        {
            if (b == null || offset < 0 || ipPayloadLength < HeaderLength || offset > b.Length - ipPayloadLength) return UdpParseResult.Malformed;
            int length = NetworkOrder.ReadUInt16(b, offset + LengthOffset);
            if (length < HeaderLength || length > ipPayloadLength) return UdpParseResult.Malformed;
            if (NetworkOrder.ReadUInt16(b, offset + ChecksumOffset) != 0)
            {
                uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, Ipv4.ProtocolUdp, length);
                if (Checksum.Finish(Checksum.Add(sum, b, offset, length)) != 0) return UdpParseResult.BadChecksum;
            }
            return UdpParseResult.Ok;
        }

        public static int GetSourcePort(byte[] b, int offset) { return NetworkOrder.ReadUInt16(b, offset + SourcePortOffset); }
        public static int GetDestinationPort(byte[] b, int offset) { return NetworkOrder.ReadUInt16(b, offset + DestinationPortOffset); }
        public static int GetLength(byte[] b, int offset) { return NetworkOrder.ReadUInt16(b, offset + LengthOffset); }

        /// <summary>Trusting writer: header at b[offset] for payloadLength bytes of data that
        /// already sit at b[offset + 8], then the checksum (0 sent as 0xFFFF, RFC 768).</summary>
        public static void Write(byte[] b, int offset, int sourcePort, int destinationPort, int payloadLength, uint sourceIp, uint destinationIp)
        {
            int length = HeaderLength + payloadLength;
            NetworkOrder.WriteUInt16(b, offset + SourcePortOffset, sourcePort);
            NetworkOrder.WriteUInt16(b, offset + DestinationPortOffset, destinationPort);
            NetworkOrder.WriteUInt16(b, offset + LengthOffset, length);
            b[offset + ChecksumOffset] = 0;
            b[offset + ChecksumOffset + 1] = 0;
            uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, Ipv4.ProtocolUdp, length);
            ushort c = Checksum.Finish(Checksum.Add(sum, b, offset, length));
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, c == 0 ? 0xFFFF : c);
        }
    }
}
