using System.Collections.Generic;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Cli.Ladder
{
    /// <summary>
    /// Splits a capture's TCP segments into connections and replays each one through the
    /// RFC 9293 3.10 state machine of both ends as an observer on the wire would: a sender
    /// changes state when it sends (SYN: SYN-SENT, FIN: FIN-WAIT-1 or LAST-ACK, RST: CLOSED),
    /// a receiver when the segment arrives (SYN in LISTEN: SYN-RECEIVED, the ACK of its FIN:
    /// FIN-WAIT-2 / TIME-WAIT / CLOSED, a FIN: CLOSE-WAIT / CLOSING / TIME-WAIT). A capture is
    /// taken at one point of the path, so both changes are drawn on the segment's row.
    /// </summary>
    public static class LadderBuilder
    {
        public const string Closed = "CLOSED", Listen = "LISTEN", SynSent = "SYN-SENT", SynReceived = "SYN-RECEIVED",
            Established = "ESTABLISHED", FinWait1 = "FIN-WAIT-1", FinWait2 = "FIN-WAIT-2", CloseWait = "CLOSE-WAIT",
            Closing = "CLOSING", LastAck = "LAST-ACK", TimeWait = "TIME-WAIT";

        /// <summary>RFC 9293 3.4.2: MSL is 2 minutes by default.</summary>
        public const int DefaultMslSeconds = 120;

        private sealed class End
        {
            public bool IsA;
            public uint Base;
            public bool BaseKnown;
            public bool Passive;          // entered SYN-RECEIVED from LISTEN
            public bool FinSent;
            public uint FinSeq;           // sequence number of our FIN
            public bool PeerFinReceived;
            public bool HaveSent;
            public uint SendMax;          // highest seq + length sent
            public long TimeWaitAtMicros = -1;
            /// <summary>States entered while the current row is processed, in order.</summary>
            public readonly List<string> Trail = new List<string>();
            /// <summary>Segments that reached this end but, as its next segment shows, were not yet
            /// processed when it sent that one (crossing FINs or SYNs): applied after it sends.</summary>
            public readonly List<CapturedSegment> Pending = new List<CapturedSegment>();

            public string State
            {
                get { return _state; }
                set { if (value != _state) { _state = value; Trail.Add(value); } }
            }
            private string _state;
        }

        /// <summary>Every TCP connection of the segments, in order of their first segment.</summary>
        public static List<LadderConnection> Build(IList<CapturedSegment> segments, int mslSeconds = DefaultMslSeconds)
        {
            var result = new List<LadderConnection>();
            var trackers = new List<Tracker>();
            var open = new Dictionary<string, Tracker>();
            int[] nextReply = NextReplies(segments);
            for (int i = 0; i < segments.Count; i++)
            {
                CapturedSegment s = segments[i];
                string key = Key(s);
                open.TryGetValue(key, out Tracker t);
                if (t == null || t.StartsNewConnection(s))
                {
                    t = new Tracker(s, result.Count + 1, segments);
                    open[key] = t;
                    trackers.Add(t);
                    result.Add(t.Connection);
                }
                t.Add(s, nextReply[i] < 0 ? null : segments[nextReply[i]]);
            }
            foreach (var t in trackers) t.Finish(mslSeconds);
            return result;
        }

        /// <summary>For each segment, the index of the next segment the other end sends on the
        /// same ports (-1 for none): what that end had processed when it sent it.</summary>
        private static int[] NextReplies(IList<CapturedSegment> segments)
        {
            var next = new int[segments.Count];
            var lastFrom = new Dictionary<string, int>();
            for (int i = segments.Count - 1; i >= 0; i--)
            {
                CapturedSegment s = segments[i];
                next[i] = lastFrom.TryGetValue(Direction(s.DestinationIp, s.DestinationPort, s.SourceIp, s.SourcePort), out int j) ? j : -1;
                lastFrom[Direction(s.SourceIp, s.SourcePort, s.DestinationIp, s.DestinationPort)] = i;
            }
            return next;
        }

        private static string Direction(uint fromIp, int fromPort, uint toIp, int toPort) => fromIp + ":" + fromPort + ">" + toIp + ":" + toPort;

        private static string Key(CapturedSegment s)
        {
            ulong a = ((ulong)s.SourceIp << 16) | (uint)s.SourcePort, b = ((ulong)s.DestinationIp << 16) | (uint)s.DestinationPort;
            return a < b ? a + "-" + b : b + "-" + a;
        }

        private sealed class Tracker
        {
            public readonly LadderConnection Connection;
            private readonly End _a, _b;
            private readonly uint _aIp; private readonly int _aPort;
            private int _closeStep;        // the seed's four-way close, 0 = not begun
            private uint _u, _w;           // the seed's u (first FIN) and w (second FIN)
            private bool _uFromA;
            private bool _handshakeDone;

            public Tracker(CapturedSegment first, int number, IList<CapturedSegment> all)
            {
                bool firstIsSyn = first.Has(TcpFlags.Syn) && !first.Has(TcpFlags.Ack);
                // A is the end that opened (sent the SYN); without a captured SYN, the end that spoke first.
                _aIp = first.SourceIp; _aPort = first.SourcePort;
                if (first.Has(TcpFlags.Syn) && first.Has(TcpFlags.Ack)) { _aIp = first.DestinationIp; _aPort = first.DestinationPort; }
                _a = new End { IsA = true };
                _b = new End { IsA = false };
                Connection = new LadderConnection { Number = number, StartMicros = first.TimeMicros };
                bool aIsSource = first.SourceIp == _aIp && first.SourcePort == _aPort;
                Connection.AName = Ipv4Address.ToString(_aIp) + ":" + _aPort;
                Connection.BName = aIsSource ? Ipv4Address.ToString(first.DestinationIp) + ":" + first.DestinationPort
                                             : Ipv4Address.ToString(first.SourceIp) + ":" + first.SourcePort;
                if (firstIsSyn)
                {
                    _a.State = Closed;
                    _b.State = AnswersSynWithSynAck(first, all) ? Listen : Closed;
                }
                else if (first.Has(TcpFlags.Syn))
                {
                    _a.State = SynSent; // its SYN was not captured
                    _b.State = Listen;
                }
                else
                {
                    _a.State = Established; // the capture began mid-connection
                    _b.State = Established;
                    Connection.Footer.Add("The capture begins mid-connection: both ends are assumed ESTABLISHED, and X and Y are the first sequence numbers seen.");
                }
                Connection.InitialStateA = _a.State;
                Connection.InitialStateB = _b.State;
            }

            /// <summary>A SYN on ports whose connection has ended (or with a new ISN) starts a new one.</summary>
            public bool StartsNewConnection(CapturedSegment s)
            {
                if (!s.Has(TcpFlags.Syn) || s.Has(TcpFlags.Ack)) return false;
                End sender = FromA(s) ? _a : _b;
                if (sender.BaseKnown && s.Sequence == sender.Base) return false; // a retransmitted SYN
                bool ended = (_a.State == Closed || _a.State == TimeWait || _a.State == Listen) &&
                             (_b.State == Closed || _b.State == TimeWait || _b.State == Listen);
                return ended || sender.BaseKnown;
            }

            private bool FromA(CapturedSegment s) => s.SourceIp == _aIp && s.SourcePort == _aPort;

            private static bool AnswersSynWithSynAck(CapturedSegment syn, IList<CapturedSegment> all)
            {
                foreach (var s in all)
                {
                    if (s.TimeMicros < syn.TimeMicros) continue;
                    if (s.SourceIp == syn.DestinationIp && s.SourcePort == syn.DestinationPort && s.DestinationIp == syn.SourceIp &&
                        s.DestinationPort == syn.SourcePort && s.Has(TcpFlags.Syn) && s.Has(TcpFlags.Ack) && s.Acknowledgment == syn.Sequence + 1)
                        return true;
                }
                return false;
            }

            /// <param name="reply">The next segment the receiver sends (null for none).</param>
            public void Add(CapturedSegment s, CapturedSegment reply)
            {
                bool fromA = FromA(s);
                End sender = fromA ? _a : _b, receiver = fromA ? _b : _a;
                _a.Trail.Clear();
                _b.Trail.Clear();
                if (!sender.BaseKnown)
                {
                    sender.Base = s.Sequence;
                    sender.BaseKnown = true;
                    if (s.Has(TcpFlags.Syn)) { if (fromA) Connection.SynSeenA = true; else Connection.SynSeenB = true; }
                    if (fromA) Connection.BaseA = s.Sequence; else Connection.BaseB = s.Sequence;
                }
                var row = new LadderRow
                {
                    TimeMicros = s.TimeMicros - Connection.StartMicros,
                    FromA = fromA,
                    Flags = FlagText(s.Flags),
                    Tuple = "(" + Rel(sender, s.Sequence) + "," + (s.Has(TcpFlags.Ack) ? Rel(receiver, s.Acknowledgment) : "0") + ")",
                };
                if (s.PayloadLength > 0) row.Extra += " len=" + s.PayloadLength;
                // RFC 9293 3.8.5 (MUST-62): the urgent pointer is an offset from SEG.SEQ to the octet after the urgent data.
                if (s.Has(TcpFlags.Urg)) row.Extra += " urg=" + Rel(sender, s.Sequence + (uint)s.UrgentPointer);

                bool retransmission = sender.HaveSent && s.SequenceLength > 0 && Seq.Le(s.Sequence + (uint)s.SequenceLength, sender.SendMax);
                if (retransmission) row.Note = "retransmission";
                if (!retransmission) SenderSends(sender, receiver, s);
                ApplyPending(sender);   // what reached the sender before it sent this
                ApplyPending(receiver); // segments arrive in order
                if (Crosses(s, reply)) receiver.Pending.Add(s);
                else ReceiverGets(receiver, s, retransmission);
                uint end = s.Sequence + (uint)s.SequenceLength;
                if (!sender.HaveSent || Seq.Gt(end, sender.SendMax)) sender.SendMax = end;
                sender.HaveSent = true;

                SetState(row, sender);
                SetState(row, receiver);
                if (!retransmission) NoteSeedTuples(row, s, fromA);
                Connection.Rows.Add(row);
                if (sender.Trail.Contains(TimeWait)) sender.TimeWaitAtMicros = s.TimeMicros;
                if (receiver.Trail.Contains(TimeWait)) receiver.TimeWaitAtMicros = s.TimeMicros;
            }

            /// <summary>The states the end went through on this row, "FIN-WAIT-1>CLOSING" when more than one.</summary>
            private static void SetState(LadderRow row, End e)
            {
                if (e.Trail.Count == 0) return;
                string text = string.Join(">", e.Trail);
                if (e.IsA) row.StateA = text; else row.StateB = text;
            }

            /// <summary>True when the receiver's next segment does not acknowledge this one although
            /// it occupies sequence space: the two crossed on the wire (simultaneous open or close).</summary>
            private static bool Crosses(CapturedSegment s, CapturedSegment reply)
            {
                if (reply == null || s.SequenceLength == 0 || s.Has(TcpFlags.Rst)) return false;
                return !reply.Has(TcpFlags.Ack) || Seq.Lt(reply.Acknowledgment, s.Sequence + (uint)s.SequenceLength);
            }

            private static void ApplyPending(End e)
            {
                foreach (var p in e.Pending) ReceiverGets(e, p, false);
                e.Pending.Clear();
            }

            /// <summary>What sending the segment does to the sender (RFC 9293 3.10.1, 3.10.4, 3.10.5).</summary>
            private static void SenderSends(End sender, End receiver, CapturedSegment s)
            {
                if (s.Has(TcpFlags.Rst))
                {
                    if (sender.State != Listen) sender.State = Closed;
                    return;
                }
                if (s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Ack) && sender.State == Closed) sender.State = SynSent;
                else if (s.Has(TcpFlags.Syn) && s.Has(TcpFlags.Ack) && (sender.State == Listen || sender.State == Closed || sender.State == SynSent))
                    sender.State = SynReceived;
                if (s.Has(TcpFlags.Fin) && !sender.FinSent)
                {
                    sender.FinSent = true;
                    sender.FinSeq = s.Sequence + (uint)s.PayloadLength + (s.Has(TcpFlags.Syn) ? 1u : 0u);
                    if (sender.State == Established || sender.State == SynReceived) sender.State = FinWait1;
                    else if (sender.State == CloseWait) sender.State = LastAck;
                }
            }

            /// <summary>What the segment does to the end that receives it (RFC 9293 3.10.7), in
            /// the RFC's order: RST, SYN, ACK, then FIN.</summary>
            private static void ReceiverGets(End r, CapturedSegment s, bool retransmission)
            {
                if (s.Has(TcpFlags.Rst))
                {
                    // 3.10.7.3/3.10.7.4: a passive SYN-RECEIVED goes back to LISTEN; otherwise CLOSED.
                    if (r.State == SynReceived && r.Passive) r.State = Listen;
                    else if (r.State != Listen && r.State != Closed && r.State != TimeWait) r.State = Closed;
                    return;
                }
                if (s.Has(TcpFlags.Syn))
                {
                    if (!s.Has(TcpFlags.Ack))
                    {
                        if (r.State == Listen) { r.State = SynReceived; r.Passive = true; }
                        else if (r.State == SynSent) r.State = SynReceived; // simultaneous open (3.5, figure 7)
                    }
                    else if ((r.State == SynSent || r.State == SynReceived) && r.BaseKnown && s.Acknowledgment == r.Base + 1)
                    {
                        r.State = Established;
                    }
                    return;
                }
                if (s.Has(TcpFlags.Ack))
                {
                    if (r.State == SynReceived && r.BaseKnown && Seq.Ge(s.Acknowledgment, r.Base + 1)) r.State = Established;
                    if (r.FinSent && Seq.Gt(s.Acknowledgment, r.FinSeq))
                    {
                        if (r.State == FinWait1) r.State = FinWait2;
                        else if (r.State == Closing) r.State = TimeWait;
                        else if (r.State == LastAck) r.State = Closed;
                    }
                }
                if (s.Has(TcpFlags.Fin) && !r.PeerFinReceived && !retransmission)
                {
                    r.PeerFinReceived = true;
                    if (r.State == Established || r.State == SynReceived) r.State = CloseWait;
                    else if (r.State == FinWait1) r.State = Closing;
                    else if (r.State == FinWait2) r.State = TimeWait;
                }
            }

            /// <summary>The seed's numbering: handshake 1-3 with (X,0) (Y,X+1) (X+1,Y+1), and the
            /// four-way close (u,…) (v,u+1) (w,u+1) (u+1,w+1) while the segments follow that pattern.</summary>
            private void NoteSeedTuples(LadderRow row, CapturedSegment s, bool fromA)
            {
                End sender = fromA ? _a : _b;
                if (s.Has(TcpFlags.Rst))
                {
                    _closeStep = -1;
                    // RFC 9293 3.10.7.1: a segment to a port with no connection and no listener draws an RST.
                    row.Note = Connection.Rows.Count == 1 && !fromA && Connection.InitialStateB == Closed ? "reset: nothing listens on B's port" : "reset";
                    return;
                }
                if (s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Ack) && fromA) { row.Note = "handshake 1"; return; }
                if (s.Has(TcpFlags.Syn) && s.Has(TcpFlags.Ack) && !fromA) { row.Note = "handshake 2"; return; }
                if (!s.Has(TcpFlags.Syn) && fromA && row.StateB == Established && _b.Passive && !_handshakeDone)
                {
                    _handshakeDone = true;
                    row.Note = "handshake 3";
                    return;
                }
                if (_closeStep < 0) return;
                if (_closeStep == 0 && s.Has(TcpFlags.Fin))
                {
                    _closeStep = 1; _u = s.Sequence; _uFromA = fromA;
                    row.Note = "close 1: u = " + Rel(sender, _u);
                }
                else if (_closeStep == 1 && fromA != _uFromA)
                {
                    if (s.Has(TcpFlags.Fin) && s.Acknowledgment != _u + 1) { row.Note = "simultaneous close: the FINs cross"; _closeStep = -1; }
                    else if (s.Has(TcpFlags.Fin)) { _closeStep = 3; _w = s.Sequence; row.Note = "close 2+3: (w, u+1), w = " + Rel(sender, _w) + " (ACK and FIN in one segment)"; }
                    else if (s.Acknowledgment == _u + 1) { _closeStep = 2; row.Note = "close 2: (v, u+1), v = " + Rel(sender, s.Sequence); }
                }
                else if (_closeStep == 2 && fromA != _uFromA && s.Has(TcpFlags.Fin))
                {
                    _closeStep = 3; _w = s.Sequence;
                    row.Note = s.Acknowledgment == _u + 1 ? "close 3: (w, u+1), w = " + Rel(sender, _w) : "close 3: w = " + Rel(sender, _w);
                }
                else if (_closeStep == 3 && fromA == _uFromA && s.Has(TcpFlags.Ack) && s.Acknowledgment == _w + 1)
                {
                    _closeStep = 4;
                    row.Note = s.Sequence == _u + 1 ? "close 4: (u+1, w+1)" : "close 4: ACK of w";
                }
            }

            private static string Rel(End e, uint value)
            {
                if (!e.BaseKnown) return value.ToString();
                string letter = e.IsA ? "X" : "Y";
                int d = (int)(value - e.Base);
                return d == 0 ? letter : d > 0 ? letter + "+" + d : letter + d;
            }

            public void Finish(int mslSeconds)
            {
                _a.Trail.Clear(); _b.Trail.Clear();
                ApplyPending(_a);
                ApplyPending(_b);
                AddTimeWaitEnd(_a, mslSeconds);
                AddTimeWaitEnd(_b, mslSeconds);
            }

            /// <summary>RFC 9293 3.3.2 / 3.10.7.4: TIME-WAIT ends after 2 MSL with no segment; the
            /// seed's reason: the last ACK may be lost, and the peer's retransmitted FIN must still
            /// find someone to ACK it.</summary>
            private void AddTimeWaitEnd(End e, int mslSeconds)
            {
                if (e.State != TimeWait) return;
                long end = e.TimeWaitAtMicros + 2L * mslSeconds * 1_000_000;
                var row = new LadderRow
                {
                    TimeMicros = end - Connection.StartMicros,
                    FromA = e.IsA,
                    IsSegment = false,
                    Flags = "(2MSL timer)",
                    Note = "TIME-WAIT ends after 2MSL = " + (2 * mslSeconds) + " s, no segment",
                };
                if (e.IsA) row.StateA = Closed; else row.StateB = Closed;
                e.State = Closed;
                // After the captured rows, timer rows in the order they fire.
                int at = Connection.Rows.Count;
                while (at > 0 && !Connection.Rows[at - 1].IsSegment && Connection.Rows[at - 1].TimeMicros > row.TimeMicros) at--;
                Connection.Rows.Insert(at, row);
                Connection.Footer.Add((e.IsA ? "A" : "B") + " waits in TIME-WAIT for 2MSL (MSL " + mslSeconds +
                    " s, RFC 9293 3.4.2) so that, if its last ACK is lost, the peer's retransmitted FIN is still answered; the CLOSED row is inferred, not captured.");
            }
        }

        /// <summary>SYN,FIN,RST,PSH,ACK,URG, comma-separated; "none" for a segment without control bits.</summary>
        public static string FlagText(TcpFlags f)
        {
            var parts = new List<string>(6);
            if ((f & TcpFlags.Syn) != 0) parts.Add("SYN");
            if ((f & TcpFlags.Fin) != 0) parts.Add("FIN");
            if ((f & TcpFlags.Rst) != 0) parts.Add("RST");
            if ((f & TcpFlags.Psh) != 0) parts.Add("PSH");
            if ((f & TcpFlags.Ack) != 0) parts.Add("ACK");
            if ((f & TcpFlags.Urg) != 0) parts.Add("URG");
            return parts.Count == 0 ? "none" : string.Join(",", parts);
        }
    }
}
