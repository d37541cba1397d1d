namespace NanoTcp.Wire
{
    /// <summary>
    /// The TCP header (RFC 9293 3.1). Two views, as everywhere in Wire/: TryParse checks an
    /// untrusted buffer once (checksum included) and fills a reused TcpSegment; the writers trust the buffer size
    /// the caller gives them, and take the same TcpSegment filled in.
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

        /// <summary>The six control bits of byte 13 (TcpFlags); ECE and CWR are not used.</summary>
        public const int FlagsMask = 0x3F;

        // RFC 9293 3.2 option kinds (MUST-4: EOL, NOP, MSS are mandatory).
        public const byte OptionEnd = 0;
        public const byte OptionNop = 1;
        public const byte OptionMss = 2;
        public const int OptionMssLength = 4;

        /// <summary>
        /// Checked path: packet[offset..offset+length) (the IP payload) as a TCP segment into a
        /// reused TcpSegment, sourceIp and destinationIp being the pseudo-header's addresses.
        /// Truncated: under 20 bytes, or a data offset past the segment. Malformed: a data offset
        /// below 5. BadChecksum: the checksum over pseudo-header, header and payload does not
        /// verify (MUST-3); the fields are filled all the same. Options are parsed at any
        /// alignment (MUST-64); unknown ones are skipped by their length (MUST-6); an illegal
        /// length (0, 1, or past the header) ends option parsing without failing the segment
        /// (MUST-7) and is flagged in seg.OptionsMalformed. Never throws.
        /// </summary>
        public static ParseStatus TryParse(byte[] packet, int offset, int length, uint sourceIp, uint destinationIp, TcpSegment seg)
        {
            if (packet == null || offset < 0 || length < MinLength || (uint)offset + (uint)length > (uint)packet.Length)
            {
                return ParseStatus.Truncated;
            }
            int headerLength = (packet[offset + DataOffsetOffset] >> 4) * 4;
            if (headerLength < MinLength) return ParseStatus.Malformed;
            if (headerLength > length) return ParseStatus.Truncated;
            seg.SourcePort = NetworkOrder.ReadUInt16(packet, offset + SourcePortOffset);
            seg.DestinationPort = NetworkOrder.ReadUInt16(packet, offset + DestinationPortOffset);
            seg.Sequence = NetworkOrder.ReadUInt32(packet, offset + SequenceOffset);
            seg.Acknowledgment = NetworkOrder.ReadUInt32(packet, offset + AcknowledgmentOffset);
            seg.Flags = (TcpFlags)(packet[offset + FlagsOffset] & FlagsMask);
            seg.Window = NetworkOrder.ReadUInt16(packet, offset + WindowOffset);
            seg.UrgentPointer = NetworkOrder.ReadUInt16(packet, offset + UrgentPointerOffset);
            seg.HeaderLength = headerLength;
            seg.PayloadOffset = offset + headerLength;
            seg.PayloadLength = length - headerLength;
            seg.Mss = 0;
            seg.OptionsMalformed = false;
            ParseOptions(packet, offset + MinLength, offset + headerLength, seg);
            // MUST-3: the receiver checks the checksum.
            uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, Ipv4.ProtocolTcp, length);
            if (Checksum.Finish(Checksum.Add(sum, packet, offset, length)) != 0) return ParseStatus.BadChecksum;
            return ParseStatus.Ok;
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

        /// <summary>
        /// Writes the header of seg at b[offset..]: ports, sequence, acknowledgment, flags,
        /// window and urgent pointer as filled in; with seg.Mss &gt; 0 an MSS option follows
        /// (the engine sets it only on SYNs, MUST-65), which is 4 bytes and so needs no padding
        /// (MUST-69 would pad with zeros). Sets seg.HeaderLength and returns it (20 or 24); the
        /// payload (seg.PayloadLength bytes) is the caller's to place after it. The checksum
        /// field is zeroed; call FinishChecksum once the payload is in place. Trusts the
        /// caller to have sized b (Wire/README.md).
        /// </summary>
        public static int Write(byte[] b, int offset, TcpSegment seg)
        {
            int headerLength = seg.Mss > 0 ? MinLength + OptionMssLength : MinLength;
            NetworkOrder.WriteUInt16(b, offset + SourcePortOffset, seg.SourcePort);
            NetworkOrder.WriteUInt16(b, offset + DestinationPortOffset, seg.DestinationPort);
            NetworkOrder.WriteUInt32(b, offset + SequenceOffset, seg.Sequence);
            NetworkOrder.WriteUInt32(b, offset + AcknowledgmentOffset, seg.Acknowledgment);
            b[offset + DataOffsetOffset] = (byte)((headerLength / 4) << 4);
            b[offset + FlagsOffset] = (byte)((int)seg.Flags & FlagsMask);
            NetworkOrder.WriteUInt16(b, offset + WindowOffset, seg.Window);
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, 0);
            NetworkOrder.WriteUInt16(b, offset + UrgentPointerOffset, seg.UrgentPointer);
            if (seg.Mss > 0)
            {
                b[offset + MinLength] = OptionMss;
                b[offset + MinLength + 1] = OptionMssLength; // MUST-68: length byte present.
                NetworkOrder.WriteUInt16(b, offset + MinLength + 2, seg.Mss);
            }
            seg.HeaderLength = headerLength;
            return headerLength;
        }

        /// <summary>Computes and stores the checksum of the segment b[offset..offset+length) (MUST-2).</summary>
        public static void FinishChecksum(byte[] b, int offset, int length, uint sourceIp, uint destinationIp)
        {
            uint sum = Checksum.AddPseudoHeader(0, sourceIp, destinationIp, Ipv4.ProtocolTcp, length);
            sum = Checksum.Add(sum, b, offset, length);
            NetworkOrder.WriteUInt16(b, offset + ChecksumOffset, Checksum.Finish(sum));
        }
    }

    /// <summary>
    /// One TCP segment, parsed or to be written: TcpHeader.TryParse fills it from the wire,
    /// TcpHeader.Write writes it. The engine keeps one for input and one for output and
    /// refills them for every packet, so neither direction allocates. The payload stays in
    /// a buffer (PayloadOffset/PayloadLength): the received packet, or the frame the engine
    /// copies its send ring into.
    /// </summary>
    public sealed class TcpSegment
    {
        /// <summary>SEG's source port.</summary>
        public int SourcePort;
        /// <summary>SEG's destination port.</summary>
        public int DestinationPort;
        /// <summary>SEG.SEQ.</summary>
        public uint Sequence;
        /// <summary>SEG.ACK; significant only with TcpFlags.Ack (then 0 on what we write).</summary>
        public uint Acknowledgment;
        /// <summary>The six control bits.</summary>
        public TcpFlags Flags;
        /// <summary>SEG.WND.</summary>
        public int Window;
        /// <summary>SEG.UP, an offset from SEG.SEQ; significant only with TcpFlags.Urg.</summary>
        public int UrgentPointer;
        /// <summary>The MSS option's value; 0 when the segment carries none (parse) or should carry none (write).</summary>
        public int Mss;
        /// <summary>Header length in bytes, options included (set by TryParse and by Write).</summary>
        public int HeaderLength;
        /// <summary>Where the payload starts in the buffer (parse: absolute offset in the packet).</summary>
        public int PayloadOffset;
        /// <summary>Payload bytes (SEG.LEN without SYN and FIN).</summary>
        public int PayloadLength;
        /// <summary>An option had an illegal length; parsing stopped there (MUST-7).</summary>
        public bool OptionsMalformed;

        /// <summary>True when every bit of flag is set.</summary>
        public bool Has(TcpFlags flag) { return (Flags & flag) == flag && flag != TcpFlags.None; }

        /// <summary>Sets every field to zero (no flags, no options, no payload).</summary>
        public void Clear()
        {
            SourcePort = 0;
            DestinationPort = 0;
            Sequence = 0;
            Acknowledgment = 0;
            Flags = TcpFlags.None;
            Window = 0;
            UrgentPointer = 0;
            Mss = 0;
            HeaderLength = 0;
            PayloadOffset = 0;
            PayloadLength = 0;
            OptionsMalformed = false;
        }

        /// <summary>SEG.LEN: payload plus one for SYN and one for FIN (RFC 9293 3.4).</summary>
        public int SequenceLength
        {
            get
            {
                int n = PayloadLength;
                if ((Flags & TcpFlags.Syn) != 0) n++;
                if ((Flags & TcpFlags.Fin) != 0) n++;
                return n;
            }
        }
    }
}
