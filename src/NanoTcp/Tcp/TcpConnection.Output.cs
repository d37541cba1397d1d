using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    // Segmentizing (RFC 9293 3.8.6.2.1 sender SWS avoidance and Nagle, 3.7 MSS) and the
    // one copy on the way out: send ring -> frame buffer.
    internal sealed partial class TcpConnection
    {
        /// <summary>Sequence number of the first byte in the send ring.</summary>
        internal uint DataStartSeq
        {
            get { return SynAcked ? SndUna : Iss + 1; }
        }

        internal void QueueFin()
        {
            FinQueued = true;
            FinSeq = DataStartSeq + (uint)SendRing.Count;
        }

        internal TcpEvents Events
        {
            get
            {
                TcpEvents e = TcpEvents.None;
                if (ReceiveRing.Count > 0) e |= TcpEvents.Readable;
                if (AppOwned && CanSend && !FinQueued && SendRing.Free > 0) e |= TcpEvents.Writable;
                if (PeerFin) e |= TcpEvents.PeerClosed;
                if (WasReset) e |= TcpEvents.Reset;
                if (WasRefused) e |= TcpEvents.Refused;
                if (WasTimedOut) e |= TcpEvents.TimedOut;
                if (WasConnected) e |= TcpEvents.Connected;
                if (ReceiveUrgent) e |= TcpEvents.Urgent;
                if (SoftError) e |= TcpEvents.SoftError;
                if (WasAddressChanged) e |= TcpEvents.AddressChanged;
                if (State == TcpState.Closed || State == TcpState.TimeWait) e |= TcpEvents.Closed;
                return e;
            }
        }

        /// <summary>Sends SYN (SYN-SENT) or SYN-ACK (SYN-RECEIVED) with our MSS (MUST-14), and
        /// arms the retransmission timer. SND.NXT is ISS before and ISS+1 after.</summary>
        internal void SendSyn(long nowMs)
        {
            TcpSegment syn = Segment(Iss, State == TcpState.SynReceived ? TcpFlags.Syn | TcpFlags.Ack : TcpFlags.Syn);
            // MUST-67: our MSS from MMS_R (IP MTU - 20) minus the 20-byte TCP header.
            syn.Mss = Stack.Ip.MaxTransportLength - TcpHeader.MinLength;
            bool first = SndMax == Iss;
            if (!first) SynRetransmitted = true;
            Transmit(syn, 0, nowMs);
            SndNxt = Iss + 1;
            if (first)
            {
                SndMax = SndNxt;
                RttActive = true;
                RttSeq = SndNxt;
                RttStartMs = nowMs;
            }
            RetransmitAt = nowMs + Rtt.RtoMs;
        }

        /// <summary>
        /// &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;, where SND.NXT is the highest we
        /// ever sent (SndMax): after a timeout we resend from SND.UNA, but a bare ACK with a
        /// rewound sequence number would be "old" to a peer that has our data and it would
        /// drop the ACK unread (RFC 9293 3.10.7.4 first): both sides could then stall.
        /// </summary>
        internal void SendAck(long nowMs)
        {
            // Same fix found independently by BulkTransferTests seed 2; BSD tcp_output:
            // "use snd_max instead of snd_nxt".
            Transmit(Segment(SndMax, TcpFlags.Ack), 0, nowMs);
        }

        /// <summary>
        /// Sends what may go now: new data as windows, Nagle and SWS avoidance allow, a FIN
        /// after the last byte, or a pure ACK when one is owed. force sends at least one
        /// octet (or the FIN) ignoring Nagle and SWS, and one octet even into a zero window
        /// (the persist probe, MUST-35/36).
        /// </summary>
        internal void Output(long nowMs, bool force)
        {
            if (!InUse) return;
            if (SynAcked && (State == TcpState.Established || State == TcpState.CloseWait || State == TcpState.FinWait1
                || State == TcpState.Closing || State == TcpState.LastAck))
            {
                SendData(nowMs, force);
            }
            if (AckNow && State != TcpState.Closed && State != TcpState.Listen && State != TcpState.SynSent)
            {
                if (State == TcpState.SynReceived)
                {
                    AckNow = false;
                }
                else
                {
                    SendAck(nowMs);
                }
            }
        }

        private void SendData(long nowMs, bool force)
        {
            // At most as many segments as fit in the send ring: bounded, no surprise loops.
            for (int guard = 0; guard < 64; guard++)
            {
                int sent = Seq.Diff(SndNxt, SndUna);
                int queued = SendRing.Count;
                int unsent = queued - sent;
                if (unsent < 0) unsent = 0;
                bool finPending = FinQueued && Seq.Le(SndNxt, FinSeq);
                if (unsent == 0 && !finPending) return;

                int window = SndWnd;
                int cwnd = Congestion.SendWindow;
                if (cwnd < window) window = cwnd;
                int usable = window - sent;
                if (usable < 0) usable = 0; // MUST-34: a window that shrank just stops new data
                int n = unsent;
                if (n > SendMss) n = SendMss;
                if (n > usable) n = usable;

                if (force && n == 0 && unsent > 0)
                {
                    n = 1; // persist probe into a zero or too-small window
                    Stack.Counters.ZeroWindowProbes++;
                }
                else if (n > 0 && n < SendMss && n < unsent && !force && Seq.Ge(SndNxt, SndMax))
                {
                    // Sender SWS avoidance (MUST-38): a partial segment that does not empty the
                    // queue waits unless it is at least half the largest window seen.
                    if (n < (MaxSndWnd >> 1)) { ArmPersistIfIdle(nowMs); return; }
                }
                bool newData = Seq.Ge(SndNxt, SndMax);
                if (n > 0 && n < SendMss && n == unsent && !NoDelay && !force && newData && Seq.Gt(SndSmall, SndUna))
                {
                    // Nagle (RFC 9293 3.7.4; MUST-17 can switch it off) in Minshall's form, as
                    // Linux: hold a small segment only while an earlier small one is unacknowledged,
                    // so the tail of a large write is not held hostage by the peer's delayed ACK.
                    return;
                }
                bool fin = finPending && n == unsent;
                if (n == 0 && !fin)
                {
                    ArmPersistIfIdle(nowMs);
                    return;
                }
                uint seq = SndNxt;
                TcpSegment data = Segment(seq, TcpFlags.Ack);
                if (n > 0 && n == unsent) data.Flags |= TcpFlags.Psh; // MUST-61: PSH on the last segment
                if (fin) data.Flags |= TcpFlags.Fin;
                MarkUrgent(data);
                data.PayloadLength = n;
                bool isNew = Seq.Ge(seq, SndMax);
                Transmit(data, sent, nowMs);
                if (!isNew) Stack.Counters.Retransmissions++;
                SndNxt = seq + (uint)n + (fin ? 1u : 0u);
                if (n < SendMss && !force) SndSmall = SndNxt;
                if (Seq.Gt(SndNxt, SndMax)) SndMax = SndNxt;
                if (isNew && !RttActive)
                {
                    RttActive = true;
                    RttSeq = SndNxt;
                    RttStartMs = nowMs;
                }
                if (RetransmitAt == Never) RetransmitAt = nowMs + Rtt.RtoMs;
                if (fin || force) return;
            }
        }

        /// <summary>Nothing in flight and data waiting behind a closed or small window: the
        /// persist timer (on the retransmission deadline) makes sure we probe (MUST-35, MUST-36).</summary>
        private void ArmPersistIfIdle(long nowMs)
        {
            if (SndUna == SndMax && RetransmitAt == Never)
            {
                RetransmitAt = nowMs + Rtt.RtoMs;
            }
        }

        /// <summary>Fast retransmit / partial ACK / RTO with data: one segment from SND.UNA.</summary>
        internal void RetransmitFirst(long nowMs)
        {
            int inFlight = Seq.Diff(SndMax, SndUna);
            if (inFlight <= 0) return;
            int n = SendRing.Count;
            if (n > inFlight) n = inFlight;
            if (n > SendMss) n = SendMss;
            bool fin = FinQueued && SndUna + (uint)n == FinSeq && Seq.Gt(SndMax, FinSeq);
            if (n == 0 && !fin) return;
            TcpSegment first = Segment(SndUna, TcpFlags.Ack);
            if (fin) first.Flags |= TcpFlags.Fin;
            if (n > 0 && n == SendRing.Count) first.Flags |= TcpFlags.Psh;
            MarkUrgent(first);
            first.PayloadLength = n;
            Transmit(first, 0, nowMs);
            Stack.Counters.Retransmissions++;
            RetransmitAt = nowMs + Rtt.RtoMs;
        }

        /// <summary>
        /// The stack's outgoing segment, cleared, with this connection's ports, SEG.SEQ and
        /// the control bits; the caller adds payload length, urgent pointer or MSS, and
        /// Transmit adds SEG.ACK and SEG.WND.
        /// </summary>
        private TcpSegment Segment(uint seq, TcpFlags flags)
        {
            TcpSegment s = Stack.Outgoing;
            s.Clear();
            s.SourcePort = LocalPort;
            s.DestinationPort = RemotePort;
            s.Sequence = seq;
            s.Flags = flags;
            return s;
        }

        /// <summary>In urgent mode, URG and the pointer to the first non-urgent octet as an
        /// offset from SEG.SEQ (MUST-62), capped at what 16 bits hold.</summary>
        private void MarkUrgent(TcpSegment s)
        {
            if (!SendUrgent || !Seq.Gt(SndUp, s.Sequence)) return;
            int up = Seq.Diff(SndUp, s.Sequence);
            s.UrgentPointer = up > 0xFFFF ? 0xFFFF : up;
            s.Flags |= TcpFlags.Urg;
        }

        /// <summary>&lt;SEQ=SND.NXT&gt;&lt;CTL=RST&gt; (the highest SND.NXT, see SendAck):
        /// ABORT, R2 and keep-alive give-up tell the peer this connection is gone.</summary>
        internal void SendReset(long nowMs)
        {
            SendReset(SndMax, nowMs);
        }

        /// <summary>&lt;SEQ=seq&gt;&lt;CTL=RST&gt; for this connection (TcpConnection.ResetSequence).</summary>
        internal void SendReset(uint seq, long nowMs)
        {
            Stack.SendReset(LocalIp, RemoteIp, Segment(seq, TcpFlags.Rst), nowMs);
        }

        /// <summary>
        /// Writes s straight into the interface's transmit buffer (headers below are reserved
        /// there) and sends it: SEG.ACK is RCV.NXT when s carries ACK (else 0), SEG.WND our
        /// advertised window, and s.PayloadLength bytes come from the send ring ringOffset
        /// bytes past SND.UNA.
        /// </summary>
        private void Transmit(TcpSegment s, int ringOffset, long nowMs)
        {
            IIpSender ip = Stack.Ip;
            byte[] tx = ip.TransmitBuffer;
            int o = ip.TransportOffset;
            bool hasAck = s.Has(TcpFlags.Ack);
            s.Acknowledgment = hasAck ? RcvNxt : 0;
            s.Window = AdvertisedWindow();
            int length = s.PayloadLength;
            int h = TcpHeader.Write(tx, o, s);
            if (length > 0) SendRing.Peek(ringOffset, tx, o + h, length);
            TcpHeader.FinishChecksum(tx, o, h + length, LocalIp, RemoteIp);
            Stack.Counters.SegmentsOut++;
            if (hasAck)
            {
                // Any segment carrying our ACK settles what was owed.
                AckNow = false;
                AckDueAt = Never;
                UnackedSegments = 0;
            }
            // MUST-45: a segment leaves only with the connection's own local address; the IP
            // header takes the interface's address, so after a change nothing may go out.
            if (LocalIp != ip.LocalAddress) Stack.Counters.AddressMismatchDrops++;
            else if (!ip.SendIpv4(RemoteIp, 6, h + length, nowMs)) Stack.Counters.SendFailures++;
        }
    }
}
