using System;

namespace NanoTcp.Simulation
{
    /// <summary>
    /// Milliseconds that move only when a test says so. Every Poll(nowMs) in a simulation
    /// takes its time from here, so runs are deterministic and never wait on the real clock.
    /// </summary>
    public sealed class VirtualClock
    {
        public VirtualClock(long startMs = 0) { NowMs = startMs; }

        public long NowMs { get; private set; }

        /// <summary>Moves time forward by ms (0 allowed).</summary>
        public void Advance(long ms)
        {
            if (ms < 0) throw new ArgumentOutOfRangeException(nameof(ms), "Virtual time only moves forward; pass 0 or more.");
            NowMs += ms;
        }

        /// <summary>Moves time to an absolute moment no earlier than now.</summary>
        public void AdvanceTo(long nowMs)
        {
            if (nowMs < NowMs) throw new ArgumentOutOfRangeException(nameof(nowMs), "Virtual time only moves forward; pass a time at or after NowMs.");
            NowMs = nowMs;
        }
    }
}
