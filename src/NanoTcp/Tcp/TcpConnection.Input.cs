using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    // RFC 9293 3.10.7.3 (SYN-SENT) and 3.10.7.4 (the other states), in the RFC's order:
    // sequence acceptability, RST, SYN, ACK, then URG, text and FIN (TcpConnection.Text.cs).
    // RFC 5961 hardening is applied where the RFC's text allows it (MAY-12).
    internal sealed partial class TcpConnection
    {
        internal void Input(TcpSegment seg, byte[] packet, long nowMs)
        {
            LastReceiveMs = nowMs;
            KeepAliveProbes = 0;
            if (State == TcpState.SynSent)
            {
                InputSynSent(seg, packet, nowMs);
                return;
            }
            InputSynchronized(seg, packet, nowMs);
            ScheduleKeepAlive();
        }

        /// <summary>Records what a SYN tells us: IRS, RCV.NXT and the peer's MSS (MUST-14..16).</summary>
        internal void AcceptSyn(TcpSegment seg, long nowMs)
        {
            Irs = seg.Sequence;
            RcvNxt = seg.Sequence + 1;
            RcvAdvRight = RcvNxt;
            // MUST-15: 536 when the option is absent; MUST-16: never more than our MTU allows.
            int mss = seg.Mss > 0 ? seg.Mss : TcpStack.DefaultMss;
            int ours = Stack.Ip.MaxTransportLength - TcpHeader.MinLength;
            if (mss > ours) mss = ours;
            if (mss < 64) mss = 64; // a peer's absurdly small MSS must not make us send 1-byte segments
            SendMss = mss;
            Congestion.Reset(mss, Iss);
            UpdateWindow(seg);
        }

        private void UpdateWindow(TcpSegment seg)
        {
            SndWnd = seg.Window;
            SndWl1 = seg.Sequence;
            SndWl2 = seg.Acknowledgment;
            if (SndWnd > MaxSndWnd) MaxSndWnd = SndWnd;
            if (SndWnd > 0) ZeroWindowSinceMs = -1; // the zero-window user timeout starts over
        }

        // ---------------- RFC 9293 3.10.7.3 SYN-SENT ----------------
        private void InputSynSent(TcpSegment seg, byte[] packet, long nowMs)
        {
            bool ack = seg.Has(TcpFlags.Ack);
            bool rst = seg.Has(TcpFlags.Rst);
            // First, the ACK bit: SEG.ACK =< ISS or SEG.ACK > SND.NXT is unacceptable.
            if (ack && (Seq.Le(seg.Acknowledgment, Iss) || Seq.Gt(seg.Acknowledgment, SndMax)))
            {
                if (!rst)
                {
                    Stack.ReplyWithReset(LocalIp, RemoteIp, seg, nowMs); // <SEQ=SEG.ACK><CTL=RST>
                }
                return;
            }
            // Second, the RST bit: only one that acknowledges our SYN counts (RFC 5961 3.2; 3.10.7.3).
            if (rst)
            {
                if (ack)
                {
                    Stack.Counters.ResetsReceived++;
                    WasRefused = true; // "error: connection reset" to the opener: refused
                    Stack.EnterClosed(this, nowMs);
                }
                return;
            }
            // Fourth, the SYN bit.
            if (!seg.Has(TcpFlags.Syn)) return;
            AcceptSyn(seg, nowMs);
            if (ack)
            {
                // Our SYN is acknowledged: ESTABLISHED, and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
                SynAcknowledged(seg.Acknowledgment, nowMs);
                SetState(TcpState.Established, nowMs);
                // Shutdown in SYN-SENT: the FIN is sent now (RFC 9293 3.10.4).
                if (FinQueued) SetState(TcpState.FinWait1, nowMs);
                AckNow = true;
                // Sixth step onwards for data or FIN riding on the SYN-ACK.
                ProcessUrgTextFin(seg, packet, nowMs);
                return;
            }
            // Simultaneous open (MUST-10): SYN-RECEIVED, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
            // FromListen stays false (MUST-11).
            SetState(TcpState.SynReceived, nowMs);
            SndNxt = Iss;
            SendSyn(nowMs);
        }

        /// <summary>SND.UNA moves past our SYN: take an RTT sample (Karn: only if never resent).</summary>
        private void SynAcknowledged(uint ack, long nowMs)
        {
            SynAcked = true;
            SndUna = ack;
            if (Seq.Lt(SndNxt, SndUna)) SndNxt = SndUna;
            if (RttActive)
            {
                Rtt.Sample((int)(nowMs - RttStartMs));
                RttActive = false;
            }
            if (SynRetransmitted) Rtt.AfterSynRetransmission();
            Retransmits = 0;
            R2StartMs = -1;
            RetransmitAt = Never;
        }

        // ---------------- RFC 9293 3.10.7.4 other states ----------------
        private void InputSynchronized(TcpSegment seg, byte[] packet, long nowMs)
        {
            TcpCounters counters = Stack.Counters;
            int segLen = seg.SequenceLength;
            bool rst = seg.Has(TcpFlags.Rst);
            bool syn = seg.Has(TcpFlags.Syn);

            // ---- First, check the sequence number ----
            uint window = (uint)ReceiveRing.Free;
            bool acceptable;
            if (segLen == 0)
            {
                acceptable = window == 0 ? seg.Sequence == RcvNxt : Seq.InWindow(seg.Sequence, RcvNxt, window);
            }
            else if (window == 0)
            {
                // MUST-66: at zero window a segment at RCV.NXT is still processed for its ACK,
                // URG and RST; its text is trimmed away below.
                acceptable = seg.Sequence == RcvNxt;
            }
            else
            {
                acceptable = Seq.InWindow(seg.Sequence, RcvNxt, window)
                    || Seq.InWindow(seg.Sequence + (uint)segLen - 1, RcvNxt, window);
            }
            if (!acceptable)
            {
                counters.UnacceptableSegments++;
                if (rst) return; // never answer an RST
                if (State == TcpState.TimeWait && seg.Has(TcpFlags.Fin) && seg.Sequence + (uint)segLen == RcvNxt)
                {
                    // RFC 9293 3.10.7.4 eighth, TIME-WAIT: the peer's FIN again (our last ACK
                    // was lost). ACK it again and restart the 2 MSL time-out (MUST-13).
                    TimeWaitAt = nowMs + 2L * Stack.Options.MslMs;
                    SendAck(nowMs);
                    return;
                }
                if (State == TcpState.SynReceived && syn && !seg.Has(TcpFlags.Ack) && seg.Sequence == Irs)
                {
                    // The peer's SYN again: our SYN-ACK was lost. Send it again now rather than
                    // a bare ACK the SYN-SENT peer would drop (lwIP and Linux do the same).
                    SndNxt = Iss;
                    SendSyn(nowMs);
                    return;
                }
                // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
                if (segLen > 0 && Seq.Lt(seg.Sequence, RcvNxt)) counters.DuplicateSegments++;
                SendAck(nowMs);
                return;
            }

            // ---- Second, the RST bit (RFC 5961 3.2) ----
            if (rst)
            {
                if (seg.Sequence != RcvNxt)
                {
                    // In the window but not exactly RCV.NXT: challenge ACK.
                    Stack.SendChallengeAck(this, nowMs);
                    return;
                }
                counters.ResetsReceived++;
                ResetByPeer(nowMs);
                return;
            }

            // ---- Fourth, the SYN bit ----
            if (syn)
            {
                if (State == TcpState.SynReceived && FromListen)
                {
                    // RFC 9293 3.10.7.4: a passive open returns to LISTEN (MUST-11).
                    SetState(TcpState.Listen, nowMs);
                    Stack.Release(this, nowMs);
                    return;
                }
                // RFC 5961 4.2: a SYN in a synchronized state draws a challenge ACK and is dropped.
                Stack.SendChallengeAck(this, nowMs);
                return;
            }

            // ---- Fifth, the ACK field ----
            if (!seg.Has(TcpFlags.Ack)) return;
            if (State == TcpState.SynReceived)
            {
                if (Seq.Lt(SndUna, seg.Acknowledgment) && Seq.Le(seg.Acknowledgment, SndMax))
                {
                    SynAcknowledged(seg.Acknowledgment, nowMs);
                    UpdateWindow(seg);
                    SetState(TcpState.Established, nowMs);
                    if (FinQueued)
                    {
                        // CLOSE arrived in SYN-RECEIVED: the FIN goes out now (RFC 9293 3.10.4).
                        SetState(TcpState.FinWait1, nowMs);
                    }
                }
                else
                {
                    Stack.ReplyWithReset(LocalIp, RemoteIp, seg, nowMs); // <SEQ=SEG.ACK><CTL=RST>
                    return;
                }
            }
            else if (!ProcessAck(seg, nowMs))
            {
                return;
            }

            // ACK-driven state changes (RFC 9293 3.10.7.4 fifth).
            bool finAcked = FinQueued && Seq.Gt(SndUna, FinSeq);
            switch (State)
            {
                case TcpState.FinWait1:
                    if (finAcked) SetState(TcpState.FinWait2, nowMs);
                    break;
                case TcpState.Closing:
                    if (finAcked)
                    {
                        EnterTimeWait(nowMs);
                    }
                    return;
                case TcpState.LastAck:
                    if (finAcked)
                    {
                        Stack.Release(this, nowMs);
                    }
                    return;
                case TcpState.TimeWait:
                    return;
            }

            ProcessUrgTextFin(seg, packet, nowMs);
        }

        /// <summary>An acceptable RST with SEG.SEQ = RCV.NXT (RFC 9293 3.10.7.4 second).</summary>
        private void ResetByPeer(long nowMs)
        {
            switch (State)
            {
                case TcpState.SynReceived:
                    if (FromListen)
                    {
                        // MUST-11: back to LISTEN; nobody was told of this connection.
                        SetState(TcpState.Listen, nowMs);
                        Stack.Release(this, nowMs);
                        return;
                    }
                    WasRefused = true; // came from SYN-SENT: "connection refused"
                    Stack.EnterClosed(this, nowMs);
                    return;
                case TcpState.Established:
                case TcpState.FinWait1:
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                    // MUST-12: the application learns of the reset (TcpEvents.Reset), queues flushed.
                    WasReset = true;
                    Stack.EnterClosed(this, nowMs);
                    return;
                default:
                    // CLOSING, LAST-ACK, TIME-WAIT: just delete the TCB.
                    Stack.EnterClosed(this, nowMs);
                    return;
            }
        }

        internal void EnterTimeWait(long nowMs)
        {
            SetState(TcpState.TimeWait, nowMs);
            // MUST-13: 2 MSL in TIME-WAIT; nothing else to time.
            TimeWaitAt = nowMs + 2L * Stack.Options.MslMs;
            RetransmitAt = Never;
            KeepAliveAt = Never;
            SendRing.Clear();
        }

        /// <summary>
        /// ACK processing for ESTABLISHED and later (RFC 9293 3.10.7.4 fifth, RFC 5961 5.2,
        /// RFC 5681/6582 for duplicate ACKs). False when the segment must be dropped.
        /// </summary>
        private bool ProcessAck(TcpSegment seg, long nowMs)
        {
            uint ack = seg.Acknowledgment;
            // RFC 5961 5.2: acceptable only within [SND.UNA - MAX.SND.WND, SND.NXT].
            if (Seq.Gt(ack, SndMax) || Seq.Lt(ack, SndUna - (uint)MaxSndWnd))
            {
                Stack.Counters.AckOutOfRange++;
                Stack.SendChallengeAck(this, nowMs);
                return false;
            }
            if (Seq.Gt(ack, SndUna))
            {
                OnNewAck(ack, nowMs);
            }
            else if (ack == SndUna && seg.PayloadLength == 0 && seg.Window == SndWnd
                && !seg.Has(TcpFlags.Fin) && SndUna != SndMax)
            {
                OnDuplicateAck(nowMs);
            }
            // Window update: SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK).
            if (Seq.Ge(ack, SndUna) &&
                (Seq.Lt(SndWl1, seg.Sequence) || (SndWl1 == seg.Sequence && Seq.Le(SndWl2, ack))))
            {
                bool opened = SndWnd == 0 && seg.Window > 0;
                UpdateWindow(seg);
                if (opened)
                {
                    // The window reopened (MUST-35): the persist timer is done, and a probe
                    // octet the zero window dropped goes out again with the data behind it.
                    SndNxt = SndUna;
                    RetransmitAt = Never;
                    Retransmits = 0;
                }
                if (SndWnd > 0) Stack.OutputPending();
            }
            // MUST-37: an ACK keeps a zero-window connection alive; R2 counts silence only.
            if (SndWnd == 0) R2StartMs = -1;
            return true;
        }

        private void OnNewAck(uint ack, long nowMs)
        {
            int acked = Seq.Diff(ack, SndUna);
            int dataAcked = acked;
            if (FinQueued && Seq.Gt(ack, FinSeq)) dataAcked--; // the FIN's sequence number
            if (dataAcked > SendRing.Count) dataAcked = SendRing.Count;
            if (dataAcked > 0) SendRing.Discard(dataAcked);
            SndUna = ack;
            if (Seq.Lt(SndNxt, SndUna)) SndNxt = SndUna;
            if (SendUrgent && Seq.Ge(SndUna, SndUp)) SendUrgent = false;

            // RFC 6298 + Karn (MUST-18): only a segment never retransmitted is timed.
            if (RttActive && Seq.Ge(ack, RttSeq))
            {
                Rtt.Sample((int)(nowMs - RttStartMs));
                RttActive = false;
            }
            Retransmits = 0;
            R2StartMs = -1;
            // RFC 6298 5.2/5.3: stop the timer when all is acknowledged, else restart it.
            RetransmitAt = SndUna == SndMax ? Never : nowMs + Rtt.RtoMs;

            // RFC 5681 / RFC 6582: a partial ACK in fast recovery resends the next hole at once.
            if (Congestion.OnNewAck(ack, acked, SndMax))
            {
                RetransmitFirst(nowMs);
            }
            Stack.OutputPending();
        }

        private void OnDuplicateAck(long nowMs)
        {
            // RFC 5681 3.2 / RFC 6582 3.2: the third duplicate starts fast retransmit; the
            // others inflate cwnd (NewReno.SendWindow, including RFC 3042 limited transmit).
            if (Congestion.OnDuplicateAck(SndUna, SndMax))
            {
                Stack.Counters.FastRetransmits++;
                RttActive = false; // Karn
                RetransmitFirst(nowMs);
            }
            Stack.OutputPending();
        }
    }
}
