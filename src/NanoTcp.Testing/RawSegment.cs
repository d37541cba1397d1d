using System;
using System.Text;
using NanoTcp.Wire;

namespace NanoTcp.Testing
{
    /// <summary>
    /// A whole TCP segment as a test writes or reads it: every header field, the options and
    /// the payload bytes. Flags are NanoTcp.Wire's <see cref="TcpFlags"/>, the same the engine
    /// uses. <see cref="Parse"/> reads one from the wire through TcpHeader.TryParse (the checked
    /// path) and <see cref="WriteTo"/> writes one through TcpHeader.Write, so a test segment
    /// and an engine segment are made and read by the same code.
    /// </summary>
    public sealed record RawSegment(int SourcePort, int DestinationPort, uint Seq, uint Ack, TcpFlags Flags,
        int Window = 65535, byte[]? Payload = null, int UrgentPointer = 0, int Mss = 0)
    {
        /// <summary>Source and destination IPv4 addresses (host order), filled in on receipt.</summary>
        public uint SourceIp { get; init; }
        public uint DestinationIp { get; init; }
        /// <summary>False when the received segment's checksum was wrong.</summary>
        public bool ChecksumOk { get; init; } = true;

        /// <summary>
        /// The option bytes between the fixed 20-byte header and the payload, exactly as on the
        /// wire. On receipt: what the segment carried (empty when none). To send: when not null,
        /// these bytes (a multiple of 4, up to 40) are written instead of the MSS option, for
        /// odd or malformed options; when null, <see cref="Mss"/> decides.
        /// </summary>
        public byte[]? Options { get; init; }

        public int PayloadLength => Payload?.Length ?? 0;

        /// <summary>Option bytes this segment puts on the wire: Options, else an MSS option when Mss &gt; 0, else none.</summary>
        public byte[] WireOptions()
        {
            if (Options != null) return Options;
            if (Mss <= 0) return Array.Empty<byte>();
            return new byte[] { TcpHeader.OptionMss, TcpHeader.OptionMssLength, (byte)(Mss >> 8), (byte)Mss };
        }

        /// <summary>Header, options and payload length in bytes.</summary>
        public int Length => TcpHeader.MinLength + WireOptions().Length + PayloadLength;

        /// <summary>
        /// Writes the whole segment at b[offset..] with its checksum over the IPv4 pseudo-header
        /// of sourceIp -> destinationIp; returns its length.
        /// </summary>
        public int WriteTo(byte[] b, int offset, uint sourceIp, uint destinationIp)
        {
            byte[] options = WireOptions();
            if (options.Length % 4 != 0 || options.Length > TcpHeader.MaxLength - TcpHeader.MinLength)
                throw new ArgumentException("TCP options must be a multiple of 4 bytes, at most 40; pad with NOP (1) or EOL (0).", nameof(Options));
            var header = new TcpSegment
            {
                SourcePort = SourcePort, DestinationPort = DestinationPort, Sequence = Seq, Acknowledgment = Ack,
                Flags = Flags, Window = Window, UrgentPointer = UrgentPointer,
            };
            int h = TcpHeader.Write(b, offset, header);
            Array.Copy(options, 0, b, offset + h, options.Length);
            h += options.Length;
            b[offset + TcpHeader.DataOffsetOffset] = (byte)((h / 4) << 4);
            if (PayloadLength > 0) Array.Copy(Payload!, 0, b, offset + h, PayloadLength);
            TcpHeader.FinishChecksum(b, offset, h + PayloadLength, sourceIp, destinationIp);
            return h + PayloadLength;
        }

        /// <summary>The segment as bytes (see <see cref="WriteTo"/>).</summary>
        public byte[] ToBytes(uint sourceIp, uint destinationIp)
        {
            var b = new byte[Length];
            WriteTo(b, 0, sourceIp, destinationIp);
            return b;
        }

        /// <summary>
        /// Reads b[offset..offset+length) through TcpHeader.TryParse and checks its checksum
        /// (ChecksumOk). Null when the header itself is unparsable.
        /// </summary>
        public static RawSegment? Parse(byte[] b, int offset, int length, uint sourceIp, uint destinationIp)
        {
            var s = new TcpSegment();
            ParseStatus r = TcpHeader.TryParse(b, offset, length, sourceIp, destinationIp, s);
            if (r != ParseStatus.Ok && r != ParseStatus.BadChecksum) return null;
            var options = new byte[s.HeaderLength - TcpHeader.MinLength];
            Array.Copy(b, offset + TcpHeader.MinLength, options, 0, options.Length);
            var payload = new byte[s.PayloadLength];
            Array.Copy(b, s.PayloadOffset, payload, 0, payload.Length);
            return new RawSegment(s.SourcePort, s.DestinationPort, s.Sequence, s.Acknowledgment, s.Flags, s.Window, payload,
                s.UrgentPointer, s.Mss)
            {
                SourceIp = sourceIp, DestinationIp = destinationIp, Options = options,
                ChecksumOk = r == ParseStatus.Ok,
            };
        }

        /// <summary>True when this flag (or every flag given) is set.</summary>
        public bool Has(TcpFlags flag) => flag != TcpFlags.None && (Flags & flag) == flag;

        /// <summary>
        /// The fields in which other differs from this one, "" when none: ports, seq, ack,
        /// flags, window, urgent pointer, options and payload bytes, each as expected/got.
        /// </summary>
        public string Differences(RawSegment other)
        {
            var d = new StringBuilder();
            if (Flags != other.Flags) d.Append(" flags ").Append(FlagText(Flags)).Append('/').Append(FlagText(other.Flags));
            if (SourcePort != other.SourcePort) d.Append(" sport ").Append(SourcePort).Append('/').Append(other.SourcePort);
            if (DestinationPort != other.DestinationPort) d.Append(" dport ").Append(DestinationPort).Append('/').Append(other.DestinationPort);
            if (Seq != other.Seq) d.Append(" seq ").Append(Seq).Append('/').Append(other.Seq);
            if (Ack != other.Ack) d.Append(" ack ").Append(Ack).Append('/').Append(other.Ack);
            if (Window != other.Window) d.Append(" win ").Append(Window).Append('/').Append(other.Window);
            if (UrgentPointer != other.UrgentPointer) d.Append(" urp ").Append(UrgentPointer).Append('/').Append(other.UrgentPointer);
            if (!WireOptions().AsSpan().SequenceEqual(other.WireOptions()))
                d.Append(" options ").Append(Hex(WireOptions())).Append('/').Append(Hex(other.WireOptions()));
            if (PayloadLength != other.PayloadLength) d.Append(" len ").Append(PayloadLength).Append('/').Append(other.PayloadLength);
            else if (PayloadLength > 0 && !Payload.AsSpan().SequenceEqual(other.Payload))
            {
                int i = 0;
                while (Payload![i] == other.Payload![i]) i++;
                d.Append(" payload differs at byte ").Append(i).Append(": ").Append(Payload[i]).Append('/').Append(other.Payload[i]);
            }
            if (ChecksumOk != other.ChecksumOk) d.Append(" checksum ").Append(ChecksumOk ? "ok" : "bad").Append('/').Append(other.ChecksumOk ? "ok" : "bad");
            return d.ToString().Trim();
        }

        /// <summary>Whole-segment equality: every field <see cref="Differences"/> compares.</summary>
        public bool SameAs(RawSegment other) => Differences(other).Length == 0;

        internal static string FlagText(TcpFlags f) => f == TcpFlags.None ? "" : f.ToString().Replace(", ", ",").ToUpperInvariant();

        private static string Hex(byte[] b) => b.Length == 0 ? "-" : Convert.ToHexString(b);

        public override string ToString()
        {
            var s = new StringBuilder();
            s.Append('[').Append(FlagText(Flags)).Append("] ")
             .Append(SourcePort).Append("->").Append(DestinationPort)
             .Append(" seq=").Append(Seq).Append(" ack=").Append(Ack)
             .Append(" win=").Append(Window).Append(" len=").Append(PayloadLength);
            if (UrgentPointer != 0) s.Append(" urp=").Append(UrgentPointer);
            if (Mss != 0) s.Append(" mss=").Append(Mss);
            if (Options != null && Options.Length > 0 && (Mss == 0 || Options.Length != 4)) s.Append(" opt=").Append(Hex(Options));
            if (!ChecksumOk) s.Append(" BAD-CHECKSUM");
            return s.ToString();
        }
    }

    /// <summary>
    /// What an expected segment must look like: exactly these flags, and where given, this
    /// sequence number, acknowledgment number, payload length, window, urgent pointer, MSS
    /// option and payload bytes. <see cref="Exactly"/> makes a pattern that fixes every field.
    /// </summary>
    public sealed record SegmentPattern(TcpFlags Flags, uint? Seq = null, uint? Ack = null, int? PayloadLength = null, int? Window = null,
        int? UrgentPointer = null, int? Mss = null, byte[]? Payload = null)
    {
        /// <summary>When set, the segment must equal this one in every field (RawSegment.Differences).</summary>
        public RawSegment? Whole { get; init; }

        /// <summary>A pattern that matches only a segment equal to s in every field, options and payload bytes included.</summary>
        public static SegmentPattern Exactly(RawSegment s) => new SegmentPattern(s.Flags) { Whole = s };

        public bool Matches(RawSegment s) =>
            Whole != null ? Whole.SameAs(s) :
            s.ChecksumOk && s.Flags == Flags && (Seq == null || s.Seq == Seq) && (Ack == null || s.Ack == Ack)
            && (PayloadLength == null || s.PayloadLength == PayloadLength) && (Window == null || s.Window == Window)
            && (UrgentPointer == null || s.UrgentPointer == UrgentPointer) && (Mss == null || s.Mss == Mss)
            && (Payload == null || Payload.AsSpan().SequenceEqual(s.Payload ?? Array.Empty<byte>()));

        public override string ToString() =>
            Whole != null ? "exactly " + Whole :
            "[" + RawSegment.FlagText(Flags) + "]" + (Seq != null ? " seq=" + Seq : "") + (Ack != null ? " ack=" + Ack : "")
            + (PayloadLength != null ? " len=" + PayloadLength : "") + (Window != null ? " win=" + Window : "")
            + (UrgentPointer != null ? " urp=" + UrgentPointer : "") + (Mss != null ? " mss=" + Mss : "")
            + (Payload != null ? " payload=" + Payload.Length + " bytes" : "");
    }
}
