namespace NanoTcp.Wire
{
    /// <summary>
    /// The fields of a DHCP message the client uses, parsed (Dhcp.TryParse) or to be written
    /// (Dhcp.WriteHeader); reused, never allocated per packet.
    /// </summary>
    public sealed class DhcpMessage
    {
        public int Op;
        public uint TransactionId;
        /// <summary>secs: seconds since the client began.</summary>
        public int Seconds;
        public int Flags;
        public uint ClientAddress;   // ciaddr
        public uint YourAddress;     // yiaddr
        public uint ServerAddress;   // siaddr (next server, not the DHCP server id)
        public uint RelayAddress;    // giaddr
        /// <summary>chaddr: ClientHardware[ClientHardwareOffset..+6) (on parse, the message
        /// buffer and an absolute offset).</summary>
        public byte[] ClientHardware;
        public int ClientHardwareOffset;
        /// <summary>Option 53; 0 when absent (then it is plain BOOTP, which we ignore).</summary>
        public int MessageType;
        public uint ServerIdentifier; // option 54
        public uint RequestedAddress; // option 50
        public uint SubnetMask;       // option 1 (0 when absent)
        public uint Router;           // option 3, first address (0 when absent)
        public uint DnsServer;        // option 6, first address (0 when absent)
        /// <summary>Option 51 in seconds; -1 when absent. 0xFFFFFFFF (infinite) is kept as uint.MaxValue.</summary>
        public long LeaseSeconds;
        public long RenewalSeconds;   // option 58 (T1); -1 when absent
        public long RebindingSeconds; // option 59 (T2); -1 when absent

        public void Clear()
        {
            Op = 0; TransactionId = 0; Seconds = 0; Flags = 0; ClientAddress = 0; YourAddress = 0; ServerAddress = 0; RelayAddress = 0;
            ClientHardware = null; ClientHardwareOffset = 0; MessageType = 0; ServerIdentifier = 0; RequestedAddress = 0; SubnetMask = 0;
            Router = 0; DnsServer = 0; LeaseSeconds = -1; RenewalSeconds = -1; RebindingSeconds = -1;
        }
    }

    /// <summary>
    /// DHCP message (RFC 2131 2, BOOTP layout of RFC 951) with options (RFC 2132).
    /// Offsets are relative to the start of the UDP payload.
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +---------------+---------------+---------------+---------------+
    /// |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
    /// +---------------+---------------+---------------+---------------+
    /// |                            xid (4)                            |
    /// +-------------------------------+-------------------------------+
    /// |           secs (2)            |           flags (2)           |
    /// +-------------------------------+-------------------------------+
    /// |                          ciaddr  (4)                          |
    /// +---------------------------------------------------------------+
    /// |                          yiaddr  (4)                          |
    /// +---------------------------------------------------------------+
    /// |                          siaddr  (4)                          |
    /// +---------------------------------------------------------------+
    /// |                          giaddr  (4)                          |
    /// +---------------------------------------------------------------+
    /// |                          chaddr  (16)                         |
    /// +---------------------------------------------------------------+
    /// |                          sname   (64)                         |
    /// +---------------------------------------------------------------+
    /// |                          file    (128)                        |
    /// +---------------------------------------------------------------+
    /// |  magic cookie 99.130.83.99 (RFC 2132 2) | options (variable)  |
    /// +---------------------------------------------------------------+
    /// </code>
    /// Options are code, length, value, except Pad (0) and End (255), which are one byte.
    /// Option overload (52) is not honoured: options in sname/file are ignored, which
    /// RFC 2131 allows a client to do when it did not ask for them.
    /// </summary>
    public static class Dhcp
    {
        public const int ServerPort = 67;
        public const int ClientPort = 68;

        public const int OpOffset = 0;
        public const int HardwareTypeOffset = 1;
        public const int HardwareLengthOffset = 2;
        public const int HopsOffset = 3;
        public const int TransactionIdOffset = 4;
        public const int SecondsOffset = 8;
        public const int FlagsOffset = 10;
        public const int ClientAddressOffset = 12;
        public const int YourAddressOffset = 16;
        public const int ServerAddressOffset = 20;
        public const int RelayAddressOffset = 24;
        public const int ClientHardwareOffset = 28;
        public const int ServerNameOffset = 44;
        public const int FileOffset = 108;
        public const int MagicCookieOffset = 236;
        public const int OptionsOffset = 240;
        public const uint MagicCookie = 0x63825363;

        public const int OpRequest = 1;
        public const int OpReply = 2;
        /// <summary>RFC 2131 2: the BROADCAST bit of flags.</summary>
        public const int FlagBroadcast = 0x8000;

        // RFC 2132 9.6 DHCP message types.
        public const int Discover = 1;
        public const int Offer = 2;
        public const int Request = 3;
        public const int Decline = 4;
        public const int Ack = 5;
        public const int Nak = 6;
        public const int Release = 7;
        public const int Inform = 8;

        // RFC 2132 option codes.
        public const int OptionPad = 0;
        public const int OptionSubnetMask = 1;
        public const int OptionRouter = 3;
        public const int OptionDnsServer = 6;
        public const int OptionHostName = 12;
        public const int OptionRequestedAddress = 50;
        public const int OptionLeaseTime = 51;
        public const int OptionOverload = 52;
        public const int OptionMessageType = 53;
        public const int OptionServerIdentifier = 54;
        public const int OptionParameterRequestList = 55;
        public const int OptionMaximumMessageSize = 57;
        public const int OptionRenewalTime = 58;
        public const int OptionRebindingTime = 59;
        public const int OptionClientIdentifier = 61;
        public const int OptionEnd = 255;

        /// <summary>
        /// Checked path: b[offset..offset+length) (the UDP payload) as a DHCP message into a
        /// reused DhcpMessage (cleared first). Truncated: shorter than the fixed 240 bytes, an
        /// option running past the end, or no End option (RFC 2131 4.1 requires it: we are
        /// strict). Unsupported: not Ethernet (htype 1, hlen 6), no magic cookie, or no message
        /// type (plain BOOTP). Unknown options are skipped by their length. UDP's checksum
        /// covers the message; DHCP has none of its own.
        /// </summary>
        public static ParseStatus TryParse(byte[] b, int offset, int length, DhcpMessage into)
        {
            into.Clear();
            if (b == null || offset < 0 || length < OptionsOffset || offset > b.Length - length) return ParseStatus.Truncated;
            if (b[offset + HardwareTypeOffset] != 1 || b[offset + HardwareLengthOffset] != 6) return ParseStatus.Unsupported;
            if (NetworkOrder.ReadUInt32(b, offset + MagicCookieOffset) != MagicCookie) return ParseStatus.Unsupported;
            into.Op = b[offset + OpOffset];
            into.TransactionId = NetworkOrder.ReadUInt32(b, offset + TransactionIdOffset);
            into.Seconds = NetworkOrder.ReadUInt16(b, offset + SecondsOffset);
            into.Flags = NetworkOrder.ReadUInt16(b, offset + FlagsOffset);
            into.ClientAddress = NetworkOrder.ReadUInt32(b, offset + ClientAddressOffset);
            into.YourAddress = NetworkOrder.ReadUInt32(b, offset + YourAddressOffset);
            into.ServerAddress = NetworkOrder.ReadUInt32(b, offset + ServerAddressOffset);
            into.RelayAddress = NetworkOrder.ReadUInt32(b, offset + RelayAddressOffset);
            into.ClientHardware = b;
            into.ClientHardwareOffset = offset + ClientHardwareOffset;

            int p = offset + OptionsOffset;
            int end = offset + length;
            while (p < end)
            {
                int code = b[p];
                if (code == OptionEnd) return into.MessageType != 0 ? ParseStatus.Ok : ParseStatus.Unsupported;
                if (code == OptionPad) { p++; continue; }
                if (p + 1 >= end) return ParseStatus.Truncated;
                int len = b[p + 1];
                int value = p + 2;
                if (value + len > end) return ParseStatus.Truncated;
                switch (code)
                {
                    case OptionMessageType: if (len >= 1) into.MessageType = b[value]; break;
                    case OptionServerIdentifier: if (len >= 4) into.ServerIdentifier = NetworkOrder.ReadUInt32(b, value); break;
                    case OptionRequestedAddress: if (len >= 4) into.RequestedAddress = NetworkOrder.ReadUInt32(b, value); break;
                    case OptionSubnetMask: if (len >= 4) into.SubnetMask = NetworkOrder.ReadUInt32(b, value); break;
                    case OptionRouter: if (len >= 4) into.Router = NetworkOrder.ReadUInt32(b, value); break;
                    case OptionDnsServer: if (len >= 4) into.DnsServer = NetworkOrder.ReadUInt32(b, value); break;
                    case OptionLeaseTime: if (len >= 4) into.LeaseSeconds = NetworkOrder.ReadUInt32(b, value); break;
                    case OptionRenewalTime: if (len >= 4) into.RenewalSeconds = NetworkOrder.ReadUInt32(b, value); break;
                    case OptionRebindingTime: if (len >= 4) into.RebindingSeconds = NetworkOrder.ReadUInt32(b, value); break;
                }
                p = value + len;
            }
            // RFC 2131 4.1 requires End; a message without one is still usable if typed,
            // but we are strict: no End means a truncated message.
            return ParseStatus.Truncated;
        }

        /// <summary>
        /// Trusting writer: the fixed 240 bytes of m at b[offset] (op, htype 1, hlen 6, xid,
        /// secs, flags, the four addresses, chaddr from m.ClientHardware, sname and file zeroed,
        /// magic cookie). Returns the offset where options start.
        /// </summary>
        public static int WriteHeader(byte[] b, int offset, DhcpMessage m)
        {
            for (int i = 0; i < OptionsOffset; i++) b[offset + i] = 0;
            b[offset + OpOffset] = (byte)m.Op;
            b[offset + HardwareTypeOffset] = 1;
            b[offset + HardwareLengthOffset] = 6;
            NetworkOrder.WriteUInt32(b, offset + TransactionIdOffset, m.TransactionId);
            NetworkOrder.WriteUInt16(b, offset + SecondsOffset, m.Seconds);
            NetworkOrder.WriteUInt16(b, offset + FlagsOffset, m.Flags);
            NetworkOrder.WriteUInt32(b, offset + ClientAddressOffset, m.ClientAddress);
            NetworkOrder.WriteUInt32(b, offset + YourAddressOffset, m.YourAddress);
            NetworkOrder.WriteUInt32(b, offset + ServerAddressOffset, m.ServerAddress);
            NetworkOrder.WriteUInt32(b, offset + RelayAddressOffset, m.RelayAddress);
            for (int i = 0; i < 6; i++) b[offset + ClientHardwareOffset + i] = m.ClientHardware[m.ClientHardwareOffset + i];
            NetworkOrder.WriteUInt32(b, offset + MagicCookieOffset, MagicCookie);
            return offset + OptionsOffset;
        }

        /// <summary>Writes a one-byte option at b[p]; returns the next position.</summary>
        public static int PutByte(byte[] b, int p, int code, int value)
        {
            b[p] = (byte)code; b[p + 1] = 1; b[p + 2] = (byte)value;
            return p + 3;
        }

        /// <summary>Writes a two-byte option at b[p]; returns the next position.</summary>
        public static int PutUInt16(byte[] b, int p, int code, int value)
        {
            b[p] = (byte)code; b[p + 1] = 2;
            NetworkOrder.WriteUInt16(b, p + 2, value);
            return p + 4;
        }

        /// <summary>Writes a four-byte option (an address or a time) at b[p]; returns the next position.</summary>
        public static int PutUInt32(byte[] b, int p, int code, uint value)
        {
            b[p] = (byte)code; b[p + 1] = 4;
            NetworkOrder.WriteUInt32(b, p + 2, value);
            return p + 6;
        }

        /// <summary>Writes an option whose value is bytes src[srcOffset..+length) (length 0..255).</summary>
        public static int PutBytes(byte[] b, int p, int code, byte[] src, int srcOffset, int length)
        {
            b[p] = (byte)code; b[p + 1] = (byte)length;
            for (int i = 0; i < length; i++) b[p + 2 + i] = src[srcOffset + i];
            return p + 2 + length;
        }

        /// <summary>Writes End; returns the next position.</summary>
        public static int PutEnd(byte[] b, int p)
        {
            b[p] = OptionEnd;
            return p + 1;
        }
    }
}
