using System;

namespace NanoTcp.Wire
{
    /// <summary>
    /// Ethernet II frame header (IEEE 802.3 clause 3.2.6, "Ethernet II" / DIX framing as used by
    /// RFC 894 for IPv4). Frames reach the stack without preamble and without FCS.
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                Destination MAC address (6 bytes)              |
    /// +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                               |                               |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
    /// |                  Source MAC address (6 bytes)                 |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |           EtherType           |  payload (46..1500 bytes) ...
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// A type/length value below 0x0600 is an 802.3 length field (LLC frames), which we do not
    /// carry; VLAN tags (0x8100) are not supported and fall under "unknown EtherType".
    /// </summary>
    public static class Ethernet
    {
        public const int DestinationOffset = 0;
        public const int SourceOffset = 6;
        public const int EtherTypeOffset = 12;
        public const int HeaderLength = 14;
        public const int AddressLength = 6;
        /// <summary>Smallest frame on the wire without FCS (64 - 4); devices pad to it.</summary>
        public const int MinimumFrameLength = 60;

        public const int EtherTypeIpv4 = 0x0800;
        public const int EtherTypeArp = 0x0806;

        /// <summary>
        /// Checked path: b[offset..offset+length) as an Ethernet II frame into a reused header.
        /// Truncated when fewer than 14 bytes (or a null buffer, or a range outside it).
        /// The addresses stay in b (DestinationOffset, SourceOffset are absolute).
        /// </summary>
        public static ParseStatus TryParse(byte[] b, int offset, int length, EthernetHeader into)
        {
            if (b == null || offset < 0 || length < HeaderLength || offset > b.Length - length) return ParseStatus.Truncated;
            into.DestinationOffset = offset + DestinationOffset;
            into.SourceOffset = offset + SourceOffset;
            into.EtherType = NetworkOrder.ReadUInt16(b, offset + EtherTypeOffset);
            into.IsGroup = IsGroup(b, offset + DestinationOffset);
            into.IsBroadcast = into.IsGroup && IsBroadcast(b, offset + DestinationOffset);
            into.PayloadOffset = offset + HeaderLength;
            into.PayloadLength = length - HeaderLength;
            return ParseStatus.Ok;
        }

        public static int GetEtherType(byte[] b, int frameOffset)
        {
            return NetworkOrder.ReadUInt16(b, frameOffset + EtherTypeOffset);
        }

        /// <summary>True for ff:ff:ff:ff:ff:ff at b[offset].</summary>
        public static bool IsBroadcast(byte[] b, int offset)
        {
            return (b[offset] & b[offset + 1] & b[offset + 2] & b[offset + 3] & b[offset + 4] & b[offset + 5]) == 0xFF;
        }

        /// <summary>Group bit (I/G, the least significant bit of the first octet) set:
        /// multicast or broadcast.</summary>
        public static bool IsGroup(byte[] b, int offset)
        {
            return (b[offset] & 1) != 0;
        }

        /// <summary>True when the 6 bytes at a[aOffset] equal the 6 bytes at b[bOffset].</summary>
        public static bool SameAddress(byte[] a, int aOffset, byte[] b, int bOffset)
        {
            return a[aOffset] == b[bOffset] && a[aOffset + 1] == b[bOffset + 1] && a[aOffset + 2] == b[bOffset + 2] &&
                   a[aOffset + 3] == b[bOffset + 3] && a[aOffset + 4] == b[bOffset + 4] && a[aOffset + 5] == b[bOffset + 5];
        }

        /// <summary>Trusting writer: writes the 14-byte header at b[frameOffset].</summary>
        public static void WriteHeader(byte[] b, int frameOffset, byte[] destination, int destinationOffset, byte[] source, int etherType)
        {
            Array.Copy(destination, destinationOffset, b, frameOffset + DestinationOffset, AddressLength);
            Array.Copy(source, 0, b, frameOffset + SourceOffset, AddressLength);
            NetworkOrder.WriteUInt16(b, frameOffset + EtherTypeOffset, etherType);
        }

        /// <summary>Writes ff:ff:ff:ff:ff:ff at b[offset].</summary>
        public static void WriteBroadcast(byte[] b, int offset)
        {
            for (int i = 0; i < AddressLength; i++) b[offset + i] = 0xFF;
        }
    }

    /// <summary>A parsed Ethernet II header (Ethernet.TryParse); one instance is reused per receiver.</summary>
    public sealed class EthernetHeader
    {
        /// <summary>Absolute offsets of the two addresses in the buffer parsed.</summary>
        public int DestinationOffset;
        public int SourceOffset;
        public int EtherType;
        /// <summary>The destination is a group address (broadcast or multicast, I/G bit set).</summary>
        public bool IsGroup;
        /// <summary>The destination is ff:ff:ff:ff:ff:ff.</summary>
        public bool IsBroadcast;
        /// <summary>Absolute offset and length of what follows the header (padding included).</summary>
        public int PayloadOffset;
        public int PayloadLength;
    }
}
