using System.Collections.Generic;
using System.Text;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Testing;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// IIpSender that keeps every segment the stack sends, read back through the wire's own
    /// parser (RawSegment.Parse): a segment that does not parse or carries a bad checksum
    /// (MUST-2) fails the test where it is sent.
    /// </summary>
    public sealed class CaptureIp : IIpSender
    {
        public uint LocalAddress { get; set; }
        public byte[] TransmitBuffer { get; } = new byte[1514];
        public int TransportOffset => 34;
        public int MaxTransportLength { get; set; } = 1480;
        public readonly List<RawSegment> Sent = new List<RawSegment>();
        /// <summary>While true, SendIpv4 refuses (a busy device): nothing is recorded.</summary>
        public bool Refuse;

        public bool SendIpv4(uint destinationIp, byte protocol, int transportLength, long nowMs)
        {
            Assert.Equal(6, protocol);
            if (Refuse) return false;
            RawSegment s = RawSegment.Parse(TransmitBuffer, TransportOffset, transportLength, LocalAddress, destinationIp);
            Assert.True(s != null, "stack sent an unparsable segment");
            Assert.True(s.ChecksumOk, "stack sent a bad checksum (MUST-2): " + s);
            Sent.Add(s);
            return true;
        }
    }

    /// <summary>Every state change the stack reports, for path assertions.</summary>
    public sealed class StateLog : ITcpTrace
    {
        public readonly List<(int Slot, TcpState From, TcpState To, long Now)> Changes = new();
        public void StateChanged(int slot, TcpState from, TcpState to, long nowMs) => Changes.Add((slot, from, to, nowMs));
        public string Path(int slot)
        {
            var sb = new StringBuilder();
            foreach (var c in Changes)
                if (c.Slot == slot) sb.Append(c.From).Append("->").Append(c.To).Append(' ');
            return sb.ToString().Trim();
        }
    }
}
