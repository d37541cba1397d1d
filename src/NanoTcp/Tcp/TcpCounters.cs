namespace NanoTcp.Tcp
{
    /// <summary>
    /// What the TCP engine counts (status page, tests). Every drop on the packet path has a
    /// counter here: malformed wire input is dropped and counted, never thrown.
    /// </summary>
    public sealed class TcpCounters
    {
        public long SegmentsIn;
        public long SegmentsOut;
        /// <summary>Shorter than a header, bad data offset.</summary>
        public long MalformedDropped;
        /// <summary>An option with an illegal length ended option parsing (MUST-7); the segment was used.</summary>
        public long MalformedOptions;
        public long ChecksumErrors;
        /// <summary>Sent to or from a broadcast/multicast/zero address (MUST-57, MUST-63).</summary>
        public long AddressDropped;
        /// <summary>Failed the RFC 9293 3.10.7.4 sequence test (an ACK was sent unless RST).</summary>
        public long UnacceptableSegments;
        public long ResetsSent;
        public long ResetsReceived;
        /// <summary>RFC 5961: challenge ACKs sent, and suppressed by the rate limit.</summary>
        public long ChallengeAcksSent;
        public long ChallengeAcksSuppressed;
        /// <summary>ACK outside [SND.UNA - MAX.SND.WND, SND.NXT] (RFC 5961 5.2), dropped.</summary>
        public long AckOutOfRange;
        /// <summary>SYNs dropped because the listener's backlog was full (MUST-41).</summary>
        public long ListenBacklogDrops;
        /// <summary>SYNs or Connect calls that found no free connection slot.</summary>
        public long NoSlotDrops;
        /// <summary>TIME-WAIT slots reclaimed (oldest first) for a new connection.</summary>
        public long TimeWaitReclaimed;
        public long ActiveOpens;
        public long PassiveOpens;
        public long Retransmissions;
        public long FastRetransmits;
        public long RetransmitTimeouts;
        /// <summary>R1 passed on a connection (MUST-20 negative advice; we have no routes to change).</summary>
        public long R1Exceeded;
        /// <summary>Connections closed because R2 (or the SYN R2) passed.</summary>
        public long ConnectionTimeouts;
        public long ZeroWindowProbes;
        public long KeepAlivesSent;
        public long KeepAliveTimeouts;
        public long OutOfOrderQueued;
        /// <summary>Out-of-order data that found no gap slot, or in-order data that evicted the gap slots.</summary>
        public long OutOfOrderDropped;
        public long DelayedAcks;
        public long IcmpErrors;
        /// <summary>IIpSender.SendIpv4 refused a segment (no route/ARP/device busy); retransmission covers it.</summary>
        public long SendFailures;
        public long DuplicateSegments;

        // ---- Lifetimes: why a slot came back without the peer's help ----
        /// <summary>Closed with received data unread: RST sent, slot freed (RFC 1122 4.2.2.13; Linux TCPAbortOnClose).</summary>
        public long AbortOnClose;
        /// <summary>New data arrived after the application closed: RST sent, slot freed (RFC 1122 4.2.2.13; Linux TCPAbortOnData).</summary>
        public long AbortOnData;
        /// <summary>Orphans released after TcpOptions.FinWait2TimeoutMs in FIN-WAIT-2.</summary>
        public long FinWait2Timeouts;
        /// <summary>Connections aborted because the peer's window stayed zero past the user timeout (RFC 6429).</summary>
        public long ZeroWindowTimeouts;
        /// <summary>Half-open passive connections freed after TcpOptions.SynAckRetries SYN-ACKs went unanswered.</summary>
        public long HalfOpenTimeouts;
        /// <summary>Oldest half-open passive connections recycled to make room for a new SYN (RFC 4987 3.3).</summary>
        public long HalfOpenRecycled;
        /// <summary>Connections aborted because the interface's address changed under them (MUST-45).</summary>
        public long AddressChangeAborts;
        /// <summary>Segments not sent because their local address is no longer the interface's (MUST-45).</summary>
        public long AddressMismatchDrops;

        public void Clear()
        {
            SegmentsIn = SegmentsOut = MalformedDropped = MalformedOptions = ChecksumErrors = 0;
            AddressDropped = UnacceptableSegments = ResetsSent = ResetsReceived = 0;
            ChallengeAcksSent = ChallengeAcksSuppressed = AckOutOfRange = ListenBacklogDrops = 0;
            NoSlotDrops = TimeWaitReclaimed = ActiveOpens = PassiveOpens = Retransmissions = 0;
            FastRetransmits = RetransmitTimeouts = R1Exceeded = ConnectionTimeouts = 0;
            ZeroWindowProbes = KeepAlivesSent = KeepAliveTimeouts = OutOfOrderQueued = 0;
            OutOfOrderDropped = DelayedAcks = IcmpErrors = SendFailures = DuplicateSegments = 0;
            AbortOnClose = AbortOnData = FinWait2Timeouts = ZeroWindowTimeouts = 0;
            HalfOpenTimeouts = HalfOpenRecycled = AddressChangeAborts = AddressMismatchDrops = 0;
        }
    }

    /// <summary>
    /// Sees every state change of every connection (RFC 9293 3.3.2 states), through the one
    /// SetState. Tests and the CLI's ladder diagram implement it; the core calls it
    /// synchronously and it must not call back into the stack.
    /// </summary>
    public interface ITcpTrace
    {
        void StateChanged(int slot, TcpState from, TcpState to, long nowMs);
    }
}
