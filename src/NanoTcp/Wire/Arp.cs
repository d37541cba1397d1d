namespace NanoTcp.Wire
{
    /// <summary>
    /// ARP packet for IPv4 over Ethernet (RFC 826; hardware type 1, protocol 0x0800,
    /// hlen 6, plen 4: 28 bytes after the Ethernet header).
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |      Hardware type (1)        |     Protocol type (0x0800)    |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |  HLEN (6)     |  PLEN (4)     |   Operation (1 req, 2 reply)  |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |          Sender hardware address (SHA, 6 bytes)               |
    /// +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                               |  Sender protocol addr (SPA)   |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |     SPA (cont.)               | Target hardware addr (THA)    |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
    /// |                                                               |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |              Target protocol address (TPA, 4 bytes)           |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// Offsets are relative to the start of the ARP packet (Ethernet payload).
    /// </summary>
    public static class Arp
    {
        public const int HardwareTypeOffset = 0;
        public const int ProtocolTypeOffset = 2;
        public const int HardwareLengthOffset = 4;
        public const int ProtocolLengthOffset = 5;
        public const int OperationOffset = 6;
        public const int SenderHardwareOffset = 8;
        public const int SenderProtocolOffset = 14;
        public const int TargetHardwareOffset = 18;
        public const int TargetProtocolOffset = 24;
        public const int PacketLength = 28;

        public const int HardwareTypeEthernet = 1;
        public const int OperationRequest = 1;
        public const int OperationReply = 2;

        /// <summary>
        /// Checked path: b[offset..offset+length) as an ARP packet into a reused ArpPacket.
        /// Longer input (Ethernet padding) is fine. Truncated below 28 bytes; Unsupported
        /// unless it is an Ethernet/IPv4 request or reply (RFC 826: ar$hrd 1, ar$pro 0x0800,
        /// ar$hln 6, ar$pln 4, ar$op 1 or 2). The hardware addresses stay in b.
        /// </summary>
        public static ParseStatus TryParse(byte[] b, int offset, int length, ArpPacket into)
        {
            if (b == null || offset < 0 || length < PacketLength || offset > b.Length - length) return ParseStatus.Truncated;
            if (NetworkOrder.ReadUInt16(b, offset + HardwareTypeOffset) != HardwareTypeEthernet) return ParseStatus.Unsupported;
            if (NetworkOrder.ReadUInt16(b, offset + ProtocolTypeOffset) != Ethernet.EtherTypeIpv4) return ParseStatus.Unsupported;
            if (b[offset + HardwareLengthOffset] != 6 || b[offset + ProtocolLengthOffset] != 4) return ParseStatus.Unsupported;
            int op = NetworkOrder.ReadUInt16(b, offset + OperationOffset);
            if (op != OperationRequest && op != OperationReply) return ParseStatus.Unsupported;
            into.Operation = op;
            into.SenderHardware = b;
            into.SenderHardwareOffset = offset + SenderHardwareOffset;
            into.SenderIp = NetworkOrder.ReadUInt32(b, offset + SenderProtocolOffset);
            into.TargetHardware = b;
            into.TargetHardwareOffset = offset + TargetHardwareOffset;
            into.TargetIp = NetworkOrder.ReadUInt32(b, offset + TargetProtocolOffset);
            return ParseStatus.Ok;
        }

        /// <summary>Trusting writer: the 28-byte ARP packet p at b[offset] (Ethernet/IPv4; a
        /// null TargetHardware is written as zeros, as in a request).</summary>
        public static void Write(byte[] b, int offset, ArpPacket p)
        {
            NetworkOrder.WriteUInt16(b, offset + HardwareTypeOffset, HardwareTypeEthernet);
            NetworkOrder.WriteUInt16(b, offset + ProtocolTypeOffset, Ethernet.EtherTypeIpv4);
            b[offset + HardwareLengthOffset] = 6;
            b[offset + ProtocolLengthOffset] = 4;
            NetworkOrder.WriteUInt16(b, offset + OperationOffset, p.Operation);
            for (int i = 0; i < 6; i++)
            {
                b[offset + SenderHardwareOffset + i] = p.SenderHardware[p.SenderHardwareOffset + i];
                b[offset + TargetHardwareOffset + i] = p.TargetHardware == null ? (byte)0 : p.TargetHardware[p.TargetHardwareOffset + i];
            }
            NetworkOrder.WriteUInt32(b, offset + SenderProtocolOffset, p.SenderIp);
            NetworkOrder.WriteUInt32(b, offset + TargetProtocolOffset, p.TargetIp);
        }
    }

    /// <summary>
    /// One ARP packet, parsed (Arp.TryParse) or to be written (Arp.Write); reused. A hardware
    /// address is a 6-byte range of some array: on parse the packet itself, on write wherever
    /// the caller keeps it.
    /// </summary>
    public sealed class ArpPacket
    {
        /// <summary>ar$op: Arp.OperationRequest or Arp.OperationReply.</summary>
        public int Operation;
        /// <summary>ar$sha: SenderHardware[SenderHardwareOffset..+6).</summary>
        public byte[] SenderHardware;
        public int SenderHardwareOffset;
        /// <summary>ar$spa.</summary>
        public uint SenderIp;
        /// <summary>ar$tha: TargetHardware[TargetHardwareOffset..+6); null writes zeros.</summary>
        public byte[] TargetHardware;
        public int TargetHardwareOffset;
        /// <summary>ar$tpa.</summary>
        public uint TargetIp;
    }
}
