using System;
using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    public sealed partial class Enc28j60Device
    {
        /// <summary>Send attempts that find TXRTS still set before the transmitter is declared stalled (errata 12).</summary>
        private const int TxStallPolls = 1000;
        /// <summary>Errata DS80349 item 13 / Linux MAX_TX_RETRYCOUNT: retransmissions after a late collision.</summary>
        private const int MaxLateCollisionRetries = 16;
        private const int TsvLength = 7;

        private bool _txInFlight;
        private int _txLength;
        private int _txRetries;
        private int _txBusyPolls;
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

            if (_txInFlight && !PreviousTransmissionDone()) return false;
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
        /// True when the transmit buffer may be rewritten. RCR ECON1 says whether TXRTS is still
        /// set; RCR EIR then says whether the previous frame was aborted (TXERIF), and carries
        /// the link-change and overflow flags for free.
        /// </summary>
        private bool PreviousTransmissionDone()
        {
            if ((ReadRegister(R.ECON1) & R.ECON1_TXRTS) != 0)
            {
                if (++_txBusyPolls < TxStallPolls) return false;
                // Errata DS80349 item 12: after an abort the transmit logic can stall with TXRTS
                // set for ever; reset it and give up on that frame.
                _counters.Errors++;
                ResetTransmitter();
                _txInFlight = false;
                _txBusyPolls = 0;
                return true;
            }
            _txBusyPolls = 0;
            int eir = ReadAndHandleEir();
            if ((eir & R.EIR_TXERIF) != 0) return HandleTransmitAbort();
            _txInFlight = false;
            _txRetries = 0;
            return true;
        }

        /// <summary>
        /// The previous frame was aborted. Read its transmit status vector (DS 7.1, Table 7-1,
        /// at ETXND + 1); reset the transmit logic (errata 12: the reset may be made
        /// conditional on TXERIF, which is what we do); on a late collision retransmit the frame
        /// that is still in the buffer, up to 16 times (errata 13). Returns true when the
        /// buffer is free for a new frame.
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
                SetBits(R.ECON1, R.ECON1_TXRTS);
                return false;
            }
            _counters.Errors++;
            _txInFlight = false;
            _txRetries = 0;
            return true;
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
            int start = offset - 2;
            buffer[start] = R.OpWriteBuffer;
            buffer[start + 1] = 0x00;
            _spi.TransferFullDuplex(buffer, start, buffer, start, length + 2);
            _counters.SpiTransactions++;
            _counters.SpiBytes += length + 2;
            _txEwrpt = TxStart + 1 + length;

            int end = TxStart + length;
            if ((end & 0xFF) != (_txEtxnd & 0xFF)) WriteRegister(R.ETXNDL, end & 0xFF);
            if ((end >> 8) != (_txEtxnd >> 8)) WriteRegister(R.ETXNDH, end >> 8);
            _txEtxnd = end;
            _txLength = length;
        }
    }
}
