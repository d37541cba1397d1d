using System;
using System.Text;

namespace NanoTcp.Testing
{
    /// <summary>TCP header flags (RFC 9293 3.1), for hand-made segments and expectations.</summary>
    [Flags]
    public enum TcpFlags
    {
        None = 0, Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10, Urg = 0x20,
    }

    /// <summary>A TCP segment as a raw peer sends or receives it.</summary>
    public sealed record RawSegment(int SourcePort, int DestinationPort, uint Seq, uint Ack, TcpFlags Flags,
        int Window = 65535, byte[]? Payload = null, int UrgentPointer = 0, int Mss = 0)
    {
        /// <summary>Source and destination IPv4 addresses (host order), filled in on receipt.</summary>
        public uint SourceIp { get; init; }
        public uint DestinationIp { get; init; }
        /// <summary>False when the received segment's checksum was wrong.</summary>
        public bool ChecksumOk { get; init; } = true;
        public int PayloadLength => Payload?.Length ?? 0;

        public override string ToString()
        {
            var s = new StringBuilder();
            s.Append('[').Append(Flags.ToString().Replace(", ", ",").ToUpperInvariant()).Append("] ")
             .Append(SourcePort).Append("->").Append(DestinationPort)
             .Append(" seq=").Append(Seq).Append(" ack=").Append(Ack)
             .Append(" win=").Append(Window).Append(" len=").Append(PayloadLength);
            if (UrgentPointer != 0) s.Append(" urp=").Append(UrgentPointer);
            if (Mss != 0) s.Append(" mss=").Append(Mss);
            if (!ChecksumOk) s.Append(" BAD-CHECKSUM");
            return s.ToString();
        }
    }

    /// <summary>
    /// What an expected segment must look like: exactly these flags, and where given, this
    /// sequence number, acknowledgment number, payload length and window.
    /// </summary>
    public sealed record SegmentPattern(TcpFlags Flags, uint? Seq = null, uint? Ack = null, int? PayloadLength = null, int? Window = null)
    {
        public bool Matches(RawSegment s) =>
            s.ChecksumOk && s.Flags == Flags && (Seq == null || s.Seq == Seq) && (Ack == null || s.Ack == Ack)
            && (PayloadLength == null || s.PayloadLength == PayloadLength) && (Window == null || s.Window == Window);

        public override string ToString() =>
            "[" + Flags.ToString().Replace(", ", ",").ToUpperInvariant() + "]" + (Seq != null ? " seq=" + Seq : "") + (Ack != null ? " ack=" + Ack : "")
            + (PayloadLength != null ? " len=" + PayloadLength : "") + (Window != null ? " win=" + Window : "");
    }
}
