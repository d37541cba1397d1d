using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    // Timers are data: absolute deadlines checked by Poll (DESIGN.md). Retransmission
    // (RFC 6298, Karn MUST-18, backoff MUST-19, R1/R2 MUST-20..23) shares its deadline with
    // the persist timer (MUST-35..37), as only one of them can be needed at a time.
    internal sealed partial class TcpConnection
    {
        internal void OnTimers(long nowMs)
        {
            if (TimeWaitAt <= nowMs)
            {
                // MUST-13: 2 MSL passed in TIME-WAIT.
                TimeWaitAt = Never;
                Stack.EnterClosed(this, nowMs);
                return;
            }
            if (FinWait2At <= nowMs)
            {
                FinWait2At = Never;
                OnFinWait2Timeout(nowMs);
                return;
            }
            if (RetransmitAt <= nowMs)
            {
                RetransmitAt = Never;
                OnRetransmitTimer(nowMs);
                if (!InUse || State == TcpState.Closed) return;
            }
            if (AckDueAt <= nowMs)
            {
                AckDueAt = Never;
                if (UnackedSegments > 0 || AckNow)
                {
                    Stack.Counters.DelayedAcks++;
                    AckNow = true;
                }
            }
            if (KeepAliveAt <= nowMs)
            {
                KeepAliveAt = Never;
                OnKeepAliveTimer(nowMs);
            }
        }

        private void OnRetransmitTimer(long nowMs)
        {
            TcpCounters counters = Stack.Counters;
            bool opening = State == TcpState.SynSent || State == TcpState.SynReceived;
            bool inFlight = Seq.Gt(SndMax, SndUna);
            if (!opening && !inFlight)
            {
                // Persist timer: data waits behind a zero or too-small window.
                if (SendRing.Count > 0 && SynAcked)
                {
                    if (ZeroWindowTimedOut(nowMs)) return;
                    Output(nowMs, true);
                    Rtt.Backoff();
                    RetransmitAt = nowMs + Rtt.RtoMs;
                }
                return;
            }

            // R2 (MUST-20..23): give up after R2 of unanswered retransmissions; for a SYN,
            // SynR2 (at least 3 minutes, MUST-23) from the first SYN.
            if (R2StartMs < 0) R2StartMs = nowMs;
            long r2 = opening ? Stack.Options.SynR2Ms : R2Ms;
            if (nowMs - R2StartMs >= r2)
            {
                counters.ConnectionTimeouts++;
                if (opening && FromListen)
                {
                    // A half-open passive connection nobody knows about: back to LISTEN.
                    SetState(TcpState.Listen, nowMs);
                    Stack.Release(this, nowMs);
                    return;
                }
                WasTimedOut = true;
                if (!opening)
                {
                    // Tell the peer, if it is still there, that this connection is gone.
                    SendReset(nowMs);
                }
                Stack.EnterClosed(this, nowMs);
                return;
            }
            if (opening && SynAckRetriesExhausted(nowMs)) return;
            Retransmits++;
            // MUST-20: after R1 retransmissions IP gets negative advice; we have one route,
            // so we count it and tell the application (TcpEvents.SoftError). Probes of a
            // zero window that the peer answers are not a path problem.
            if (Retransmits == Stack.Options.R1Retransmissions && SndWnd > 0)
            {
                counters.R1Exceeded++;
                SoftError = true;
            }
            counters.RetransmitTimeouts++;
            Rtt.Backoff();      // RFC 6298 5.5, MUST-19
            RttActive = false;  // Karn, MUST-18: nothing resent is timed
            if (opening)
            {
                SndNxt = Iss;
                SendSyn(nowMs);
                counters.Retransmissions++;
                return;
            }
            // RFC 5681 3.1 / 6582: loss by timeout; go back to SND.UNA with one segment of cwnd.
            Congestion.OnRetransmitTimeout(SndUna, SndMax);
            if (SndWnd == 0)
            {
                // Probing a zero window (MUST-36): resend one octet; R2 does not end it while
                // the peer answers (ProcessAck clears R2StartMs on each ACK, MUST-37), the
                // zero-window user timeout does.
                if (ZeroWindowTimedOut(nowMs)) return;
                SndNxt = SndUna;
                Output(nowMs, true);
            }
            else
            {
                SndNxt = SndUna;
                Output(nowMs, false);
                if (SndNxt == SndUna) RetransmitFirst(nowMs); // nothing left to send: FIN only
            }
            RetransmitAt = nowMs + Rtt.RtoMs;
        }

        /// <summary>RFC 9293 3.8.4: keep-alives only when enabled (MUST-24/25), only after the
        /// connection was idle for the interval (MUST-26/27/28), several unanswered before we
        /// give up (MUST-29).</summary>
        internal void ScheduleKeepAlive()
        {
            if (!KeepAliveEnabled || !(State == TcpState.Established || State == TcpState.CloseWait))
            {
                KeepAliveAt = Never;
                return;
            }
            var o = Stack.Options;
            KeepAliveAt = LastReceiveMs + o.KeepAliveIdleMs + (long)KeepAliveProbes * o.KeepAliveIntervalMs;
        }

        private void OnKeepAliveTimer(long nowMs)
        {
            if (!KeepAliveEnabled || !(State == TcpState.Established || State == TcpState.CloseWait)) return;
            var o = Stack.Options;
            if (Seq.Gt(SndMax, SndUna) || SendRing.Count > 0)
            {
                // Not idle: the retransmission timer watches the peer. Look again later.
                LastReceiveMs = nowMs;
                ScheduleKeepAlive();
                return;
            }
            if (KeepAliveProbes >= o.KeepAliveProbes)
            {
                Stack.Counters.KeepAliveTimeouts++;
                WasTimedOut = true;
                SendReset(nowMs);
                Stack.EnterClosed(this, nowMs);
                return;
            }
            // <SEQ=SND.NXT-1><ACK=RCV.NXT>: an old octet, so the peer must answer with an ACK.
            KeepAliveProbes++;
            Stack.Counters.KeepAlivesSent++;
            Transmit(Segment(SndMax - 1, TcpFlags.Ack), 0, nowMs);
            ScheduleKeepAlive();
        }
    }
}
