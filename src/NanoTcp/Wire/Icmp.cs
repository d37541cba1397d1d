namespace NanoTcp.Wire
{
    /// <summary>
    /// ICMP for IPv4 (RFC 792). The first 4 bytes are common; echo messages carry an
    /// identifier and a sequence number, error messages 4 unused (or type-specific) bytes
    /// followed by the offending IP header and at least the first 8 bytes of its payload.
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |     Type      |     Code      |          Checksum             |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |           Identifier          |        Sequence Number        |  echo (types 0, 8)
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |     Data ...
    ///
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                 unused (next-hop MTU for 3/4)                 |  errors (3, 11, 12)
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |      Internet Header + 64 bits of Original Data Datagram      |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// </summary>
    public static class Icmp
    {
        public const int TypeOffset = 0;
        public const int CodeOffset = 1;
        public const int ChecksumOffset = 2;
        public const int IdentifierOffset = 4;
        public const int SequenceOffset = 6;
        public const int HeaderLength = 8;

        public const int TypeEchoReply = 0;
        public const int TypeDestinationUnreachable = 3;
        public const int TypeSourceQuench = 4;
        public const int TypeRedirect = 5;
        public const int TypeEchoRequest = 8;
        public const int TypeTimeExceeded = 11;
        public const int TypeParameterProblem = 12;

        public const int CodeNetUnreachable = 0;
        public const int CodeHostUnreachable = 1;
        public const int CodeProtocolUnreachable = 2;
        public const int CodePortUnreachable = 3;
        public const int CodeFragmentationNeeded = 4;

        /// <summary>
        /// Checked path: b[offset..offset+length) (the whole IP payload) as an ICMP message into
        /// a reused IcmpMessage. Truncated under 8 bytes; BadChecksum when the checksum over
        /// all length bytes does not verify (the fields are filled all the same).
        /// </summary>
        public static ParseStatus TryParse(byte[] b, int offset, int length, IcmpMessage into)
        {
            if (b == null || offset < 0 || length < HeaderLength || offset > b.Length - length) return ParseStatus.Truncated;
            into.Type = b[offset + TypeOffset];
            into.Code = b[offset + CodeOffset];
            into.RestOfHeader = NetworkOrder.ReadUInt32(b, offset + IdentifierOffset);
            into.Identifier = NetworkOrder.ReadUInt16(b, offset + IdentifierOffset);
            into.Sequence = NetworkOrder.ReadUInt16(b, offset + SequenceOffset);
            into.PayloadOffset = offset + HeaderLength;
            into.PayloadLength = length - HeaderLength;
            if (Checksum.Compute(b, offset, length) != 0) return ParseStatus.BadChecksum;
            return ParseStatus.Ok;
        }

        /// <summary>True for the error types that quote one of our packets (RFC 1122 3.2.2).</summary>
        public static bool IsError(int type)
        {
            return type == TypeDestinationUnreachable || type == TypeTimeExceeded || type == TypeParameterProblem || type == TypeSourceQuench;
        }

        /// <summary>
        /// Trusting writer: m's type, code and RestOfHeader at b[offset], then the checksum over
        /// the header and the m.PayloadLength bytes the caller already put at b[offset + 8].
        /// Sets m.PayloadOffset.
        /// </summary>
        public static void Write(byte[] b, int offset, IcmpMessage m)
        {
            b[offset + TypeOffset] = (byte)m.Type;
            b[offset + CodeOffset] = (byte)m.Code;
            b[offset + ChecksumOffset] = 0;
            b[offset + ChecksumOffset + 1] = 0;
            NetworkOrder.WriteUInt32(b, offset + IdentifierOffset, m.RestOfHeader);
            m.PayloadOffset = offset + HeaderLength;
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, Checksum.Compute(b, offset, HeaderLength + m.PayloadLength));
        }
    }

    /// <summary>One ICMP message, parsed (Icmp.TryParse) or to be written (Icmp.Write); reused.</summary>
    public sealed class IcmpMessage
    {
        public int Type;
        public int Code;
        /// <summary>The 4 bytes after the checksum: identifier and sequence for echo, unused
        /// (or the next-hop MTU) for errors. Icmp.Write writes this.</summary>
        public uint RestOfHeader;
        /// <summary>Echo identifier and sequence (the two halves of RestOfHeader), set by TryParse.</summary>
        public int Identifier;
        public int Sequence;
        /// <summary>Absolute offset and length of the data after the 8-byte header (for an
        /// error, the quoted datagram).</summary>
        public int PayloadOffset;
        public int PayloadLength;

        /// <summary>Fills the header of an echo request or reply.</summary>
        public void SetEcho(int type, int identifier, int sequence)
        {
            Type = type;
            Code = 0;
            Identifier = identifier & 0xFFFF;
            Sequence = sequence & 0xFFFF;
            RestOfHeader = ((uint)Identifier << 16) | (uint)Sequence;
        }
    }
}
