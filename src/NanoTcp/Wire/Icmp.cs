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

        /// <summary>Checked path: at least 8 bytes and a checksum that verifies over length.</summary>
        public static bool IsValid(byte[] b, int offset, int length)
        {
            if (b == null || offset < 0 || length < HeaderLength || offset > b.Length - length) return false;
            return Checksum.Compute(b, offset, length) == 0;
        }

        /// <summary>True for the error types that quote one of our packets (RFC 1122 3.2.2).</summary>
        public static bool IsError(int type)
        {
            return type == TypeDestinationUnreachable || type == TypeTimeExceeded || type == TypeParameterProblem || type == TypeSourceQuench;
        }

        /// <summary>Trusting writer: type, code, the 4 "rest of header" bytes; the checksum
        /// is computed over b[offset..offset+length) which the caller filled.</summary>
        public static void WriteHeader(byte[] b, int offset, int type, int code, uint restOfHeader)
        {
            b[offset + TypeOffset] = (byte)type;
            b[offset + CodeOffset] = (byte)code;
            b[offset + ChecksumOffset] = 0;
            b[offset + ChecksumOffset + 1] = 0;
            NetworkOrder.WriteUInt32(b, offset + IdentifierOffset, restOfHeader);
        }

        /// <summary>Writes the checksum of the whole message b[offset..offset+length).</summary>
        public static void FinishChecksum(byte[] b, int offset, int length)
        {
            b[offset + ChecksumOffset] = 0;
            b[offset + ChecksumOffset + 1] = 0;
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, Checksum.Compute(b, offset, length));
        }
    }
}
