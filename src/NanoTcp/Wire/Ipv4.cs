namespace NanoTcp.Wire
{
    /// <summary>Why Ipv4.TryParse refused a packet (each maps to a drop counter).</summary>
    public enum Ipv4ParseResult
    {
        Ok = 0,
        /// <summary>Fewer than 20 bytes, or IHL/total length point past the bytes we have.</summary>
        Truncated,
        /// <summary>Version is not 4, IHL below 5, or total length shorter than the header.</summary>
        Malformed,
        /// <summary>RFC 791 3.1 / RFC 1122 3.2.1.2: header checksum does not verify.</summary>
        BadChecksum,
        /// <summary>MF set or fragment offset non-zero: we do not reassemble (RFC 791 3.2).</summary>
        Fragment,
    }

    /// <summary>The fields of a parsed IPv4 header; one instance is reused per interface.</summary>
    public sealed class Ipv4Header
    {
        public int HeaderLength;
        public int TotalLength;
        public int Identification;
        public int Flags;
        public int FragmentOffset;
        public int TimeToLive;
        public byte Protocol;
        public uint Source;
        public uint Destination;
        /// <summary>Absolute offset of the transport header in the buffer parsed.</summary>
        public int PayloadOffset;
        /// <summary>Transport header plus payload, Ethernet padding removed.</summary>
        public int PayloadLength;
    }

    /// <summary>
    /// IPv4 header (RFC 791 3.1). Options are skipped by IHL (never interpreted);
    /// fragments are refused (no reassembly buffer on a microcontroller).
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |Version|  IHL  |Type of Service|          Total Length         |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |         Identification        |Flags|      Fragment Offset    |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |  Time to Live |    Protocol   |         Header Checksum       |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                       Source Address                          |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                    Destination Address                        |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                    Options                    |    Padding    |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// </summary>
    public static class Ipv4
    {
        public const int VersionIhlOffset = 0;
        public const int TosOffset = 1;
        public const int TotalLengthOffset = 2;
        public const int IdentificationOffset = 4;
        public const int FlagsFragmentOffset = 6;
        public const int TtlOffset = 8;
        public const int ProtocolOffset = 9;
        public const int ChecksumOffset = 10;
        public const int SourceOffset = 12;
        public const int DestinationOffset = 16;
        public const int MinimumHeaderLength = 20;

        public const byte ProtocolIcmp = 1;
        public const byte ProtocolTcp = 6;
        public const byte ProtocolUdp = 17;

        /// <summary>Flags field bits (the 3 high bits of the flags/fragment word).</summary>
        public const int FlagDontFragment = 0x4000;
        public const int FlagMoreFragments = 0x2000;
        public const int FragmentOffsetMask = 0x1FFF;

        /// <summary>
        /// Checked path. Validates b[offset..offset+length) as an IPv4 packet and fills into.
        /// length may exceed the total length (Ethernet padding); PayloadLength excludes it.
        /// Never throws on any content (a null buffer or a bad range gives Truncated).
        /// </summary>
        public static Ipv4ParseResult TryParse(byte[] b, int offset, int length, Ipv4Header into)
        {
            if (b == null || offset < 0 || length < MinimumHeaderLength || offset > b.Length - length) return Ipv4ParseResult.Truncated;
            int versionIhl = b[offset + VersionIhlOffset];
            int headerLength = (versionIhl & 0x0F) * 4;
            // RFC 791 3.1: Version 4; IHL minimum value for a correct header is 5.
            if ((versionIhl >> 4) != 4 || headerLength < MinimumHeaderLength) return Ipv4ParseResult.Malformed;
            int totalLength = NetworkOrder.ReadUInt16(b, offset + TotalLengthOffset);
            if (totalLength < headerLength) return Ipv4ParseResult.Malformed;
            if (headerLength > length || totalLength > length) return Ipv4ParseResult.Truncated;
            // RFC 1122 3.2.1.2: a host MUST verify the header checksum and silently discard on failure.
            if (Checksum.Compute(b, offset, headerLength) != 0) return Ipv4ParseResult.BadChecksum;
            int flagsFragment = NetworkOrder.ReadUInt16(b, offset + FlagsFragmentOffset);
            into.HeaderLength = headerLength;
            into.TotalLength = totalLength;
            into.Identification = NetworkOrder.ReadUInt16(b, offset + IdentificationOffset);
            into.Flags = flagsFragment & 0xE000;
            into.FragmentOffset = flagsFragment & FragmentOffsetMask;
            into.TimeToLive = b[offset + TtlOffset];
            into.Protocol = b[offset + ProtocolOffset];
            into.Source = NetworkOrder.ReadUInt32(b, offset + SourceOffset);
            into.Destination = NetworkOrder.ReadUInt32(b, offset + DestinationOffset);
            into.PayloadOffset = offset + headerLength;
            into.PayloadLength = totalLength - headerLength;
            if ((flagsFragment & (FlagMoreFragments | FragmentOffsetMask)) != 0) return Ipv4ParseResult.Fragment;
            return Ipv4ParseResult.Ok;
        }

        /// <summary>
        /// Trusting writer: a 20-byte header (no options) at b[offset] with its checksum.
        /// payloadLength is the transport header plus data.
        /// </summary>
        public static void WriteHeader(byte[] b, int offset, int payloadLength, int identification, int flags, int timeToLive, byte protocol, uint source, uint destination)
        {
            b[offset + VersionIhlOffset] = 0x45;
            b[offset + TosOffset] = 0;
            NetworkOrder.WriteUInt16(b, offset + TotalLengthOffset, MinimumHeaderLength + payloadLength);
            NetworkOrder.WriteUInt16(b, offset + IdentificationOffset, identification);
            NetworkOrder.WriteUInt16(b, offset + FlagsFragmentOffset, flags);
            b[offset + TtlOffset] = (byte)timeToLive;
            b[offset + ProtocolOffset] = protocol;
            b[offset + ChecksumOffset] = 0;
            b[offset + ChecksumOffset + 1] = 0;
            NetworkOrder.WriteUInt32(b, offset + SourceOffset, source);
            NetworkOrder.WriteUInt32(b, offset + DestinationOffset, destination);
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, Checksum.Compute(b, offset, MinimumHeaderLength));
        }

        /// <summary>Limited broadcast or the all-ones host part of (address, mask)'s subnet.</summary>
        public static bool IsBroadcastFor(uint destination, uint address, uint mask)
        {
            if (destination == 0xFFFFFFFF) return true;
            // RFC 1122 3.2.1.3 (c)/(d): directed broadcast of our subnet. A /31 or /32 has none (RFC 3021).
            if (mask == 0 || mask >= 0xFFFFFFFE) return false;
            return (destination & mask) == (address & mask) && (destination | mask) == 0xFFFFFFFF;
        }

        /// <summary>Class D (224.0.0.0/4).</summary>
        public static bool IsMulticast(uint address)
        {
            return (address & 0xF0000000) == 0xE0000000;
        }
    }
}
