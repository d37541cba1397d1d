using NanoTcp.Net;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// One slot of the connection table: the transmission control block of RFC 9293 3.3.1
    /// (names follow the RFC: SND.UNA is SndUna), its two rings and its timers. Allocated
    /// once by TcpStack and reused for every connection that lands in the slot.
    /// The behaviour is split by concern: .Input.cs (RFC 9293 3.10.7 in its order),
    /// .Text.cs (URG, text, FIN), .Output.cs (segmentizing), .Timers.cs (RTO, persist,
    /// delayed ACK, keep-alive, TIME-WAIT).
    /// </summary>
    internal sealed partial class TcpConnection
    {
        internal const long Never = long.MaxValue;
        private const int DefaultSendMss = TcpStack.DefaultMss;

        internal readonly TcpStack Stack;
        internal readonly int Slot;
        internal readonly ByteRing SendRing;
        internal readonly ByteRing ReceiveRing;
        internal readonly Assembler Gaps;
        internal readonly RttEstimator Rtt;
        internal readonly NewReno Congestion;

        // ---- Ownership ----
        internal int Generation;
        internal bool InUse;
        /// <summary>The application holds a handle (from Connect or Accept) and has not closed it.</summary>
        internal bool AppOwned;
        /// <summary>Listener index while the connection waits in a listen backlog, else -1.</summary>
        internal int Listener;
        /// <summary>Order in which passive connections reached ESTABLISHED (Accept is FIFO).</summary>
        internal long AcceptOrder;
        /// <summary>The application called Close: it reads no more (RFC 1122 4.2.2.13 half-duplex
        /// close), so unread or arriving data resets the connection (TcpConnection.Lifetimes.cs).</summary>
        internal bool AppClosed;
        /// <summary>When the slot was opened (the oldest half-open is recycled first, RFC 4987 3.3).</summary>
        internal long OpenedMs;

        // ---- State (RFC 9293 3.3.2) ----
        internal TcpState State;
        /// <summary>MUST-11: SYN-RECEIVED came from LISTEN (true) or SYN-SENT (false).</summary>
        internal bool FromListen;

        internal uint LocalIp;
        internal int LocalPort;
        internal uint RemoteIp;
        internal int RemotePort;

        // ---- Send sequence space (RFC 9293 3.3.1) ----
        internal uint Iss;
        internal uint SndUna;
        internal uint SndNxt;
        /// <summary>Highest sequence number sent so far (SND.NXT is rewound on a timeout).</summary>
        internal uint SndMax;
        internal uint SndWl1;
        internal uint SndWl2;
        internal int SndWnd;
        /// <summary>MAX.SND.WND of RFC 5961 5.2 and the Fs test of RFC 9293 3.8.6.2.1.</summary>
        internal int MaxSndWnd;
        /// <summary>Effective send MSS (MUST-16): the peer's MSS option or 536 (MUST-15), capped by our MTU.</summary>
        internal int SendMss;
        /// <summary>SND.UP: first non-urgent octet after urgent data (MUST-62); valid while SendUrgent.</summary>
        internal uint SndUp;
        internal bool SendUrgent;
        /// <summary>End of the last segment shorter than the MSS we sent (Nagle, Minshall's variant).</summary>
        internal uint SndSmall;
        /// <summary>The application closed: a FIN follows the queued data at FinSeq.</summary>
        internal bool FinQueued;
        internal uint FinSeq;
        internal bool SynAcked;

        // ---- Receive sequence space ----
        internal uint Irs;
        internal uint RcvNxt;
        /// <summary>Right edge of the window we last advertised (never moved left, RFC 9293 3.8.6.2.2).</summary>
        internal uint RcvAdvRight;
        /// <summary>RCV.UP: the peer's urgent mark (first non-urgent octet) while ReceiveUrgent.</summary>
        internal uint RcvUp;
        internal bool ReceiveUrgent;
        internal bool PeerFin;

        // ---- What the application is told (TcpEvents) ----
        internal bool WasConnected;
        internal bool WasReset;
        internal bool WasRefused;
        internal bool WasTimedOut;
        internal bool SoftError;
        /// <summary>Aborted because the interface's address changed (MUST-45).</summary>
        internal bool WasAddressChanged;

        // ---- Options set by the application ----
        internal bool NoDelay;
        internal bool KeepAliveEnabled;
        internal int R2Ms;
        /// <summary>User timeout for a zero window (RFC 5482 style), 0 = probe for as long as the
        /// peer answers (only while the application holds the handle).</summary>
        internal int ZeroWindowTimeoutMs;

        // ---- Timers: absolute deadlines, Never when unarmed ----
        /// <summary>Retransmission of SYN/data/FIN, and the persist timer when nothing is in flight.</summary>
        internal long RetransmitAt;
        internal long AckDueAt;
        internal long TimeWaitAt;
        internal long KeepAliveAt;
        /// <summary>Orphan in FIN-WAIT-2: released at this time (TcpOptions.FinWait2TimeoutMs).</summary>
        internal long FinWait2At;
        /// <summary>When probing of the current zero window began, or -1 (no zero window being probed).</summary>
        internal long ZeroWindowSinceMs;
        internal long LastReceiveMs;
        /// <summary>When the current run of unanswered retransmissions began (R2), or -1.</summary>
        internal long R2StartMs;
        internal int Retransmits;
        internal int KeepAliveProbes;

        // ---- ACK generation ----
        internal bool AckNow;
        internal int UnackedSegments;

        // ---- RTT timing (one segment at a time, Karn: never a retransmitted one) ----
        internal bool RttActive;
        internal uint RttSeq;
        internal long RttStartMs;

        /// <summary>A SYN or SYN-ACK was sent again (RFC 6298 5.7 on reaching ESTABLISHED).</summary>
        internal bool SynRetransmitted;

        internal TcpConnection(TcpStack stack, int slot, TcpOptions o)
        {
            Stack = stack;
            Slot = slot;
            SendRing = new ByteRing(o.SendBufferSize);
            ReceiveRing = new ByteRing(o.ReceiveBufferSize);
            Gaps = new Assembler(o.OutOfOrderSlots);
            Rtt = new RttEstimator(o.InitialRtoMs, o.MinRtoMs, o.MaxRtoMs);
            Congestion = new NewReno(536);
            State = TcpState.Closed;
            Listener = -1;
            RetransmitAt = AckDueAt = TimeWaitAt = KeepAliveAt = FinWait2At = Never;
            ZeroWindowSinceMs = -1; // a free slot has no timer armed
        }

        /// <summary>Prepares the slot for a new connection (no allocation).</summary>
        internal void Open(uint localIp, int localPort, uint remoteIp, int remotePort, uint iss, long nowMs)
        {
            Generation++;
            InUse = true;
            AppOwned = false;
            Listener = -1;
            AcceptOrder = 0;
            AppClosed = false;
            OpenedMs = nowMs;
            FromListen = false;
            LocalIp = localIp;
            LocalPort = localPort;
            RemoteIp = remoteIp;
            RemotePort = remotePort;
            Iss = iss;
            SndUna = iss;
            SndNxt = iss;
            SndMax = iss;
            SndWl1 = 0;
            SndWl2 = 0;
            SndWnd = 0;
            MaxSndWnd = 0;
            SendMss = DefaultSendMss;
            SndUp = 0;
            SendUrgent = false;
            SndSmall = iss;
            FinQueued = false;
            FinSeq = 0;
            SynAcked = false;
            Irs = 0;
            RcvNxt = 0;
            RcvAdvRight = 0;
            RcvUp = 0;
            ReceiveUrgent = false;
            PeerFin = false;
            WasConnected = WasReset = WasRefused = WasTimedOut = SoftError = WasAddressChanged = false;
            NoDelay = false;
            KeepAliveEnabled = false;
            R2Ms = Stack.Options.R2Ms;
            ZeroWindowTimeoutMs = Stack.Options.ZeroWindowTimeoutMs;
            ZeroWindowSinceMs = -1;
            RetransmitAt = AckDueAt = TimeWaitAt = KeepAliveAt = FinWait2At = Never;
            LastReceiveMs = nowMs;
            R2StartMs = -1;
            Retransmits = 0;
            KeepAliveProbes = 0;
            AckNow = false;
            UnackedSegments = 0;
            RttActive = false;
            SynRetransmitted = false;
            Congestion.Reset(DefaultSendMss, iss);
            SendRing.Clear();
            ReceiveRing.Clear();
            Gaps.Clear();
            Rtt.Reset();
        }

        internal bool IsSynchronized
        {
            get { return State >= TcpState.Established; }
        }

        /// <summary>States in which we may still send data or a FIN (RFC 9293 3.10.2).</summary>
        internal bool CanSend
        {
            get { return State == TcpState.Established || State == TcpState.CloseWait; }
        }

        /// <summary>States in which arriving text is accepted (RFC 9293 3.10.7.4 seventh).</summary>
        internal bool CanReceiveText
        {
            get { return State == TcpState.Established || State == TcpState.FinWait1 || State == TcpState.FinWait2; }
        }

        /// <summary>Sequence number of the first byte in the receive ring (the application's read point).</summary>
        internal uint ReadSeq
        {
            get { return RcvNxt - (uint)ReceiveRing.Count; }
        }

        internal void SetState(TcpState to, long nowMs)
        {
            Stack.SetState(this, to, nowMs);
        }

        /// <summary>Throws away queued data both ways and every timer (ABORT, reset, release).</summary>
        internal void Flush()
        {
            SendRing.Clear();
            ReceiveRing.Clear();
            Gaps.Clear();
            RetransmitAt = AckDueAt = TimeWaitAt = KeepAliveAt = FinWait2At = Never;
            ZeroWindowSinceMs = -1;
            AckNow = false;
            FinQueued = false;
            SendUrgent = false;
            ReceiveUrgent = false;
        }

        internal long NextDeadline()
        {
            long d = RetransmitAt;
            if (AckDueAt < d) d = AckDueAt;
            if (TimeWaitAt < d) d = TimeWaitAt;
            if (KeepAliveAt < d) d = KeepAliveAt;
            if (FinWait2At < d) d = FinWait2At;
            return d;
        }
    }
}
