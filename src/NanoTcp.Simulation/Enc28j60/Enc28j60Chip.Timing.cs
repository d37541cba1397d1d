namespace NanoTcp.Simulation.Enc28j60
{
    // The wire in time: a 10BASE-T medium shared with one link partner (a switch port).
    public sealed partial class Enc28j60Chip
    {
        /// <summary>10 Mb/s (DS 1.0: the ENC28J60 is 10BASE-T only): 800 ns per byte.</summary>
        private const long ByteTimeNs = 800;
        /// <summary>IEEE 802.3: preamble and start delimiter before every frame.</summary>
        private const int PreambleBytes = 8;
        /// <summary>IEEE 802.3: 96 bit times of silence between frames.</summary>
        private const long InterFrameGapNs = 12 * ByteTimeNs;
        /// <summary>IEEE 802.3 slot time: a collision within the first 64 bytes is a normal one,
        /// retried by the MAC; later it is a late collision.</summary>
        private const long SlotTimeNs = 64 * ByteTimeNs;

        private bool _txOnWire;
        private long _txStartNs, _txEndNs;
        private bool _txLostOnWire;    // the partner could not take it (duplex mismatch)
        private bool _txStalled;       // errata 12: transmit logic stuck after a half-duplex abort

        private bool _rxInFlight;
        private long _rxStartNs, _rxEndNs;
        private int _rxLength;
        private bool _rxCorrupt;

        /// <summary>
        /// With true, frames take their 10 Mb/s time on the wire: TXRTS stays set until the
        /// frame (preamble, frame, FCS) is out, a frame from the wire is in the ring only once its
        /// last byte arrived, and half duplex defers to and collides with the partner. False
        /// (default) keeps the instant wire of the stack-level tests.
        /// </summary>
        public bool WireTiming { get; set; }

        /// <summary>
        /// The link partner's duplex. The ENC28J60 cannot autonegotiate (DS 6.6), so a switch
        /// port set to autonegotiate falls back to half duplex by parallel detection: false
        /// (half) is the default. A full-duplex chip against a half-duplex partner, or the other
        /// way round, loses frames under two-way traffic (with <see cref="WireTiming"/>).
        /// </summary>
        public bool PartnerFullDuplex { get; set; }

        /// <summary>Errata DS80349 item 12: after a half-duplex transmit abort the next
        /// transmission never starts until ECON1.TXRST is toggled. True (default) models it.</summary>
        public bool StallAfterAbort { get; set; } = true;

        /// <summary>Transmissions that waited for the partner's frame to end (half duplex, carrier sense).</summary>
        public long Deferrals { get; private set; }
        /// <summary>Collisions within the slot time (the MAC backs off and retries).</summary>
        public long Collisions { get; private set; }
        /// <summary>Collisions after the slot time (the transmission is aborted, TSV bit 29).</summary>
        public long LateCollisions { get; private set; }
        /// <summary>Frames lost because chip and partner disagree on duplex (either direction).</summary>
        public long DuplexMismatchLosses { get; private set; }
        /// <summary>Our own frames looped back in half duplex without PHCON2.HDLDIS.</summary>
        public long HalfDuplexLoopbacks { get; private set; }
        /// <summary>Frames cut off by the link going down while they were on the wire.</summary>
        public long FramesLostToLinkDown { get; private set; }
        /// <summary>Transmissions requested while the transmit logic was stalled (errata 12).</summary>
        public long StalledTransmissions { get; private set; }

        /// <summary>True while a transmission is on the wire (TXRTS set and not yet done).</summary>
        public bool Transmitting => _txOnWire;

        /// <summary>DS 6.5 / 6.6: the MAC's duplex (MACON3.FULDPX).</summary>
        private bool FullDuplexMac => (Reg(2, MACON3) & MACON3_FULDPX) != 0;

        private static long FrameTimeNs(int wireLength)
        {
            return (PreambleBytes + wireLength + 4) * ByteTimeNs;
        }

        private void StartOnWire()
        {
            long start = _nowNs;
            if (_rxInFlight)
            {
                if (!FullDuplexMac)
                {
                    // IEEE 802.3 CSMA/CD: a half-duplex MAC defers while it senses carrier.
                    Deferrals++;
                    start = _rxEndNs + InterFrameGapNs;
                }
                else if (!PartnerFullDuplex)
                {
                    // Full-duplex chip, half-duplex partner: the partner is sending and sees our
                    // carrier as a collision. Within the slot time it backs off and sends its
                    // frame again after ours; later it aborts it (its late collision). Either way
                    // it throws away what it received meanwhile: our frame.
                    _txLostOnWire = true;
                    Collisions++;
                    if (_nowNs - _rxStartNs < SlotTimeNs)
                    {
                        long again = _nowNs + FrameTimeNs(_txWireLength) + InterFrameGapNs;
                        _rxEndNs = again + (_rxEndNs - _rxStartNs);
                        _rxStartNs = again;
                    }
                    else
                    {
                        LateCollisions++;
                        _rxCorrupt = true;
                        _rxEndNs = _nowNs;
                    }
                }
            }
            _txOnWire = true;
            _txStartNs = start;
            _txEndNs = start + FrameTimeNs(_txWireLength);
        }

        /// <summary>Ends what is due on the wire at the chip's present time: a transmission, a reception.</summary>
        private void AdvanceWire()
        {
            if (!WireTiming) return;
            for (int guard = 0; guard < 4; guard++)
            {
                bool txDue = _txOnWire && _nowNs >= _txEndNs;
                bool rxDue = _rxInFlight && _nowNs >= _rxEndNs;
                if (!txDue && !rxDue) return;
                if (txDue && (!rxDue || _txEndNs <= _rxEndNs))
                {
                    _txOnWire = false;
                    if (!_txAbort) PutOnWire();
                    else _txLostOnWire = false;
                    FinishTransmission();
                }
                else
                {
                    _rxInFlight = false;
                    if (_rxCorrupt)
                    {
                        // A collision fragment or a frame cut by the partner: its FCS is wrong.
                        DuplexMismatchLosses++;
                        if ((Reg(1, ERXFCON) & 0x20) == 0) Accept(_frame, 0, _rxLength, true);
                    }
                    else
                    {
                        Accept(_frame, 0, _rxLength, false);
                    }
                }
            }
        }

        /// <summary>WireTiming: takes the next frame off the wire when the medium lets the partner send it.</summary>
        private void PullOneTimed()
        {
            if (_rxInFlight) return;
            // A half-duplex partner senses our carrier and defers.
            if (_txOnWire && !PartnerFullDuplex && _nowNs >= _txStartNs) return;
            int n = _wire.ReceiveCopy(_frame, 0, 1518);
            if (n <= 0) return;
            _rxLength = n;
            _rxCorrupt = false;
            int wireLength = n < MinimumFrame ? MinimumFrame : n;
            _rxStartNs = _nowNs;
            _rxEndNs = _nowNs + FrameTimeNs(wireLength);
            _rxInFlight = true;
            if (_txOnWire && _nowNs >= _txStartNs && PartnerFullDuplex && !FullDuplexMac)
            {
                // Half-duplex chip, full-duplex partner that does not listen: a collision. Our
                // MAC retries within the slot time (after the partner's frame) and aborts with a
                // late collision after it (TSV bit 29, errata 13). The partner's frame arrives
                // damaged either way.
                _rxCorrupt = true;
                Collisions++;
                if (_nowNs - _txStartNs < SlotTimeNs)
                {
                    long again = _rxEndNs + InterFrameGapNs + SlotTimeNs;
                    _txEndNs = again + (_txEndNs - _txStartNs);
                    _txStartNs = again;
                }
                else
                {
                    LateCollisions++;
                    _txAbort = true;
                    _txLate = true;
                    _txEndNs = _nowNs;
                }
            }
        }

        /// <summary>The link dropped: whatever was on the wire is gone.</summary>
        private void CutWire()
        {
            if (_rxInFlight)
            {
                _rxInFlight = false;
                FramesLostToLinkDown++;
            }
            if (_txOnWire) _txLostOnWire = false; // PutOnWire sees the link down and drops it
        }

        private void CancelTransmission()
        {
            _txOnWire = false;
            _txLostOnWire = false;
        }
    }
}
