using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    // Segment arrival (RFC 9293 3.10.7): checks, demultiplexing, and the CLOSED and LISTEN
    // cases, which have no connection of their own. Connections take it from there
    // (TcpConnection.Input.cs).
    public sealed partial class TcpStack
    {
        public void Input(uint sourceIp, uint destinationIp, byte[] packet, int offset, int length, long nowMs)
        {
            _lastNowMs = nowMs;
            Counters.SegmentsIn++;
            TcpSegment seg = _segment;
            ParseStatus parsed = TcpHeader.TryParse(packet, offset, length, sourceIp, destinationIp, seg);
            if (parsed == ParseStatus.BadChecksum)
            {
                Counters.ChecksumErrors++; // MUST-3: the receiver checks the checksum.
                return;
            }
            if (parsed != ParseStatus.Ok)
            {
                Counters.MalformedDropped++;
                return;
            }
            if (seg.OptionsMalformed) Counters.MalformedOptions++;
            // MUST-57: discard segments to broadcast/multicast; MUST-63: nor from such a source.
            if (!IsUnicast(destinationIp) || !IsUnicast(sourceIp))
            {
                Counters.AddressDropped++;
                return;
            }
            if (seg.SourcePort == 0 || seg.DestinationPort == 0)
            {
                Counters.MalformedDropped++;
                return;
            }

            TcpConnection c = Find(destinationIp, seg.DestinationPort, sourceIp, seg.SourcePort);
            if (c != null)
            {
                c.Input(seg, packet, nowMs);
                if (c.AckNow || c.InUse) _outputPending = true;
                return;
            }
            for (int i = 0; i < _listeners.Length; i++)
            {
                if (_listeners[i].InUse && _listeners[i].LocalPort == seg.DestinationPort)
                {
                    ListenInput(_listeners[i], sourceIp, destinationIp, seg, nowMs);
                    return;
                }
            }
            ClosedInput(sourceIp, destinationIp, seg, nowMs);
        }

        private TcpConnection Find(uint localIp, int localPort, uint remoteIp, int remotePort)
        {
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.InUse && c.State != TcpState.Closed && c.LocalPort == localPort && c.RemotePort == remotePort
                    && c.RemoteIp == remoteIp && c.LocalIp == localIp)
                {
                    return c;
                }
            }
            return null;
        }

        /// <summary>RFC 9293 3.10.7.1: no connection. Never an RST for an RST.</summary>
        private void ClosedInput(uint sourceIp, uint destinationIp, TcpSegment seg, long nowMs)
        {
            if (seg.Has(TcpFlags.Rst)) return;
            ReplyWithReset(destinationIp, sourceIp, seg, nowMs);
        }

        /// <summary>RFC 9293 3.10.7.2: LISTEN.</summary>
        private void ListenInput(TcpListener l, uint sourceIp, uint destinationIp, TcpSegment seg, long nowMs)
        {
            // First, an RST is ignored.
            if (seg.Has(TcpFlags.Rst)) return;
            // Second, any ACK draws <SEQ=SEG.ACK><CTL=RST>.
            if (seg.Has(TcpFlags.Ack))
            {
                ReplyWithReset(destinationIp, sourceIp, seg, nowMs); // <SEQ=SEG.ACK><CTL=RST>
                return;
            }
            // Third, a SYN.
            if (!seg.Has(TcpFlags.Syn)) return;
            // MUST-41: a full backlog touches no other connection. Its oldest half-open entry
            // makes room (RFC 4987 3.3, TcpStack.Lifetimes.cs); a backlog of established,
            // not yet accepted connections drops the SYN (counted).
            if (l.Backlog >= _options.ListenBacklog && !RecycleOldestHalfOpen(l, nowMs))
            {
                Counters.ListenBacklogDrops++;
                return;
            }
            TcpConnection c = Allocate(nowMs);
            if (c == null && RecycleOldestHalfOpen(l, nowMs)) c = Allocate(nowMs);
            if (c == null)
            {
                Counters.NoSlotDrops++;
                return;
            }
            c.Open(destinationIp, seg.DestinationPort, sourceIp, seg.SourcePort,
                NewIsn(destinationIp, seg.DestinationPort, sourceIp, seg.SourcePort, nowMs), nowMs);
            c.Listener = l.Index;
            l.Backlog++;
            c.FromListen = true; // MUST-11
            c.R2StartMs = nowMs;
            Counters.PassiveOpens++;
            c.SetState(TcpState.Listen, nowMs); // the slot takes the listener's state, then moves on
            c.AcceptSyn(seg, nowMs);
            c.SetState(TcpState.SynReceived, nowMs);
            c.SendSyn(nowMs);
            // Data or a FIN on the SYN is not queued: it is not acknowledged, so the peer sends it again.
        }

        /// <summary>
        /// RFC 9293 3.10.7.1: the reset that answers an unwanted segment, built from it (ports
        /// swapped): &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt; when it carries an ACK, else
        /// &lt;SEQ=0&gt;&lt;ACK=SEG.SEQ+SEG.LEN&gt;&lt;CTL=RST,ACK&gt;. The caller has already
        /// made sure it is not itself an RST (never an RST for an RST).
        /// </summary>
        internal void ReplyWithReset(uint localIp, uint remoteIp, TcpSegment unwanted, long nowMs)
        {
            TcpSegment reset = _outgoing;
            reset.Clear();
            reset.SourcePort = unwanted.DestinationPort;
            reset.DestinationPort = unwanted.SourcePort;
            if (unwanted.Has(TcpFlags.Ack))
            {
                reset.Sequence = unwanted.Acknowledgment;
                reset.Flags = TcpFlags.Rst;
            }
            else
            {
                reset.Acknowledgment = unwanted.Sequence + (uint)unwanted.SequenceLength;
                reset.Flags = TcpFlags.Rst | TcpFlags.Ack;
            }
            SendReset(localIp, remoteIp, reset, nowMs);
        }

        /// <summary>The segment object every outgoing segment is built in (one per stack, reused).</summary>
        internal TcpSegment Outgoing { get { return _outgoing; } }

        /// <summary>Sends a filled-in RST (window 0, no payload) outside any connection's
        /// send path: it never changes SND.NXT and is never retransmitted.</summary>
        internal void SendReset(uint localIp, uint remoteIp, TcpSegment reset, long nowMs)
        {
            byte[] tx = _ip.TransmitBuffer;
            int o = _ip.TransportOffset;
            reset.Window = 0;
            reset.PayloadLength = 0;
            int h = TcpHeader.Write(tx, o, reset);
            TcpHeader.FinishChecksum(tx, o, h, localIp, remoteIp);
            Counters.ResetsSent++;
            Counters.SegmentsOut++;
            if (localIp != _ip.LocalAddress) Counters.AddressMismatchDrops++; // MUST-45
            else if (!_ip.SendIpv4(remoteIp, 6, h, nowMs)) Counters.SendFailures++;
        }

        /// <summary>RFC 5961 3.2, 4.2, 5.2: &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;, rate-limited (RFC 5961 7).</summary>
        internal void SendChallengeAck(TcpConnection c, long nowMs)
        {
            if (!_challengeAcks.Allow(nowMs))
            {
                Counters.ChallengeAcksSuppressed++;
                return;
            }
            Counters.ChallengeAcksSent++;
            c.SendAck(nowMs);
        }

        public void IcmpError(int type, int code, uint remoteIp, byte[] quoted, int offset, int length, long nowMs)
        {
            if (quoted == null || offset < 0 || length < 8 || offset > quoted.Length - 8) return;
            Counters.IcmpErrors++;
            // MUST-55: Source Quench (type 4) is silently discarded.
            if (type == 4) return;
            int localPort = NetworkOrder.ReadUInt16(quoted, offset);
            int remotePort = NetworkOrder.ReadUInt16(quoted, offset + 2);
            uint seq = NetworkOrder.ReadUInt32(quoted, offset + 4);
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (!c.InUse || c.State == TcpState.Closed || c.LocalPort != localPort || c.RemotePort != remotePort || c.RemoteIp != remoteIp) continue;
                // RFC 5927 4.1: only an error quoting a sequence number we have in flight.
                if (Seq.Lt(seq, c.SndUna) || Seq.Gt(seq, c.SndMax)) return;
                // RFC 1122 4.2.3.9: protocol and port unreachable are hard errors; we act on
                // them only while opening (as Linux does). MUST-56: codes 0, 1, 5, Time
                // Exceeded and Parameter Problem never abort; all errors are reported (MUST-54).
                if (type == 3 && (code == 2 || code == 3) && c.State == TcpState.SynSent)
                {
                    c.WasRefused = true;
                    EnterClosed(c, nowMs);
                    return;
                }
                c.SoftError = true;
                return;
            }
        }
    }
}
