using System;

namespace NanoTcp.Net
{
    /// <summary>
    /// Every size and every timing default of the stack, fixed before construction. The
    /// constructors of NetworkInterface, TcpStack and the sockets allocate all their memory
    /// from these numbers; nothing on the packet, timer or socket path allocates after that.
    /// Defaults fit an ESP32 with room to spare (about 60 KB with the values below).
    /// </summary>
    public sealed class StackOptions
    {
        // ---- Link and IP ----
        /// <summary>IP MTU in bytes; the largest frame is Mtu + 14.</summary>
        public int Mtu = 1500;
        /// <summary>IPv4 time to live for packets we send (RFC 9293 MUST-49: configurable).</summary>
        public int TimeToLive = 64;
        /// <summary>Frames one Poll takes from the device at most, so a flood cannot starve
        /// timers; when reached, NextDeadline returns "now".</summary>
        public int FramesPerPoll = 32;
        /// <summary>ICMP errors (unreachables) sent per second at most (RFC 1812 4.3.2.8 rate limiting).</summary>
        public int IcmpErrorsPerSecond = 10;

        // ---- ARP ----
        public int ArpCacheEntries = 8;
        /// <summary>How long a resolved entry lives before it must be resolved again.</summary>
        public int ArpEntryLifetimeMs = 5 * 60 * 1000;
        /// <summary>Interval between ARP requests while resolving.</summary>
        public int ArpRetryIntervalMs = 1000;
        /// <summary>Requests sent before resolution fails and the held frame is dropped.</summary>
        public int ArpMaxRequests = 3;

        // ---- UDP ----
        public int UdpSockets = 4;
        /// <summary>Bytes of received datagrams (plus 8 bytes of bookkeeping each) a UDP socket holds.</summary>
        public int UdpReceiveBufferSize = 2048;

        // ---- TCP sizes ----
        /// <summary>Connection slots, including those in TIME-WAIT and half-open ones.</summary>
        public int TcpConnections = 8;
        public int TcpListeners = 4;
        /// <summary>Half-open plus not-yet-accepted connections per listener (RFC 9293 MUST-41).</summary>
        public int TcpListenBacklog = 4;
        public int TcpReceiveBufferSize = 4096;
        public int TcpSendBufferSize = 4096;
        /// <summary>Out-of-order gaps each receive ring can remember; more are dropped and counted.</summary>
        public int TcpOutOfOrderSlots = 4;

        // ---- TCP timing (RFC defaults) ----
        /// <summary>Maximum segment lifetime; TIME-WAIT lasts 2 MSL (RFC 9293 3.4.2, MUST-13). RFC: 2 minutes.</summary>
        public int TcpMslMs = 2 * 60 * 1000;
        /// <summary>RFC 6298 2.1: initial RTO 1 s.</summary>
        public int TcpInitialRtoMs = 1000;
        /// <summary>RFC 6298 2.4: minimum RTO 1 s.</summary>
        public int TcpMinRtoMs = 1000;
        /// <summary>RFC 6298 2.5: a maximum of at least 60 s.</summary>
        public int TcpMaxRtoMs = 60 * 1000;
        /// <summary>RFC 9293 3.8.6.3, MUST-40: under 500 ms; default 200 ms.</summary>
        public int TcpDelayedAckMs = 200;
        /// <summary>RFC 9293 3.8.3 R1: retransmissions before negative advice to IP (MUST-20).</summary>
        public int TcpR1Retransmissions = 3;
        /// <summary>RFC 9293 3.8.3 R2 for data: give up after this long (MUST-20, MUST-21: per-connection override).</summary>
        public int TcpR2Ms = 100 * 1000;
        /// <summary>RFC 9293 3.8.3 R2 for SYNs: at least 3 minutes (MUST-23).</summary>
        public int TcpSynR2Ms = 3 * 60 * 1000;
        /// <summary>RFC 9293 3.8.4 keep-alive idle interval (MUST-28: at least two hours).</summary>
        public int TcpKeepAliveIdleMs = 2 * 60 * 60 * 1000;
        /// <summary>Interval between unanswered keep-alive probes.</summary>
        public int TcpKeepAliveIntervalMs = 75 * 1000;
        /// <summary>Unanswered keep-alive probes before the connection is dropped (MUST-29: several).</summary>
        public int TcpKeepAliveProbes = 9;
        /// <summary>RFC 5961 10: challenge ACKs allowed per second, all connections together.</summary>
        public int TcpChallengeAckLimitPerSecond = 10;

        // ---- TCP lifetimes: every slot comes back on its own ----
        /// <summary>A connection the application closed that sits in FIN-WAIT-2 (our FIN
        /// acknowledged, the peer's FIN never comes) is reset and freed after this long, like
        /// Linux's tcp_fin_timeout (default 60 s).</summary>
        public int TcpFinWait2TimeoutMs = 60 * 1000;
        /// <summary>User timeout for a zero window (RFC 5482 style; RFC 6429 allows closing a
        /// connection in the persist condition): when the peer's window has stayed zero for this
        /// long since our first probe, the connection is reset and reports TimedOut. An
        /// application may lift it for one connection it holds (TcpStack.SetZeroWindowTimeout,
        /// 0 = probe for as long as the peer answers, MUST-37); a closed one always uses this.</summary>
        public int TcpZeroWindowTimeoutMs = 120 * 1000;
        /// <summary>SYN-ACK retransmissions of a passive open before the half-open slot is freed
        /// (Linux's tcp_synack_retries: 5, about 63 s with a 1 s initial RTO).</summary>
        public int TcpSynAckRetries = 5;

        /// <summary>
        /// Secret for the RFC 6528 ISN function and RFC 6056 port choice (MUST-8, MUST-9): at
        /// least 16 bytes of entropy the host supplies. Required: TcpStack refuses to start
        /// without it, because any fallback the stack could derive (MTU, sizes, MAC, clock) is
        /// predictable and two devices would pick the same ISNs and ports. On ESP32 fill it
        /// with new System.Random().NextBytes (nanoFramework's Random reads the hardware RNG,
        /// esp_random); on desktop with System.Security.Cryptography.RandomNumberGenerator.GetBytes(16).
        /// </summary>
        public byte[] Secret;

        /// <summary>Throws ArgumentException naming the bad setting and its allowed range.</summary>
        public void Validate()
        {
            Check(Mtu >= 576 && Mtu <= 1500, "Mtu", "576 to 1500");
            Check(TimeToLive >= 1 && TimeToLive <= 255, "TimeToLive", "1 to 255");
            Check(FramesPerPoll >= 1, "FramesPerPoll", "1 or more");
            Check(IcmpErrorsPerSecond >= 0, "IcmpErrorsPerSecond", "0 or more");
            Check(ArpCacheEntries >= 1 && ArpCacheEntries <= 256, "ArpCacheEntries", "1 to 256");
            Check(ArpMaxRequests >= 1, "ArpMaxRequests", "1 or more");
            Check(ArpRetryIntervalMs >= 1, "ArpRetryIntervalMs", "1 or more");
            Check(ArpEntryLifetimeMs >= 1000, "ArpEntryLifetimeMs", "1000 or more");
            Check(UdpSockets >= 0 && UdpSockets <= 64, "UdpSockets", "0 to 64");
            Check(UdpReceiveBufferSize >= 64, "UdpReceiveBufferSize", "64 or more");
            Check(TcpConnections >= 0 && TcpConnections <= 1024, "TcpConnections", "0 to 1024");
            Check(TcpListeners >= 0 && TcpListeners <= 64, "TcpListeners", "0 to 64");
            Check(TcpListenBacklog >= 1 && TcpListenBacklog <= 64, "TcpListenBacklog", "1 to 64");
            Check(TcpReceiveBufferSize >= 536 && TcpReceiveBufferSize <= 1 << 20, "TcpReceiveBufferSize", "536 to 1048576");
            Check(TcpSendBufferSize >= 536 && TcpSendBufferSize <= 1 << 20, "TcpSendBufferSize", "536 to 1048576");
            Check(TcpOutOfOrderSlots >= 0 && TcpOutOfOrderSlots <= 32, "TcpOutOfOrderSlots", "0 to 32");
            Check(TcpMslMs >= 1, "TcpMslMs", "1 or more (RFC default 120000)");
            Check(TcpMinRtoMs >= 1 && TcpMinRtoMs <= TcpMaxRtoMs, "TcpMinRtoMs", "1 to TcpMaxRtoMs");
            Check(TcpInitialRtoMs >= TcpMinRtoMs && TcpInitialRtoMs <= TcpMaxRtoMs, "TcpInitialRtoMs", "TcpMinRtoMs to TcpMaxRtoMs");
            Check(TcpDelayedAckMs >= 0 && TcpDelayedAckMs < 500, "TcpDelayedAckMs", "0 to 499 (RFC 9293 MUST-40)");
            Check(TcpSynR2Ms >= 180000, "TcpSynR2Ms", "180000 or more (RFC 9293 MUST-23)");
            Check(TcpR2Ms >= 1, "TcpR2Ms", "1 or more");
            Check(TcpKeepAliveIdleMs >= 1, "TcpKeepAliveIdleMs", "1 or more (RFC default 7200000)");
            Check(TcpChallengeAckLimitPerSecond >= 1, "TcpChallengeAckLimitPerSecond", "1 or more");
            Check(TcpFinWait2TimeoutMs >= 1000, "TcpFinWait2TimeoutMs", "1000 or more (Linux default 60000)");
            Check(TcpZeroWindowTimeoutMs >= 1000, "TcpZeroWindowTimeoutMs", "1000 or more (default 120000)");
            Check(TcpSynAckRetries >= 0 && TcpSynAckRetries <= 15, "TcpSynAckRetries", "0 to 15 (Linux default 5)");
            Check(Secret == null || Secret.Length >= 16, "Secret", "null or at least 16 bytes");
        }

        /// <summary>Throws when Secret is missing (TcpStack needs it): the message says how to get one.</summary>
        public void RequireSecret()
        {
            if (Secret == null || Secret.Length < 16)
                throw new ArgumentException("StackOptions.Secret must be at least 16 random bytes (RFC 6528 ISNs, RFC 6056 ports). On ESP32: new System.Random().NextBytes(secret) reads the hardware RNG; on desktop: System.Security.Cryptography.RandomNumberGenerator.GetBytes(16).", "Secret");
        }

        private static void Check(bool ok, string name, string range)
        {
            if (!ok) throw new ArgumentException("StackOptions." + name + " must be " + range + ".", name);
        }
    }
}
