using System;
using NanoTcp.Wire;

namespace NanoTcp.Net
{
    // ICMP (RFC 792, RFC 1122 3.2.2): echo reply, Ping, errors in (to transports) and out.
    public sealed partial class NetworkInterface
    {
        /// <summary>ICMP errors quote our header and up to this many bytes in all (RFC 1812 4.3.2.3: 576).</summary>
        private const int IcmpErrorMaxDatagram = 576;
        private long _icmpErrorWindowStart;
        private int _icmpErrorsInWindow;
        private long _lastPingSentMs;
        private int _lastPingSequence = -1;
        private readonly IcmpMessage _icmpIn = new IcmpMessage();
        private readonly IcmpMessage _icmpOut = new IcmpMessage();

        /// <summary>Source of the last echo reply received.</summary>
        public uint LastEchoReplySource { get; private set; }
        public int LastEchoReplyIdentifier { get; private set; }
        public int LastEchoReplySequence { get; private set; }
        /// <summary>Round trip of the last echo reply whose sequence matches the last Ping, else -1.</summary>
        public long LastEchoReplyRttMs { get; private set; }

        /// <summary>Sends an ICMP echo request (RFC 792) with 32 bytes of data. Replies count in
        /// Counters.IcmpEchoRepliesIn and set the LastEchoReply* properties. False: not sent.</summary>
        public bool Ping(uint destinationIp, int identifier, int sequence, long nowMs)
        {
            return Ping(destinationIp, identifier, sequence, 32, nowMs);
        }

        /// <summary>Ping with payloadLength bytes of data (0 to MaxTransportLength - 8).</summary>
        public bool Ping(uint destinationIp, int identifier, int sequence, int payloadLength, long nowMs)
        {
            if (payloadLength < 0 || payloadLength > MaxTransportLength - Icmp.HeaderLength)
                throw new ArgumentOutOfRangeException("payloadLength", "Ping data is 0 to MaxTransportLength - 8 bytes.");
            int o = TransportOffset;
            for (int i = 0; i < payloadLength; i++) _tx[o + Icmp.HeaderLength + i] = (byte)('a' + i % 23);
            IcmpMessage m = _icmpOut;
            m.SetEcho(Icmp.TypeEchoRequest, identifier, sequence);
            m.PayloadLength = payloadLength;
            Icmp.Write(_tx, o, m);
            _lastPingSentMs = nowMs;
            _lastPingSequence = sequence & 0xFFFF;
            _counters.IcmpEchoRequestsOut++;
            return SendIpv4(destinationIp, Ipv4.ProtocolIcmp, Icmp.HeaderLength + payloadLength, nowMs);
        }

        private void HandleIcmp(bool toUs, long nowMs)
        {
            int o = _ip.PayloadOffset, n = _ip.PayloadLength;
            IcmpMessage m = _icmpIn;
            ParseStatus r = Icmp.TryParse(_rx, o, n, m);
            if (r == ParseStatus.BadChecksum) { _counters.IcmpChecksumErrors++; return; }
            if (r != ParseStatus.Ok) { _counters.DroppedIcmpMalformed++; return; }
            int type = m.Type;
            int code = m.Code;
            if (type == Icmp.TypeEchoRequest)
            {
                // RFC 1122 3.2.2.6: MUST answer echo; an echo to a broadcast MAY be discarded (we do).
                if (!toUs) { _counters.DroppedIcmpOther++; return; }
                _counters.IcmpEchoRequestsIn++;
                if (n > MaxTransportLength) return; // cannot happen with equal MTUs; kept for safety
                // The reply carries the request's identifier, sequence and data unchanged.
                Array.Copy(_rx, m.PayloadOffset, _tx, TransportOffset + Icmp.HeaderLength, m.PayloadLength);
                IcmpMessage reply = _icmpOut;
                reply.SetEcho(Icmp.TypeEchoReply, m.Identifier, m.Sequence);
                reply.PayloadLength = m.PayloadLength;
                Icmp.Write(_tx, TransportOffset, reply);
                if (SendIpv4(_ip.Source, Ipv4.ProtocolIcmp, n, nowMs)) _counters.IcmpEchoRepliesOut++;
                return;
            }
            if (type == Icmp.TypeEchoReply)
            {
                _counters.IcmpEchoRepliesIn++;
                LastEchoReplySource = _ip.Source;
                LastEchoReplyIdentifier = m.Identifier;
                LastEchoReplySequence = m.Sequence;
                LastEchoReplyRttMs = LastEchoReplySequence == _lastPingSequence ? nowMs - _lastPingSentMs : -1;
                return;
            }
            if (Icmp.IsError(type) && toUs)
            {
                // Quoted: IP header of our packet + at least 8 bytes of its transport header (RFC 792).
                int q = m.PayloadOffset, qn = m.PayloadLength;
                if (qn < Ipv4.MinimumHeaderLength || (_rx[q] >> 4) != 4) { _counters.DroppedIcmpMalformed++; return; }
                int qHeader = (_rx[q] & 0x0F) * 4;
                if (qHeader < Ipv4.MinimumHeaderLength || qHeader + 8 > qn) { _counters.DroppedIcmpMalformed++; return; }
                _counters.IcmpErrorsIn++;
                byte protocol = _rx[q + Ipv4.ProtocolOffset];
                uint remote = NetworkOrder.ReadUInt32(_rx, q + Ipv4.DestinationOffset);
                if (protocol == Ipv4.ProtocolUdp) { UdpIcmpError(type, code, remote, q + qHeader); return; }
                IIpTransport t = FindTransport(protocol);
                if (t != null) t.IcmpError(type, code, remote, _rx, q + qHeader, qn - qHeader, nowMs);
                return;
            }
            _counters.DroppedIcmpOther++;
        }

        /// <summary>
        /// Answers the packet in _rx (described by _ip) with an ICMP error. Callers have checked
        /// RFC 1122 3.2.2 (not for broadcasts, not for ICMP errors, unique source); this adds
        /// the rate limit of NetOptions.IcmpErrorsPerSecond.
        /// </summary>
        private void SendIcmpError(int type, int code, long nowMs)
        {
            if (LocalAddress == 0) return;
            if (nowMs - _icmpErrorWindowStart >= 1000) { _icmpErrorWindowStart = nowMs; _icmpErrorsInWindow = 0; }
            if (_icmpErrorsInWindow >= _options.IcmpErrorsPerSecond) return;
            _icmpErrorsInWindow++;
            int quoted = _ip.HeaderLength + _ip.PayloadLength;
            int max = IcmpErrorMaxDatagram - Ipv4HeaderLength - Icmp.HeaderLength;
            if (max > MaxTransportLength - Icmp.HeaderLength) max = MaxTransportLength - Icmp.HeaderLength;
            if (quoted > max) quoted = max;
            int o = TransportOffset;
            Array.Copy(_rx, _rxFrame + Ethernet.HeaderLength, _tx, o + Icmp.HeaderLength, quoted);
            IcmpMessage m = _icmpOut;
            m.Type = type;
            m.Code = code;
            m.RestOfHeader = 0;
            m.PayloadLength = quoted;
            Icmp.Write(_tx, o, m);
            if (SendIpv4(_ip.Source, Ipv4.ProtocolIcmp, Icmp.HeaderLength + quoted, nowMs)) _counters.IcmpUnreachablesOut++;
        }
    }
}
