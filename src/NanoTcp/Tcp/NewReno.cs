using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// Congestion control of one connection: RFC 5681 slow start and congestion avoidance,
    /// RFC 6582 NewReno fast retransmit / fast recovery, RFC 3042 limited transmit.
    ///
    /// CONTRACT FOR THE ENGINE (all byte counts are ints, sequence numbers uints):
    /// <code>
    ///   Reset(mss, iss)        when the connection becomes synchronized: mss = effective
    ///                          send MSS (MUST-16), iss = our ISS. Sets cwnd = IW (RFC 5681
    ///                          3.1 eq. 1), ssthresh "arbitrarily high", recover = ISS
    ///                          (RFC 6582 3.2 step 1). Also the constructor's state.
    ///   SendWindow             send new data only while
    ///                            (SND.NXT - SND.UNA) + len &lt;= min(SendWindow, SND.WND).
    ///                          It is cwnd plus the RFC 3042 limited-transmit allowance
    ///                          after the 1st and 2nd duplicate ACK.
    ///   OnNewAck(ack, ackedBytes, sndNxt)
    ///                          an ACK advanced SND.UNA by ackedBytes to ack (call AFTER
    ///                          updating SND.UNA; sndNxt = SND.NXT, highest sent + 1).
    ///                          Returns true on a PARTIAL ack in fast recovery: retransmit
    ///                          the first unacknowledged segment (at ack) now (RFC 6582 3.2
    ///                          step 3). The engine restarts the retransmission timer on
    ///                          every new ACK anyway (RFC 6298 5.3), i.e. the
    ///                          "Slow-but-Steady" variant of RFC 6582 section 4.
    ///   OnDuplicateAck(sndUna, sndNxt)
    ///                          an ACK that is a duplicate in the sense of RFC 5681 2
    ///                          (data outstanding, no payload, no SYN/FIN, ack == SND.UNA,
    ///                          window unchanged) - the engine decides that. Returns true on
    ///                          the third one when fast retransmit starts: retransmit the
    ///                          segment at SND.UNA now (RFC 5681 3.2 steps 2-3).
    ///   OnRetransmitTimeout(sndUna, sndNxt)
    ///                          the retransmission timer expired (before the engine goes
    ///                          back to SND.UNA). RFC 5681 3.1 eq. 4 + "loss window" = 1 SMSS;
    ///                          ssthresh is held when the same data times out again
    ///                          (RFC 5681 3.1, last paragraph); RFC 6582 3.2 step 4.
    ///   OnIdleRestart()        nothing was sent for longer than one RTO: cwnd =
    ///                          min(IW, cwnd) (RFC 5681 4.1).
    /// </code>
    /// Nothing here allocates; all state is a handful of ints.
    /// </summary>
    public sealed class NewReno
    {
        /// <summary>"Arbitrarily high" initial ssthresh (RFC 5681 3.1); cwnd never exceeds it either.</summary>
        public const int Unlimited = 1 << 30;

        private int _mss;
        private int _cwnd;
        private int _ssthresh;
        private int _duplicateAcks;
        private bool _inRecovery;
        private uint _recover;
        private int _bytesAckedInAvoidance;  // RFC 5681 3.1 byte counting in congestion avoidance
        private bool _timeoutSinceLastNewAck;

        public NewReno(int mss)
        {
            Reset(mss, 0);
        }

        /// <summary>Sender maximum segment size in use (SMSS).</summary>
        public int Mss { get { return _mss; } }

        public int Cwnd { get { return _cwnd; } }

        public int Ssthresh { get { return _ssthresh; } }

        /// <summary>True between entering fast recovery and the full acknowledgment of recover.</summary>
        public bool InRecovery { get { return _inRecovery; } }

        /// <summary>Duplicate ACKs counted since the last new ACK.</summary>
        public int DuplicateAcks { get { return _duplicateAcks; } }

        /// <summary>RFC 6582 "recover": highest sequence number sent when recovery (or a timeout) began.</summary>
        public uint Recover { get { return _recover; } }

        /// <summary>
        /// The congestion limit on outstanding data: cwnd, plus up to two segments of RFC 3042
        /// limited transmit after the first and second duplicate ACK outside recovery.
        /// </summary>
        public int SendWindow
        {
            get
            {
                if (!_inRecovery && _duplicateAcks > 0 && _duplicateAcks < 3)
                    return _cwnd + _duplicateAcks * _mss;
                return _cwnd;
            }
        }

        /// <summary>RFC 5681 3.1 eq. 1: the initial window for an SMSS.</summary>
        public static int InitialWindow(int mss)
        {
            if (mss > 2190) return 2 * mss;
            if (mss > 1095) return 3 * mss;
            return 4 * mss;
        }

        /// <summary>Starts over for a connection with this send MSS and initial send sequence number.</summary>
        public void Reset(int mss, uint iss)
        {
            if (mss < 1 || mss > 65535)
                throw new ArgumentOutOfRangeException("mss", "mss must be 1 to 65535 bytes (the effective send MSS).");
            _mss = mss;
            _cwnd = InitialWindow(mss);
            _ssthresh = Unlimited;
            _duplicateAcks = 0;
            _inRecovery = false;
            _recover = iss;  // RFC 6582 3.2 step 1
            _bytesAckedInAvoidance = 0;
            _timeoutSinceLastNewAck = false;
        }

        /// <summary>See the class contract. Returns true when the engine must retransmit at ack now.</summary>
        public bool OnNewAck(uint ack, int ackedBytes, uint sndNxt)
        {
            if (ackedBytes <= 0) return false;
            _duplicateAcks = 0;
            _timeoutSinceLastNewAck = false;

            if (_inRecovery)
            {
                if (Seq.Gt(ack, _recover))
                {
                    // RFC 6582 3.2 step 3, full acknowledgment: deflate with option (1),
                    // cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS), which avoids a
                    // burst when little is outstanding; then leave fast recovery.
                    int flight = FlightSize(ack, sndNxt);
                    int deflated = (flight > _mss ? flight : _mss) + _mss;
                    _cwnd = deflated < _ssthresh ? deflated : _ssthresh;
                    _inRecovery = false;
                    _bytesAckedInAvoidance = 0;
                    return false;
                }

                // RFC 6582 3.2 step 3, partial acknowledgment: deflate by the amount newly
                // acknowledged, add back one SMSS if at least one SMSS was acknowledged,
                // retransmit the first unacknowledged segment, stay in fast recovery.
                _cwnd -= ackedBytes;
                if (ackedBytes >= _mss) _cwnd += _mss;
                if (_cwnd < _mss) _cwnd = _mss;
                return true;
            }

            if (_cwnd < _ssthresh)
            {
                // RFC 5681 3.1 eq. 2, slow start: cwnd += min(N, SMSS).
                _cwnd += ackedBytes < _mss ? ackedBytes : _mss;
            }
            else
            {
                // RFC 5681 3.1 congestion avoidance, the RECOMMENDED byte counting: once
                // cwnd bytes have been acknowledged, cwnd grows by one SMSS.
                _bytesAckedInAvoidance += ackedBytes;
                if (_bytesAckedInAvoidance >= _cwnd)
                {
                    _bytesAckedInAvoidance -= _cwnd;
                    _cwnd += _mss;
                }
            }
            if (_cwnd > Unlimited) _cwnd = Unlimited;
            return false;
        }

        /// <summary>See the class contract. Returns true when fast retransmit starts now.</summary>
        public bool OnDuplicateAck(uint sndUna, uint sndNxt)
        {
            if (_duplicateAcks < int.MaxValue) _duplicateAcks++;

            if (_inRecovery)
            {
                // RFC 5681 3.2 step 4: each further duplicate ACK inflates cwnd by SMSS
                // (a segment has left the network).
                _cwnd += _mss;
                if (_cwnd > Unlimited) _cwnd = Unlimited;
                return false;
            }

            if (_duplicateAcks != 3) return false;  // 1st and 2nd: RFC 3042 via SendWindow

            // RFC 6582 3.2 step 2: enter fast retransmit only if the cumulative ACK covers
            // more than recover; otherwise these duplicates belong to data sent before an
            // earlier loss event and ssthresh stays.
            if (!Seq.Gt(sndUna, _recover)) return false;

            // RFC 5681 3.2 step 2, eq. 4: ssthresh = max(FlightSize / 2, 2 * SMSS).
            _ssthresh = HalfFlightSize(FlightSize(sndUna, sndNxt));
            // RFC 6582 3.2 step 2: recover = highest sequence number transmitted.
            _recover = sndNxt - 1;
            // RFC 5681 3.2 step 3: cwnd = ssthresh + 3 * SMSS (the three segments that left).
            _cwnd = _ssthresh + 3 * _mss;
            _inRecovery = true;
            _bytesAckedInAvoidance = 0;
            return true;
        }

        /// <summary>See the class contract.</summary>
        public void OnRetransmitTimeout(uint sndUna, uint sndNxt)
        {
            // RFC 5681 3.1: when the same segment times out again, ssthresh is held.
            if (!_timeoutSinceLastNewAck)
                _ssthresh = HalfFlightSize(FlightSize(sndUna, sndNxt));  // eq. 4
            _timeoutSinceLastNewAck = true;
            _cwnd = _mss;                      // RFC 5681 3.1: loss window LW = 1 SMSS
            _recover = sndNxt - 1;             // RFC 6582 3.2 step 4
            _inRecovery = false;               // ... and exit fast recovery
            _duplicateAcks = 0;
            _bytesAckedInAvoidance = 0;
        }

        /// <summary>RFC 5681 4.1: restart window after an idle period longer than the RTO.</summary>
        public void OnIdleRestart()
        {
            int restart = InitialWindow(_mss);
            if (restart < _cwnd) _cwnd = restart;
        }

        private static int FlightSize(uint sndUna, uint sndNxt)
        {
            int flight = Seq.Diff(sndNxt, sndUna);
            return flight < 0 ? 0 : flight;
        }

        private int HalfFlightSize(int flight)
        {
            int half = flight / 2;
            return half > 2 * _mss ? half : 2 * _mss;
        }
    }
}
