namespace NanoTcp.Wire
{
    /// <summary>
    /// One IPv4 header, parsed (Ipv4.TryParse) or to be written (Ipv4.Write); one instance is
    /// reused per interface and direction.
    /// </summary>
    public sealed class Ipv4Header
    {
        /// <summary>IHL in bytes (set by TryParse; Write writes 20, no options).</summary>
        public int HeaderLength;
        /// <summary>Type of service / DSCP+ECN byte.</summary>
        public int TypeOfService;
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
        /// Checked path: b[offset..offset+length) as an IPv4 packet into a reused header.
        /// length may exceed the total length (Ethernet padding); PayloadLength excludes it.
        /// Truncated: under 20 bytes, or IHL / total length past the bytes we have. Malformed:
        /// version not 4, IHL below 5, total length shorter than the header. BadChecksum
        /// (RFC 1122 3.2.1.2: MUST verify, silently discard) and Fragment (MF or an offset: we
        /// do not reassemble) leave the fields filled. Never throws on any content.
        /// </summary>
        public static ParseStatus TryParse(byte[] b, int offset, int length, Ipv4Header into)
        {
            if (b == null || offset < 0 || length < MinimumHeaderLength || offset > b.Length - length) return ParseStatus.Truncated;
            int versionIhl = b[offset + VersionIhlOffset];
            int headerLength = (versionIhl & 0x0F) * 4;
            // RFC 791 3.1: Version 4; IHL minimum value for a correct header is 5.
            if ((versionIhl >> 4) != 4 || headerLength < MinimumHeaderLength) return ParseStatus.Malformed;
            int totalLength = NetworkOrder.ReadUInt16(b, offset + TotalLengthOffset);
            if (totalLength < headerLength) return ParseStatus.Malformed;
            if (headerLength > length || totalLength > length) return ParseStatus.Truncated;
            int flagsFragment = NetworkOrder.ReadUInt16(b, offset + FlagsFragmentOffset);
            into.HeaderLength = headerLength;
            into.TypeOfService = b[offset + TosOffset];
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
            // RFC 1122 3.2.1.2: a host MUST verify the header checksum and silently discard on failure.
            if (Checksum.Compute(b, offset, headerLength) != 0) return ParseStatus.BadChecksum;
            if ((flagsFragment & (FlagMoreFragments | FragmentOffsetMask)) != 0) return ParseStatus.Fragment;
            return ParseStatus.Ok;
        }

        /// <summary>
        /// Trusting writer: h as a 20-byte header (no options) at b[offset] with its checksum:
        /// total length 20 + h.PayloadLength (the transport header plus data), h.Identification,
        /// h.Flags (FlagDontFragment or 0; never a fragment), h.TimeToLive, h.Protocol,
        /// h.Source, h.Destination, h.TypeOfService. Sets h.HeaderLength, TotalLength and
        /// PayloadOffset to what it wrote.
        /// </summary>
        public static void Write(byte[] b, int offset, Ipv4Header h)
        {
            h.HeaderLength = MinimumHeaderLength;
            h.TotalLength = MinimumHeaderLength + h.PayloadLength;
            h.FragmentOffset = 0;
            h.PayloadOffset = offset + MinimumHeaderLength;
            b[offset + VersionIhlOffset] = 0x45;
            b[offset + TosOffset] = (byte)h.TypeOfService;
            NetworkOrder.WriteUInt16(b, offset + TotalLengthOffset, h.TotalLength);
            NetworkOrder.WriteUInt16(b, offset + IdentificationOffset, h.Identification);
            NetworkOrder.WriteUInt16(b, offset + FlagsFragmentOffset, h.Flags & 0xE000);
            b[offset + TtlOffset] = (byte)h.TimeToLive;
            b[offset + ProtocolOffset] = h.Protocol;
            b[offset + ChecksumOffset] = 0;
            b[offset + ChecksumOffset + 1] = 0;
            NetworkOrder.WriteUInt32(b, offset + SourceOffset, h.Source);
            NetworkOrder.WriteUInt32(b, offset + DestinationOffset, h.Destination);
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
