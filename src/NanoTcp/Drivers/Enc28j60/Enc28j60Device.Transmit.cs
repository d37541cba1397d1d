using System;
using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    public sealed partial class Enc28j60Device
    {
        /// <summary>
        /// RCR ECON1 polls a Send spends waiting for the previous frame to leave the wire. A
        /// 1518-byte frame with preamble takes 1.23 ms at 10 Mb/s, and half duplex may defer it
        /// behind an incoming frame as long again: 2.5 ms. One poll is two bytes at the 20 MHz
        /// SPI maximum (DS 1.0) plus the chip-select high time, at least 0.85 us, so 3000 polls
        /// last at least 2.5 ms on the fastest bus: the wait never gives up on a frame that is
        /// still legitimately on the wire. On a real host each poll takes longer, so the wait ends
        /// sooner in polls. Past it, the transmitter is stuck (errata 12) and is reset.
        /// </summary>
        public const int MaxTransmitWaitPolls = 3000;
        /// <summary>Errata DS80349 item 13 / Linux MAX_TX_RETRYCOUNT: retransmissions after a late collision.</summary>
        private const int MaxLateCollisionRetries = 16;
        private const int TsvLength = 7;

        private bool _txInFlight;
        private int _txLength;
        private int _txRetries;
        private int _txEwrpt;   // EWRPT as the chip has it now (it auto-increments during WBM)
        private int _txEtxnd;   // ETXND as last written

        /// <inheritdoc />
        public bool Send(byte[] buffer, int offset, int length)
        {
            RequireInitialized();
            if (buffer == null) throw new ArgumentNullException("buffer", "pass the frame to send");
            if (length < MinFrameLength || length > MaxFrameLength)
                throw new ArgumentOutOfRangeException("length", "an Ethernet frame without FCS is 14..1514 bytes");
            if (offset < 2 || offset > buffer.Length - length)
                throw new ArgumentOutOfRangeException("offset", "offset and length must lie inside the buffer, with offset at least TransmitHeadroom (2) so the WBM opcode and control byte fit in front of the frame");

            if (_recoveryPending && !TryRecoverChip()) { _counters.Drops++; return false; }
            if (_txInFlight && !WaitForPreviousTransmission()) { _counters.Drops++; return false; }
            if (!_linkUp)
            {
                _counters.Drops++;
                return false;
            }

            WriteFrame(buffer, offset, length);
            // DS 7.1 step 5: TXRTS starts the transmission; the chip clears it when done.
            SetBits(R.ECON1, R.ECON1_TXRTS);
            _txInFlight = true;
            _counters.FramesOut++;
            return true;
        }

        /// <summary>
        /// Waits (bounded by <see cref="MaxTransmitWaitPolls"/>) until TXRTS clears, so the
        /// transmit buffer may be rewritten; in half duplex also looks at EIR.TXERIF for an
        /// abort, which errata 12 says may leave the transmit logic stalled, and retransmits a
        /// late collision (errata 13). Full duplex has no collisions, so no abort to look for.
        /// Returns false when the chip stopped answering sensibly (a recovery is then pending).
        /// </summary>
        private bool WaitForPreviousTransmission()
        {
            // The frame's pointers are bank-0 registers: select bank 0 before reading ECON1, so
            // that the read also confirms the bank select arrived (a lost one would send the
            // pointer writes to EHTn or the MAC registers).
            SelectBankFor(R.EWRPTL);
            for (int attempt = 0; attempt <= MaxLateCollisionRetries; attempt++)
            {
                int polls = 0;
                while (true)
                {
                    int econ1 = ReadEcon1Checked();
                    if (econ1 < 0) return false;                   // reset or bus fault seen
                    if ((econ1 & R.ECON1_TXRTS) == 0) break;
                    if (++polls >= MaxTransmitWaitPolls)
                    {
                        // Errata 12: the transmit logic can stall with TXRTS set for ever.
                        _counters.Errors++;
                        _counters.TransmitResets++;
                        ResetTransmitter();
                        _txInFlight = false;
                        return true;
                    }
                }
                _counters.TransmitWaitPolls += polls;
                if (_fullDuplex)
                {
                    _txInFlight = false;
                    return true;
                }
                int eir = ReadAndHandleEir();
                if ((eir & R.EIR_TXERIF) == 0 || !HandleTransmitAbort())
                {
                    _txInFlight = false;
                    _txRetries = 0;
                    return true;
                }
                // A late collision is being retransmitted: wait for that attempt too.
            }
            return true;
        }

        /// <summary>
        /// The previous frame was aborted. Read its transmit status vector (DS 7.1, Table 7-1,
        /// at ETXND + 1); reset the transmit logic (errata 12, the conditional form: only after
        /// TXERIF); on a late collision retransmit the frame still in the buffer, up to 16 times
        /// (errata 13). Returns true when a retransmission was started.
        /// </summary>
        private bool HandleTransmitAbort()
        {
            int resumeAt = _headerValid ? RingAdd(_nextPacket, HeaderLength) : _nextPacket;
            WritePointer(R.ERDPTL, TxStart + _txLength + 1);
            ReadBuffer(_tsv, TsvLength); // not _bulkRead: a lent received frame must survive a Send
            bool lateCollision = (_tsv[1 + 3] & R.TSV3_LATE_COLLISION) != 0;
            WritePointer(R.ERDPTL, resumeAt); // ERDPT is shared with the receive path
            ResetTransmitter();
            if (lateCollision && _txRetries < MaxLateCollisionRetries)
            {
                _txRetries++;
                _counters.Retransmissions++;
                SetBits(R.ECON1, R.ECON1_TXRTS);
                return true;
            }
            _counters.Errors++;
            _txInFlight = false;
            _txRetries = 0;
            return false;
        }

        private void ResetTransmitter()
        {
            ClearBits(R.ECON1, R.ECON1_TXRTS);
            SetBits(R.ECON1, R.ECON1_TXRST);
            ClearBits(R.ECON1, R.ECON1_TXRST);
            ClearBits(R.EIR, R.EIR_TXERIF | R.EIR_TXIF);
            // Linux re-programs the transmit pointers after TXRST; do the same.
            WritePointer(R.ETXSTL, TxStart);
            WritePointer(R.ETXNDL, _txEtxnd);
        }

        /// <summary>
        /// EWRPT back to ETXST (only the bytes that differ: EWRPT is not buffered, unlike
        /// ERXRDPT), one WBM with the per-packet control byte 00h (use MACON3: pad and CRC,
        /// DS Figure 7-1) and the frame, then ETXND = ETXST + length (only the bytes that changed).
        /// The opcode and control byte go into the caller's headroom (INetDevice.TransmitHeadroom),
        /// so the frame is clocked out in place, and what the chip clocks back lands there too.
        /// </summary>
        private void WriteFrame(byte[] buffer, int offset, int length)
        {
            if ((_txEwrpt & 0xFF) != (TxStart & 0xFF)) WriteRegister(R.EWRPTL, TxStart & 0xFF);
            if ((_txEwrpt >> 8) != (TxStart >> 8)) WriteRegister(R.EWRPTH, TxStart >> 8);
            buffer[offset - 1] = 0x00; // per-packet control byte: use MACON3
            WriteBuffer(buffer, offset - 1, 1 + length);
            _txEwrpt = TxStart + 1 + length;

            int end = TxStart + length;
            if ((end & 0xFF) != (_txEtxnd & 0xFF)) WriteRegister(R.ETXNDL, end & 0xFF);
            if ((end >> 8) != (_txEtxnd >> 8)) WriteRegister(R.ETXNDH, end >> 8);
            _txEtxnd = end;
            _txLength = length;
        }
    }
}
