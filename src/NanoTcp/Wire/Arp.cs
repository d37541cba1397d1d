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

        /// <summary>Checked path: true when b[offset..offset+length) is an Ethernet/IPv4 ARP
        /// request or reply (RFC 826: ar$hrd, ar$pro, lengths and op all as we speak them).
        /// Longer input (Ethernet padding) is fine.</summary>
        public static bool IsValid(byte[] b, int offset, int length)
        {
            if (b == null || offset < 0 || length < PacketLength || offset > b.Length - length) return false;
            if (NetworkOrder.ReadUInt16(b, offset + HardwareTypeOffset) != HardwareTypeEthernet) return false;
            if (NetworkOrder.ReadUInt16(b, offset + ProtocolTypeOffset) != Ethernet.EtherTypeIpv4) return false;
            if (b[offset + HardwareLengthOffset] != 6 || b[offset + ProtocolLengthOffset] != 4) return false;
            int op = NetworkOrder.ReadUInt16(b, offset + OperationOffset);
            return op == OperationRequest || op == OperationReply;
        }

        public static int GetOperation(byte[] b, int offset) { return NetworkOrder.ReadUInt16(b, offset + OperationOffset); }
        public static uint GetSenderIp(byte[] b, int offset) { return NetworkOrder.ReadUInt32(b, offset + SenderProtocolOffset); }
        public static uint GetTargetIp(byte[] b, int offset) { return NetworkOrder.ReadUInt32(b, offset + TargetProtocolOffset); }

        /// <summary>Trusting writer: writes a 28-byte ARP packet at b[offset].
        /// targetMac may be null (written as zeros, as in a request).</summary>
        public static void Write(byte[] b, int offset, int operation, byte[] senderMac, uint senderIp, byte[] targetMac, int targetMacOffset, uint targetIp)
        {
            NetworkOrder.WriteUInt16(b, offset + HardwareTypeOffset, HardwareTypeEthernet);
            NetworkOrder.WriteUInt16(b, offset + ProtocolTypeOffset, Ethernet.EtherTypeIpv4);
            b[offset + HardwareLengthOffset] = 6;
            b[offset + ProtocolLengthOffset] = 4;
            NetworkOrder.WriteUInt16(b, offset + OperationOffset, operation);
            for (int i = 0; i < 6; i++)
            {
                b[offset + SenderHardwareOffset + i] = senderMac[i];
                b[offset + TargetHardwareOffset + i] = targetMac == null ? (byte)0 : targetMac[targetMacOffset + i];
            }
            NetworkOrder.WriteUInt32(b, offset + SenderProtocolOffset, senderIp);
            NetworkOrder.WriteUInt32(b, offset + TargetProtocolOffset, targetIp);
        }
    }
}
