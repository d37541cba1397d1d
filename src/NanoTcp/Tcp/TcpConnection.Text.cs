using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    // RFC 9293 3.10.7.4 sixth (URG), seventh (text) and eighth (FIN), also reached from
    // SYN-SENT when the SYN-ACK carries data (3.10.7.3).
    internal sealed partial class TcpConnection
    {
        internal void ProcessUrgTextFin(TcpSegment seg, byte[] packet, long nowMs)
        {
            // Sequence number of the first payload octet: a SYN occupies the one before it.
            uint seq = seg.Sequence;
            if (seg.Has(TcpFlags.Syn)) seq++;

            // ---- Sixth, the URG bit (MUST-30..33) ----
            if (seg.Has(TcpFlags.Urg) && CanReceiveText)
            {
                ProcessUrgent(seg.Sequence, seg.UrgentPointer);
            }

            // ---- Seventh, the segment text ----
            int len = seg.PayloadLength;
            bool allTaken = true;
            if (len > 0)
            {
                if (CanReceiveText && ResetOnDataAfterClose(seq, len, nowMs)) return;
                if (CanReceiveText)
                {
                    allTaken = ProcessText(seq, packet, seg.PayloadOffset, len, nowMs);
                }
                else
                {
                    // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: the peer already sent its FIN.
                    allTaken = false;
                }
            }

            // ---- Eighth, the FIN bit ----
            // Only a FIN whose octet is next in sequence (every byte before it arrived).
            if (!seg.Has(TcpFlags.Fin) || !allTaken || seq + (uint)len != RcvNxt) return;
            switch (State)
            {
                case TcpState.SynReceived:
                case TcpState.Established:
                    RcvNxt++;
                    PeerFin = true;
                    AckNow = true;
                    SetState(TcpState.CloseWait, nowMs);
                    break;
                case TcpState.FinWait1:
                    RcvNxt++;
                    PeerFin = true;
                    AckNow = true;
                    // Our FIN not yet acknowledged (else we would be in FIN-WAIT-2): simultaneous close.
                    SetState(TcpState.Closing, nowMs);
                    break;
                case TcpState.FinWait2:
                    RcvNxt++;
                    PeerFin = true;
                    AckNow = true;
                    EnterTimeWait(nowMs);
                    break;
                default:
                    // CLOSE-WAIT, CLOSING, LAST-ACK stay; TIME-WAIT handled in the sequence check.
                    break;
            }
        }

        /// <summary>
        /// RCV.UP = max(RCV.UP, SEG.UP). The pointer is only a sequence number here: no
        /// length or index is derived from it, so a pointer of zero, one past the segment or
        /// past the window (the bug classes of CVE-2019-12255 and CVE-2020-17437) cannot make
        /// us read or write memory. Zero points at the segment's first octet, which leaves no
        /// urgent octet before it; past the window is clamped to the window's right edge.
        /// </summary>
        private void ProcessUrgent(uint segSeq, int urgentPointer)
        {
            if (urgentPointer == 0) return;
            uint mark = segSeq + (uint)urgentPointer;
            uint right = RcvNxt + (uint)ReceiveRing.Free;
            if (Seq.Gt(mark, right)) mark = right;
            if (Seq.Le(mark, ReadSeq)) return; // already read past it
            if (!ReceiveUrgent || Seq.Gt(mark, RcvUp))
            {
                RcvUp = mark;
                ReceiveUrgent = true; // MUST-32: TcpEvents.Urgent is set from now on
            }
        }

        /// <summary>
        /// Copies payload into the receive ring: the one copy on the way in. In-order bytes
        /// are committed at once; out-of-order ones are stored in place and their range is
        /// remembered by the Assembler until the hole fills. True when every byte fitted.
        /// </summary>
        private bool ProcessText(uint seq, byte[] packet, int offset, int length, long nowMs)
        {
            TcpCounters counters = Stack.Counters;
            // Trim what we already have.
            if (Seq.Lt(seq, RcvNxt))
            {
                int skip = Seq.Diff(RcvNxt, seq);
                if (skip >= length)
                {
                    counters.DuplicateSegments++;
                    AckNow = true;
                    return true;
                }
                offset += skip;
                length -= skip;
                seq = RcvNxt;
            }
            int at = Seq.Diff(seq, RcvNxt);
            int free = ReceiveRing.Free;
            bool all = true;
            if (at >= free)
            {
                AckNow = true; // zero window (MUST-66) or past it: tell the peer where we are
                return false;
            }
            if (length > free - at)
            {
                length = free - at; // trim to the window
                all = false;
            }
            ReceiveRing.WriteAt(at, packet, offset, length);
            if (at == 0)
            {
                int ready = length;
                if (!Gaps.IsEmpty)
                {
                    if (!Gaps.Add(0, length))
                    {
                        // No slot even for the in-order range: give up the out-of-order data
                        // (counted) rather than the in-order bytes.
                        counters.OutOfOrderDropped++;
                        Gaps.Clear();
                        Gaps.Add(0, length);
                    }
                    ready = Gaps.TakeContiguous();
                    // RFC 5681 4.2: a segment that fills a hole is acknowledged at once.
                    AckNow = true;
                }
                ReceiveRing.Commit(ready);
                RcvNxt += (uint)ready;
                CountSegmentForAck(nowMs);
            }
            else
            {
                if (Gaps.Add(at, length)) counters.OutOfOrderQueued++;
                else counters.OutOfOrderDropped++;
                // RFC 5681 4.2: out-of-order data draws an immediate duplicate ACK (one per
                // segment, so the sender's fast retransmit can count them).
                SendAck(nowMs);
            }
            return all;
        }

        /// <summary>Delayed ACK (RFC 9293 3.8.6.3): ACK at least every second full segment
        /// (MUST-58) and within DelayedAckMs (MUST-40: under 500 ms).</summary>
        private void CountSegmentForAck(long nowMs)
        {
            UnackedSegments++;
            int delay = Stack.Options.DelayedAckMs;
            if (UnackedSegments >= 2 || delay == 0)
            {
                AckNow = true;
            }
            else if (AckDueAt == Never)
            {
                AckDueAt = nowMs + delay;
            }
        }

        /// <summary>After the application read: maybe the window should be advertised again
        /// (receiver SWS avoidance, MUST-39: only when it opens by a useful amount).</summary>
        internal void AfterApplicationRead()
        {
            if (ReceiveUrgent && Seq.Ge(ReadSeq, RcvUp)) ReceiveUrgent = false;
            if (!CanReceiveText) return;
            int current = Seq.Diff(RcvAdvRight, RcvNxt);
            if (current < 0) current = 0;
            int free = ReceiveRing.Free;
            if (free > 65535) free = 65535;
            if (free - current >= SwsThreshold && current <= free / 2)
            {
                AckNow = true; // window update
            }
        }

        /// <summary>RFC 9293 3.8.6.2.2: min(Fr * RCV.BUFF, MSS) with Fr = 1/2.</summary>
        private int SwsThreshold
        {
            get
            {
                int half = ReceiveRing.Capacity / 2;
                int mss = Stack.Ip.MaxTransportLength - TcpHeader.MinLength;
                return half < mss ? half : mss;
            }
        }

        /// <summary>
        /// The window to advertise now (MUST-39). The right edge RCV.NXT + RCV.WND moves right
        /// only by at least SwsThreshold and never moves left, even when the ring fills
        /// (RFC 9293 3.8.6.2.2: no shrinking the window).
        /// </summary>
        internal int AdvertisedWindow()
        {
            int current = Seq.Diff(RcvAdvRight, RcvNxt);
            if (current < 0) current = 0;
            int free = ReceiveRing.Free;
            if (free > 65535) free = 65535;
            if (free - current >= SwsThreshold || (free > current && free == ReceiveRing.Capacity))
            {
                current = free;
                RcvAdvRight = RcvNxt + (uint)free;
            }
            if (current > 65535) current = 65535;
            return current;
        }
    }
}
