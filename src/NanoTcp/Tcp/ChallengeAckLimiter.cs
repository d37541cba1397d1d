using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// RFC 5961 section 7: a limit on challenge ACKs (the replies to in-window RSTs, SYNs in
    /// synchronized states and out-of-range ACKs, sections 3-5), so that an attacker cannot
    /// use them to make us flood. At most perSecond challenge ACKs in every one-second
    /// window of the injected clock, all connections together (TcpOptions
    /// ChallengeAckLimitPerSecond).
    ///
    /// A fixed, global limit is itself a side channel (CVE-2016-5696: an off-path attacker
    /// counts how many of its own challenge ACKs are suppressed). When constructed with a
    /// secret, the limit of each window is drawn from [perSecond/2, perSecond] with SipHash
    /// over the window number, as Linux randomizes it since that CVE. No allocation.
    /// </summary>
    public sealed class ChallengeAckLimiter
    {
        public const int WindowMs = 1000;

        private readonly int _perSecond;
        private readonly bool _randomized;
        private readonly ulong _k0;
        private readonly ulong _k1;
        private readonly byte[] _message;
        private bool _started;
        private long _windowStart;
        private int _windowLimit;
        private int _sentInWindow;
        private long _suppressed;

        /// <summary>Exactly perSecond challenge ACKs per window.</summary>
        public ChallengeAckLimiter(int perSecond)
        {
            if (perSecond < 1) throw new ArgumentOutOfRangeException("perSecond", "perSecond must be 1 or more (TcpOptions.ChallengeAckLimitPerSecond).");
            _perSecond = perSecond;
            _windowLimit = perSecond;
        }

        /// <summary>A per-window limit drawn from [perSecond/2, perSecond] under the secret.</summary>
        public ChallengeAckLimiter(int perSecond, byte[] secret) : this(perSecond)
        {
            SipHash.ReadKey(secret, 0, out _k0, out _k1);
            _randomized = true;
            _message = new byte[9];
        }

        /// <summary>Challenge ACKs refused so far.</summary>
        public long Suppressed { get { return _suppressed; } }

        /// <summary>The limit of the current window.</summary>
        public int CurrentLimit { get { return _windowLimit; } }

        /// <summary>True when a challenge ACK may be sent now (and counts it); false: suppress it.</summary>
        public bool Allow(long nowMs)
        {
            // A new window after WindowMs, or when the clock went backwards.
            if (!_started || nowMs - _windowStart >= WindowMs || nowMs < _windowStart)
            {
                _started = true;
                _windowStart = nowMs;
                _sentInWindow = 0;
                _windowLimit = _randomized ? DrawLimit(nowMs / WindowMs) : _perSecond;
            }
            if (_sentInWindow < _windowLimit)
            {
                _sentInWindow++;
                return true;
            }
            _suppressed++;
            return false;
        }

        private int DrawLimit(long window)
        {
            byte[] msg = _message;
            msg[0] = 0x43;  // 'C': domain tag
            for (int i = 0; i < 8; i++) msg[1 + i] = (byte)(window >> (8 * i));
            int low = _perSecond / 2;
            if (low < 1) low = 1;
            int span = _perSecond - low + 1;
            return low + (int)(SipHash.Compute(_k0, _k1, msg, 0, msg.Length) % (ulong)span);
        }
    }
}
