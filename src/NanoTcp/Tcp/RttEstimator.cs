using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// Retransmission timeout per RFC 6298 (RFC 9293 3.8.1, MUST-18 Karn is the caller's
    /// job: sample only segments that were never retransmitted).
    ///
    /// SRTT and RTTVAR are kept in eighths of a millisecond so the 1/8 and 1/4 gains do not
    /// lose the small changes that integer milliseconds would round away (Linux keeps
    /// srtt &lt;&lt; 3 for the same reason). Clock granularity G = 1 ms (our clock is nowMs).
    /// </summary>
    public sealed class RttEstimator
    {
        /// <summary>RFC 6298 5.7: RTO after a lost SYN, once data transfer begins.</summary>
        public const int SynLossRtoMs = 3000;

        private const int Scale = 8;              // fixed point: units of 1/8 ms
        private const int GranularityMs = 1;      // RFC 6298 "G"
        private const int K = 4;                  // RFC 6298 2.2 / 2.3
        private const int MaxSampleMs = 1 << 24;  // keeps Scale * sample far from overflow

        private readonly int _initialRto;
        private readonly int _minRto;
        private readonly int _maxRto;
        private int _srtt8;    // SRTT * 8
        private int _rttvar8;  // RTTVAR * 8
        private bool _hasSample;
        private int _rto;      // current RTO in ms, backoff included

        /// <param name="initialRto">RFC 6298 2.1: 1000 ms (TcpOptions.InitialRtoMs).</param>
        /// <param name="minRto">RFC 6298 2.4: 1000 ms recommended (TcpOptions.MinRtoMs).</param>
        /// <param name="maxRto">RFC 6298 2.5: at least 60000 ms (TcpOptions.MaxRtoMs).</param>
        public RttEstimator(int initialRto, int minRto, int maxRto)
        {
            if (minRto < 1) throw new ArgumentOutOfRangeException("minRto", "minRto must be 1 ms or more.");
            if (maxRto < minRto) throw new ArgumentOutOfRangeException("maxRto", "maxRto must be at least minRto.");
            if (initialRto < minRto || initialRto > maxRto)
                throw new ArgumentOutOfRangeException("initialRto", "initialRto must lie between minRto and maxRto.");
            _initialRto = initialRto;
            _minRto = minRto;
            _maxRto = maxRto;
            Reset();
        }

        /// <summary>The retransmission timeout to arm now, in ms (backoff included).</summary>
        public int RtoMs { get { return _rto; } }

        /// <summary>Smoothed RTT in ms (0 before the first sample).</summary>
        public int SrttMs { get { return _srtt8 / Scale; } }

        /// <summary>RTT variation in ms (0 before the first sample).</summary>
        public int RttVarMs { get { return _rttvar8 / Scale; } }

        public bool HasSample { get { return _hasSample; } }

        /// <summary>
        /// Takes one RTT measurement (ms) of a segment that was not retransmitted (Karn).
        /// Negative samples (a clock that went backwards) are ignored.
        /// </summary>
        public void Sample(int rttMs)
        {
            if (rttMs < 0) return;
            if (rttMs > MaxSampleMs) rttMs = MaxSampleMs;
            int r8 = rttMs * Scale;
            if (!_hasSample)
            {
                // RFC 6298 2.2: SRTT <- R, RTTVAR <- R/2
                _srtt8 = r8;
                _rttvar8 = r8 / 2;
                _hasSample = true;
            }
            else
            {
                // RFC 6298 2.3, in this order (RTTVAR uses the old SRTT):
                //   RTTVAR <- (1 - beta) * RTTVAR + beta * |SRTT - R'|,  beta = 1/4
                //   SRTT   <- (1 - alpha) * SRTT  + alpha * R',          alpha = 1/8
                int error = _srtt8 - r8;
                if (error < 0) error = -error;
                // Written as (3v + e) / 4 and (7s + r) / 8 so the truncation still lets a
                // steady RTT decay RTTVAR to 0 (then G is the floor, as the RFC intends).
                _rttvar8 = (3 * _rttvar8 + error) / 4;
                _srtt8 = (7 * _srtt8 + r8) / 8;
            }
            // RFC 6298 2.2/2.3: RTO <- SRTT + max(G, K * RTTVAR); a new sample also ends
            // any backoff (RFC 6298 5, note after 5.7: the RTO "collapses" back down).
            _rto = Clamp(ComputeRto());
        }

        /// <summary>
        /// RFC 6298 5.5: the retransmission timer expired, so double the RTO, capped at the
        /// maximum (2.5). Returns the new RTO.
        /// </summary>
        public int Backoff()
        {
            _rto = _rto > _maxRto / 2 ? _maxRto : _rto * 2;
            return _rto;
        }

        /// <summary>
        /// RFC 6298 5.7: when a SYN was retransmitted and no RTT sample exists, the RTO is
        /// re-initialized to 3 s when data transfer begins (bounded by min/max here).
        /// Call on entering ESTABLISHED after a SYN or SYN-ACK timeout.
        /// </summary>
        public void AfterSynRetransmission()
        {
            if (!_hasSample) _rto = Clamp(SynLossRtoMs);
        }

        /// <summary>Forgets all samples; RTO back to the initial value (RFC 6298 2.1).</summary>
        public void Reset()
        {
            _srtt8 = 0;
            _rttvar8 = 0;
            _hasSample = false;
            _rto = _initialRto;
        }

        private int ComputeRto()
        {
            long variance = (long)K * _rttvar8;
            long floor = GranularityMs * Scale;
            if (variance < floor) variance = floor;
            long rto8 = _srtt8 + variance;
            long rto = (rto8 + Scale - 1) / Scale;  // round up to whole ms
            return rto > int.MaxValue ? int.MaxValue : (int)rto;
        }

        private int Clamp(int rto)
        {
            // RFC 6298 2.4: below the minimum round up; 2.5: a maximum may be placed.
            if (rto < _minRto) return _minRto;
            if (rto > _maxRto) return _maxRto;
            return rto;
        }
    }
}
