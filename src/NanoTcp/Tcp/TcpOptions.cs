using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// Every size and timing of the TCP layer (TcpStack), fixed before construction: the
    /// stack allocates its connection table, rings and out-of-order slots from these
    /// numbers and nothing on the packet, timer or socket path allocates after that.
    /// Device.DeviceOptions composes it with the other layers' options for a whole device.
    /// </summary>
    public sealed class TcpOptions
    {
        // ---- Sizes ----
        /// <summary>Connection slots, including those in TIME-WAIT and half-open ones.</summary>
        public int Connections = 8;
        /// <summary>Listening ports open at once.</summary>
        public int Listeners = 4;
        /// <summary>Half-open plus not-yet-accepted connections per listener (RFC 9293 MUST-41).</summary>
        public int ListenBacklog = 4;
        /// <summary>Bytes of each connection's receive ring (the most we advertise as window).</summary>
        public int ReceiveBufferSize = 4096;
        /// <summary>Bytes of each connection's send ring (sent but unacknowledged plus queued).</summary>
        public int SendBufferSize = 4096;
        /// <summary>Out-of-order gaps each receive ring can remember; more are dropped and counted.</summary>
        public int OutOfOrderSlots = 4;

        // ---- Timing (RFC defaults) ----
        /// <summary>Maximum segment lifetime; TIME-WAIT lasts 2 MSL (RFC 9293 3.4.2, MUST-13). RFC: 2 minutes.</summary>
        public int MslMs = 2 * 60 * 1000;
        /// <summary>RFC 6298 2.1: initial RTO 1 s.</summary>
        public int InitialRtoMs = 1000;
        /// <summary>RFC 6298 2.4: minimum RTO 1 s.</summary>
        public int MinRtoMs = 1000;
        /// <summary>RFC 6298 2.5: a maximum of at least 60 s.</summary>
        public int MaxRtoMs = 60 * 1000;
        /// <summary>RFC 9293 3.8.6.3, MUST-40: under 500 ms; default 200 ms.</summary>
        public int DelayedAckMs = 200;
        /// <summary>RFC 9293 3.8.3 R1: retransmissions before negative advice to IP (MUST-20).</summary>
        public int R1Retransmissions = 3;
        /// <summary>RFC 9293 3.8.3 R2 for data: give up after this long (MUST-20, MUST-21: per-connection override).</summary>
        public int R2Ms = 100 * 1000;
        /// <summary>RFC 9293 3.8.3 R2 for SYNs: at least 3 minutes (MUST-23).</summary>
        public int SynR2Ms = 3 * 60 * 1000;
        /// <summary>RFC 9293 3.8.4 keep-alive idle interval (MUST-28: at least two hours).</summary>
        public int KeepAliveIdleMs = 2 * 60 * 60 * 1000;
        /// <summary>Interval between unanswered keep-alive probes.</summary>
        public int KeepAliveIntervalMs = 75 * 1000;
        /// <summary>Unanswered keep-alive probes before the connection is dropped (MUST-29: several).</summary>
        public int KeepAliveProbes = 9;
        /// <summary>RFC 5961 10: challenge ACKs allowed per second, all connections together.</summary>
        public int ChallengeAckLimitPerSecond = 10;

        // ---- Lifetimes: every slot comes back on its own ----
        /// <summary>A connection the application closed that sits in FIN-WAIT-2 (our FIN
        /// acknowledged, the peer's FIN never comes) is reset and freed after this long, like
        /// Linux's tcp_fin_timeout (default 60 s).</summary>
        public int FinWait2TimeoutMs = 60 * 1000;
        /// <summary>User timeout for a zero window (RFC 5482 style; RFC 6429 allows closing a
        /// connection in the persist condition): when the peer's window has stayed zero for this
        /// long since our first probe, the connection is reset and reports TimedOut. An
        /// application may lift it for one connection it holds (TcpStack.SetZeroWindowTimeout,
        /// 0 = probe for as long as the peer answers, MUST-37); a closed one always uses this.</summary>
        public int ZeroWindowTimeoutMs = 120 * 1000;
        /// <summary>SYN-ACK retransmissions of a passive open before the half-open slot is freed
        /// (Linux's tcp_synack_retries: 5, about 63 s with a 1 s initial RTO).</summary>
        public int SynAckRetries = 5;

        /// <summary>
        /// Secret for the RFC 6528 ISN function and RFC 6056 port choice (MUST-8, MUST-9): at
        /// least 16 bytes of entropy the host supplies. Required: TcpStack refuses to start
        /// without it, because anything the stack could derive by itself (sizes, MAC, clock)
        /// is predictable and two devices would pick the same ISNs and ports.
        /// Device.DeviceStack fills it from DeviceOptions.Entropy (ESP32: the hardware RNG;
        /// desktop: System.Security.Cryptography.RandomNumberGenerator).
        /// </summary>
        public byte[] Secret;

        /// <summary>A copy (the device root copies options before it completes them).
        /// The secret array is shared, not copied.</summary>
        public TcpOptions Clone()
        {
            return (TcpOptions)MemberwiseClone();
        }

        /// <summary>Throws ArgumentException naming the bad setting and its allowed range.</summary>
        public void Validate()
        {
            Check(Connections >= 0 && Connections <= 1024, "Connections", "0 to 1024");
            Check(Listeners >= 0 && Listeners <= 64, "Listeners", "0 to 64");
            Check(ListenBacklog >= 1 && ListenBacklog <= 64, "ListenBacklog", "1 to 64");
            Check(ReceiveBufferSize >= 536 && ReceiveBufferSize <= 1 << 20, "ReceiveBufferSize", "536 to 1048576");
            Check(SendBufferSize >= 536 && SendBufferSize <= 1 << 20, "SendBufferSize", "536 to 1048576");
            Check(OutOfOrderSlots >= 0 && OutOfOrderSlots <= 32, "OutOfOrderSlots", "0 to 32");
            Check(MslMs >= 1, "MslMs", "1 or more (RFC default 120000)");
            Check(MinRtoMs >= 1 && MinRtoMs <= MaxRtoMs, "MinRtoMs", "1 to MaxRtoMs");
            Check(InitialRtoMs >= MinRtoMs && InitialRtoMs <= MaxRtoMs, "InitialRtoMs", "MinRtoMs to MaxRtoMs");
            Check(DelayedAckMs >= 0 && DelayedAckMs < 500, "DelayedAckMs", "0 to 499 (RFC 9293 MUST-40)");
            Check(SynR2Ms >= 180000, "SynR2Ms", "180000 or more (RFC 9293 MUST-23)");
            Check(R2Ms >= 1, "R2Ms", "1 or more");
            Check(KeepAliveIdleMs >= 1, "KeepAliveIdleMs", "1 or more (RFC default 7200000)");
            Check(KeepAliveIntervalMs >= 1, "KeepAliveIntervalMs", "1 or more (RFC 1122 default 75000)");
            Check(KeepAliveProbes >= 1, "KeepAliveProbes", "1 or more (RFC 9293 MUST-29: several)");
            Check(R1Retransmissions >= 1, "R1Retransmissions", "1 or more (RFC 9293 3.8.3: at least 3)");
            Check(ChallengeAckLimitPerSecond >= 1, "ChallengeAckLimitPerSecond", "1 or more");
            Check(FinWait2TimeoutMs >= 1000, "FinWait2TimeoutMs", "1000 or more (Linux default 60000)");
            Check(ZeroWindowTimeoutMs >= 1000, "ZeroWindowTimeoutMs", "1000 or more (default 120000)");
            Check(SynAckRetries >= 0 && SynAckRetries <= 15, "SynAckRetries", "0 to 15 (Linux default 5)");
            Check(Secret == null || Secret.Length >= 16, "Secret", "null or at least 16 bytes");
        }

        /// <summary>Throws when Secret is missing (TcpStack needs it): the message says how to get one.</summary>
        public void RequireSecret()
        {
            if (Secret == null || Secret.Length < 16)
                throw new ArgumentException("TcpOptions.Secret must be at least 16 random bytes (RFC 6528 ISNs, RFC 6056 ports). Build the device with DeviceStack and DeviceOptions.Entropy, or fill it yourself: on ESP32 new System.Random().NextBytes(secret) reads the hardware RNG; on desktop System.Security.Cryptography.RandomNumberGenerator.GetBytes(16).", "Secret");
        }

        private static void Check(bool ok, string name, string range)
        {
            if (!ok) throw new ArgumentException("TcpOptions." + name + " must be " + range + ".", name);
        }
    }
}
