namespace NanoTcp.Wire
{
    /// <summary>
    /// The TCP header (RFC 9293 3.1). Two views, as everywhere in Wire/: TryParse checks an
    /// untrusted buffer once and fills a reused TcpSegment; the writers trust the buffer size
    /// the caller gives them.
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |          Source Port          |       Destination Port        |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                        Sequence Number                        |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                    Acknowledgment Number                      |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |  Data |       |C|E|U|A|P|R|S|F|                               |
    /// | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
    /// |       |       |R|E|G|K|H|T|N|N|                               |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |           Checksum            |         Urgent Pointer        |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                           [Options]                           |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// </summary>
    public static class TcpHeader
    {
        public const int SourcePortOffset = 0;
        public const int DestinationPortOffset = 2;
        public const int SequenceOffset = 4;
        public const int AcknowledgmentOffset = 8;
        public const int DataOffsetOffset = 12;
        public const int FlagsOffset = 13;
        public const int WindowOffset = 14;
        public const int ChecksumOffset = 16;
        public const int UrgentPointerOffset = 18;
        public const int MinLength = 20;
        public const int MaxLength = 60;

        public const int Fin = 0x01;
        public const int Syn = 0x02;
        public const int Rst = 0x04;
        public const int Psh = 0x08;
        public const int Ack = 0x10;
        public const int Urg = 0x20;

        // RFC 9293 3.2 option kinds (MUST-4: EOL, NOP, MSS are mandatory).
        public const byte OptionEnd = 0;
        public const byte OptionNop = 1;
        public const byte OptionMss = 2;
        public const int OptionMssLength = 4;

        /// <summary>
        /// Checks and parses packet[offset..offset+length) into seg. False (seg undefined) when
        /// the segment is shorter than its header or the data offset is below 5. Options are
        /// parsed at any alignment (MUST-64); unknown ones are skipped by their length (MUST-6);
        /// an illegal length (0, 1, or past the header) ends option parsing without failing
        /// the segment (MUST-7) and is flagged in seg.OptionsMalformed. Never throws.
        /// The checksum is not verified here (see VerifyChecksum).
        /// </summary>
        public static bool TryParse(byte[] packet, int offset, int length, TcpSegment seg)
        {
            if (packet == null || offset < 0 || length < MinLength || (uint)offset + (uint)length > (uint)packet.Length)
            {
                return false;
            }
            int headerLength = (packet[offset + DataOffsetOffset] >> 4) * 4;
            if (headerLength < MinLength || headerLength > length)
            {
                return false;
            }
            seg.SourcePort = NetworkOrder.ReadUInt16(packet, offset + SourcePortOffset);
            seg.DestinationPort = NetworkOrder.ReadUInt16(packet, offset + DestinationPortOffset);
            seg.Sequence = NetworkOrder.ReadUInt32(packet, offset + SequenceOffset);
            seg.Acknowledgment = NetworkOrder.ReadUInt32(packet, offset + AcknowledgmentOffset);
            seg.Flags = packet[offset + FlagsOffset] & 0x3F;
            seg.Window = NetworkOrder.ReadUInt16(packet, offset + WindowOffset);
            seg.UrgentPointer = NetworkOrder.ReadUInt16(packet, offset + UrgentPointerOffset);
            seg.HeaderLength = headerLength;
            seg.PayloadOffset = offset + headerLength;
            seg.PayloadLength = length - headerLength;
            seg.Mss = 0;
            seg.OptionsMalformed = false;
            ParseOptions(packet, offset + MinLength, offset + headerLength, seg);
            return true;
        }

        private static void ParseOptions(byte[] b, int i, int end, TcpSegment seg)
        {
            while (i < end)
            {
                byte kind = b[i];
                if (kind == OptionEnd)
                {
                    return; // RFC 9293 3.2: end of option list.
                }
                if (kind == OptionNop)
                {
                    i++;
                    continue;
                }
                // Every other option has a length byte counting kind and length (MUST-68).
                if (i + 1 >= end)
                {
                    seg.OptionsMalformed = true;
                    return;
                }
                int optionLength = b[i + 1];
                if (optionLength < 2 || optionLength > end - i)
                {
                    // MUST-7: a zero, one or overlong length cannot be skipped safely; stop here.
                    seg.OptionsMalformed = true;
                    return;
                }
                if (kind == OptionMss && optionLength == OptionMssLength)
                {
                    seg.Mss = NetworkOrder.ReadUInt16(b, i + 2);
                }
                // MUST-6: unknown options (and an MSS of the wrong size) are skipped by length.
                i += optionLength;
            }
        }

        /// <summary>True when the checksum over pseudo-header, header and payload is right (MUST-3).</summary>
        public static bool VerifyChecksum(uint sourceIp, uint destinationIp, byte[] packet, int offset, int length)
        {
            uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, 6, length);
            sum = Checksum.Add(sum, packet, offset, length);
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return sum == 0xFFFF;
        }

        /// <summary>
        /// Writes a header at b[offset..]. With mss &gt; 0 an MSS option follows (only on SYNs,
        /// MUST-65), which is 4 bytes and so needs no padding (MUST-69 would pad with zeros).
        /// Returns the header length (20 or 24). The checksum field is zeroed; call FinishChecksum.
        /// </summary>
        public static int Write(byte[] b, int offset, int sourcePort, int destinationPort, uint sequence,
            uint acknowledgment, int flags, int window, int urgentPointer, int mss)
        {
            int headerLength = mss > 0 ? MinLength + OptionMssLength : MinLength;
            NetworkOrder.WriteUInt16(b, offset + SourcePortOffset, sourcePort);
            NetworkOrder.WriteUInt16(b, offset + DestinationPortOffset, destinationPort);
            NetworkOrder.WriteUInt32(b, offset + SequenceOffset, sequence);
            NetworkOrder.WriteUInt32(b, offset + AcknowledgmentOffset, acknowledgment);
            b[offset + DataOffsetOffset] = (byte)((headerLength / 4) << 4);
            b[offset + FlagsOffset] = (byte)(flags & 0x3F);
            NetworkOrder.WriteUInt16(b, offset + WindowOffset, window);
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, 0);
            NetworkOrder.WriteUInt16(b, offset + UrgentPointerOffset, urgentPointer);
            if (mss > 0)
            {
                b[offset + MinLength] = OptionMss;
                b[offset + MinLength + 1] = OptionMssLength; // MUST-68: length byte present.
                NetworkOrder.WriteUInt16(b, offset + MinLength + 2, mss);
            }
            return headerLength;
        }

        /// <summary>Computes and stores the checksum of the segment b[offset..offset+length) (MUST-2).</summary>
        public static void FinishChecksum(byte[] b, int offset, int length, uint sourceIp, uint destinationIp)
        {
            uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, 6, length);
            sum = Checksum.Add(sum, b, offset, length);
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, Checksum.Finish(sum));
        }
    }

    /// <summary>
    /// One parsed TCP segment; the engine keeps one and refills it for every packet, so
    /// parsing allocates nothing. Payload stays in the caller's buffer (PayloadOffset/Length).
    /// </summary>
    public sealed class TcpSegment
    {
        public int SourcePort;
        public int DestinationPort;
        public uint Sequence;
        public uint Acknowledgment;
        /// <summary>The six classic flag bits (TcpHeader.Fin ... TcpHeader.Urg).</summary>
        public int Flags;
        public int Window;
        public int UrgentPointer;
        public int HeaderLength;
        public int PayloadOffset;
        public int PayloadLength;
        /// <summary>The MSS option's value, 0 when the segment carried none.</summary>
        public int Mss;
        /// <summary>An option had an illegal length; parsing stopped there (MUST-7).</summary>
        public bool OptionsMalformed;

        public bool Has(int flag) { return (Flags & flag) != 0; }

        /// <summary>SEG.LEN: payload plus one for SYN and one for FIN (RFC 9293 3.4).</summary>
        public int SequenceLength
        {
            get
            {
                int n = PayloadLength;
                if ((Flags & TcpHeader.Syn) != 0) n++;
                if ((Flags & TcpHeader.Fin) != 0) n++;
                return n;
            }
        }
    }
}
