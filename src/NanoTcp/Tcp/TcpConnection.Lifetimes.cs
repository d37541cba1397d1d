using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    // The bounds that return a slot without the peer's help (TcpStack.Lifetimes.cs has the rest):
    // data after the application closed, the FIN-WAIT-2 orphan timeout, the zero-window user
    // timeout and the SYN-ACK retry limit.
    internal sealed partial class TcpConnection
    {
        /// <summary>
        /// SEQ of an RST that ends this connection: the peer's RCV.NXT as well as we know it, so
        /// that it is accepted (RFC 5961 3.2 wants it exact; an RST merely in the window draws a
        /// challenge ACK, which our closed port answers with an exact RST). Normally the highest
        /// SND.NXT (the peer may have all we sent); behind a zero window SND.UNA, because the
        /// peer took nothing more (its last ACK said so) and at window zero it accepts an RST
        /// only at exactly RCV.NXT (RFC 9293 3.10.7.4, MUST-66).
        /// </summary>
        internal uint ResetSequence
        {
            get { return SndWnd == 0 ? SndUna : SndMax; }
        }

        /// <summary>
        /// RFC 1122 4.2.2.13: after a half-duplex CLOSE, new data (any octet beyond RCV.NXT)
        /// resets the connection and frees the slot: nobody will ever read it, and holding it
        /// would let the peer fill the ring and keep the slot behind a zero window forever.
        /// True when the connection was reset (the caller stops processing the segment).
        /// </summary>
        private bool ResetOnDataAfterClose(uint seq, int length, long nowMs)
        {
            if (!AppClosed || length == 0 || !Seq.Gt(seq + (uint)length, RcvNxt)) return false;
            Stack.Counters.AbortOnData++;
            Stack.ResetAfterClose(this, nowMs);
            return true;
        }

        /// <summary>The orphan waited TcpFinWait2TimeoutMs for the peer's FIN: reset (a peer
        /// still in CLOSE-WAIT learns the connection is gone; one that vanished never sees it)
        /// and free the slot.</summary>
        private void OnFinWait2Timeout(long nowMs)
        {
            Stack.Counters.FinWait2Timeouts++;
            SendReset(ResetSequence, nowMs);
            Stack.Release(this, nowMs);
        }

        /// <summary>
        /// Called before each zero-window probe. The first probe of a zero window starts the
        /// clock; when the window has stayed zero for the user timeout the connection is reset
        /// and reports TimedOut (RFC 6429: a sender may abort a connection in the persist
        /// condition when the application or resource management asks; RFC 5482 user timeout).
        /// The limit is the connection's (0 = none, MUST-37) while the application holds it,
        /// and never more than TcpOptions.ZeroWindowTimeoutMs once nobody does.
        /// True when the connection was aborted.
        /// </summary>
        private bool ZeroWindowTimedOut(long nowMs)
        {
            if (SndWnd != 0)
            {
                ZeroWindowSinceMs = -1;
                return false;
            }
            if (ZeroWindowSinceMs < 0)
            {
                ZeroWindowSinceMs = nowMs;
                return false;
            }
            int limit = ZeroWindowTimeoutMs;
            int bound = Stack.Options.ZeroWindowTimeoutMs;
            if (!AppOwned && (limit == 0 || limit > bound)) limit = bound;
            if (limit == 0 || nowMs - ZeroWindowSinceMs < limit) return false;
            Stack.Counters.ZeroWindowTimeouts++;
            WasTimedOut = true;
            SendReset(ResetSequence, nowMs);
            Stack.EnterClosed(this, nowMs);
            return true;
        }

        /// <summary>
        /// A passive half-open connection whose SYN-ACK went unanswered TcpSynAckRetries times
        /// (and the last wait passed) goes back to LISTEN and frees its slot (Linux
        /// tcp_synack_retries; RFC 4987 3.2: a smaller half-open lifetime). True when freed.
        /// </summary>
        private bool SynAckRetriesExhausted(long nowMs)
        {
            if (State != TcpState.SynReceived || !FromListen || Retransmits < Stack.Options.SynAckRetries) return false;
            Stack.Counters.HalfOpenTimeouts++;
            SetState(TcpState.Listen, nowMs); // MUST-11: nobody was told of this connection
            Stack.Release(this, nowMs);
            return true;
        }
    }
}
