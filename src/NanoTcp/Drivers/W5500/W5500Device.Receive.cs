using System;

namespace NanoTcp.Drivers.W5500
{
    // MACRAW receive (hw-facts A5): one status read, one burst read of everything waiting,
    // then Sn_RX_RD and RECV; the frames are handed out one by one from the burst buffer.
    public sealed partial class W5500Device
    {
        /// <summary>Polls a frame whose header claims more bytes than Sn_RX_RSR tolerated before the buffer is drained.</summary>
        private const int MaxIncompletePolls = 8;
        /// <summary>Polls in a row whose status never settled (Sn_CR stuck, pointers inconsistent) before the socket is reopened.</summary>
        private const int MaxUnsettledPolls = 8;
        /// <summary>After a failed recovery, polls before the next attempt.</summary>
        private const int RecoveryRetryPolls = 16;
        /// <summary>SHAR is read back once per this many status reads (a stray write there makes the chip deaf to unicast).</summary>
        private const int AuditInterval = 256;

        private int _rxPos;    // next frame header in _rx
        private int _rxEnd;    // end of the whole frames read by the last burst
        private bool _recheck; // after a burst, read the status once more even if INTn is high
        private int _incompletePolls;
        private int _unsettledPolls;
        private int _corruptReads;
        private int _recoveryWait;
        private int _statusReads;
        private int _configurations; // counts Configure successes
        private int _carry;      // bytes of a partial frame already read, at _carryStart in _rx
        private int _carryStart;
        private readonly byte[] _saved = new byte[HeaderBytes];

        /// <summary>
        /// INetDevice: lends the next frame where the burst read put it in the driver's buffer
        /// (valid until the next Receive; Send does not touch that buffer).
        /// </summary>
        public int Receive(out byte[] buffer, out int offset)
        {
            EnsureInitialized();
            buffer = _rx;
            offset = 0;
            for (int round = 0; round < 3; round++)
            {
                while (_rxPos < _rxEnd)
                {
                    // Refill checked every header of the burst: 60..1518 bytes, whole in _rx.
                    int total = (_rx[_rxPos] << 8) | _rx[_rxPos + 1];
                    int length = total - 2;
                    int at = _rxPos + 2;
                    _rxPos += total;
                    if (length > MaxFrame)
                    {
                        // INetDevice hands up 14..1514 bytes: a 1518-byte VLAN-tagged frame
                        // (IEEE 802.1Q) is skipped and counted, the frames behind it are not lost.
                        Counters.Drops++;
                        continue;
                    }
                    offset = at;
                    Counters.FramesIn++;
                    return length;
                }
                if (!Refill())
                {
                    return 0;
                }
            }
            return 0;
        }

        /// <summary>Forgets everything read from or written for the chip's buffers (before a reopen).</summary>
        private void DiscardDataPath()
        {
            _rxPos = 0;
            _rxEnd = 0;
            _carry = 0;
            DropStagedFrames();
        }

        /// <summary>After a successful open: the chip's pointers start again (DS 4.2: OPEN initialises them).</summary>
        private void ResetDataPath()
        {
            _rxPos = 0;
            _rxEnd = 0;
            _recheck = true;
            _incompletePolls = 0;
            _unsettledPolls = 0;
            _carry = 0;
            _sendInFlight = false;
            _sendPolls = 0;
            _stagedCount = 0;
            _txWr = StatusWord(W5500Registers.SnTxWr);
            _txIssued = _txWr;
            _configurations++;
        }

        /// <summary>
        /// Reads what waits into the burst buffer and frees it in the chip. Returns false when
        /// nothing was read (nothing waiting, INTn high, or the registers did not settle).
        /// </summary>
        private bool Refill()
        {
            if (_recoveryPending && !TryRecoverSocket())
            {
                return false;
            }
            if (_interruptsEnabled && !_recheck && !_sendInFlight && InterruptPin.Read())
            {
                return false; // INTn high: socket 0 has no RECV or SEND_OK pending (IO Sn_IR / SIR)
            }
            if (!ReadSettledStatus())
            {
                return false;
            }
            ServiceTransmit();
            int rsr = StatusWord(W5500Registers.SnRxRsr);
            if (rsr == 0)
            {
                _recheck = false;
                _carry = 0;
                return false;
            }
            int rd = StatusWord(W5500Registers.SnRxRd);

            // Bytes of a partial frame that the last burst already read (from Sn_RX_RD on)
            // move to the front, and the burst reads only what follows them.
            int carry = _carry;
            _carry = 0;
            if (carry > rsr)
            {
                carry = 0; // the chip no longer holds them (it cannot happen without a reset)
            }
            if (carry > 0 && _carryStart != HeaderBytes)
            {
                Array.Copy(_rx, _carryStart, _rx, HeaderBytes, carry);
            }
            int fresh = rsr - carry;
            if (fresh > _rxCapacity - carry)
            {
                fresh = _rxCapacity - carry;
            }
            if (fresh > 0)
            {
                // DS 4.2 Sn_RX_RD steps 1-2; DS 3.3: the 16-bit offset wraps over the buffer by
                // itself, so one burst reads across the end of buffer memory.
                ReadRxBuffer(rd + carry, HeaderBytes + carry, fresh);
            }
            int count = carry + fresh;

            int whole = 0;
            bool corrupt = false;
            bool incomplete = false;
            while (whole + 2 <= count)
            {
                int total = (_rx[HeaderBytes + whole] << 8) | _rx[HeaderBytes + whole + 1];
                int length = total - 2; // hw-facts A5.3: the length counts its own 2 bytes
                if (length < MinFrame || length > MaxTaggedFrame)
                {
                    corrupt = true; // ESP rejects implausible lengths the same way
                    break;
                }
                if (total > rsr - whole)
                {
                    incomplete = true; // the chip claims fewer bytes than this header: wait, then drain
                    break;
                }
                if (whole + total > count)
                {
                    break; // whole in the chip, not in our buffer: the next burst takes it
                }
                whole += total;
            }

            if (corrupt && whole == 0 && ++_corruptReads < 2)
            {
                // One implausible length may be a bit flipped on the bus: read it again from the
                // chip before giving up on everything that waits.
                Counters.Errors++;
                _carry = 0;
                _recheck = true;
                return false;
            }
            _corruptReads = 0;
            int newRd;
            if (corrupt || (incomplete && whole == 0 && ++_incompletePolls > MaxIncompletePolls))
            {
                // Recovery as in ESP's driver (hw-facts A5): drop everything up to Sn_RX_WR.
                // Frames before the bad header (whole) are kept.
                Counters.Errors++;
                newRd = whole > 0 ? rd + whole : StatusWord(W5500Registers.SnRxWr);
                if (whole == 0) Counters.Drops++;
                _incompletePolls = 0;
            }
            else if (whole == 0)
            {
                _carry = count; // keep what we have; the rest of the frame comes next time
                _carryStart = HeaderBytes;
                return false;
            }
            else
            {
                newRd = rd + whole;
                _incompletePolls = 0;
                _carry = count - whole;
                _carryStart = HeaderBytes + whole;
            }

            // DS 4.2 Sn_RX_RD steps 3-4: advance the read pointer (16-bit wrap), then RECV.
            WriteRegister16(W5500Registers.BlockSocket0, W5500Registers.SnRxRd, newRd & 0xFFFF);
            SetHeader(_reg, W5500Registers.SnCr, (byte)(W5500Registers.BlockSocket0 | W5500Registers.WriteBit));
            _reg[HeaderBytes] = W5500Registers.CmdRecv;
            if (_interruptsEnabled)
            {
                // Sn_IR follows Sn_CR (0x01, 0x02): clear RECV in the same transaction. A frame that
                // arrives after the status read is not lost: _recheck reads the status once more.
                _reg[HeaderBytes + 1] = W5500Registers.IrRecv;
                Transfer(_reg, HeaderBytes + 2);
            }
            else
            {
                Transfer(_reg, HeaderBytes + 1);
            }
            if (corrupt)
            {
                _carry = 0;
            }
            _rxPos = HeaderBytes;
            _rxEnd = HeaderBytes + whole;
            _recheck = true;
            return true;
        }

        /// <summary>
        /// One status read, repeated (at most <see cref="MaxStatusReads"/> times) until it is
        /// settled: the last command accepted (Sn_CR = 0, DS 4.2) and Sn_RX_RSR equal to
        /// Sn_RX_WR - Sn_RX_RD from the same burst. That is the datasheet's "read the 16-bit
        /// size twice until both agree" (DS 4.2 Sn_RX_RSR note) done with two independent
        /// readings inside one transaction; a torn read or a RECV still in progress fails it.
        /// It also checks the socket is as we configured it; if not (a reset, a brown-out, a
        /// stray write), the socket is configured again.
        /// </summary>
        private bool ReadSettledStatus()
        {
            for (int attempt = 0; attempt < MaxStatusReads; attempt++)
            {
                ReadStatus();
                if (!SocketAsConfigured())
                {
                    // One bad read may be the bus; two in a row are the chip.
                    ReadStatus();
                    if (!SocketAsConfigured())
                    {
                        RecoverSocket();
                        return false;
                    }
                }
                int rsr = StatusWord(W5500Registers.SnRxRsr);
                int expected = (StatusWord(W5500Registers.SnRxWr) - StatusWord(W5500Registers.SnRxRd)) & 0xFFFF;
                if (StatusByte(W5500Registers.SnCr) == 0 && rsr == expected && rsr <= SocketBufferSize)
                {
                    _unsettledPolls = 0;
                    if (++_statusReads >= AuditInterval)
                    {
                        _statusReads = 0;
                        if (!MacAddressIntact())
                        {
                            RecoverSocket();
                            return false;
                        }
                    }
                    return true;
                }
            }
            if (++_unsettledPolls >= MaxUnsettledPolls)
            {
                // Sn_CR never clears or the pointers stay inconsistent: a command or a pointer
                // write went astray. Start the socket afresh.
                RecoverSocket();
            }
            return false;
        }

        private bool SocketAsConfigured()
        {
            return StatusByte(W5500Registers.SnSr) == W5500Registers.SockMacRaw
                && StatusByte(W5500Registers.SnMr) == _mode
                && StatusByte(W5500Registers.SnRxBufSize) == 16
                && StatusByte(W5500Registers.SnTxBufSize) == 16;
        }

        /// <summary>SHAR as we wrote it: with MFEN the chip takes unicast only to SHAR (IO Sn_MR_MFEN).</summary>
        private bool MacAddressIntact()
        {
            ReadBytes(W5500Registers.BlockCommon, W5500Registers.Shar, 6);
            for (int k = 0; k < 6; k++)
            {
                if (_reg[HeaderBytes + k] != _mac[k])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// Socket 0 is not as we configured it: the chip was reset behind our back (brown-out,
        /// RSTn glitch), a stray write changed it, or a SEND never completed. Count it and
        /// configure it again, at most once per <see cref="RecoveryRetryPolls"/> polls while it
        /// fails. Whatever the driver held of the old socket is discarded either way: after a
        /// failed attempt the chip may already have reopened the socket and emptied its buffers,
        /// so a partial frame kept from before would be completed with bytes of another.
        /// Never throws on the packet path.
        /// </summary>
        private void RecoverSocket()
        {
            Counters.Errors++;
            DiscardDataPath();
            _recoveryPending = true;
            _recoveryWait = 0;
            TryRecoverSocket();
        }

        private bool TryRecoverSocket()
        {
            if (_recoveryWait > 0)
            {
                _recoveryWait--;
                return false;
            }
            DiscardDataPath();
            if (Configure())
            {
                _recoveryPending = false;
                Counters.ChipReinitializations++;
                return true;
            }
            Counters.Errors++;
            _recoveryWait = RecoveryRetryPolls;
            _recheck = true;
            return false;
        }
    }
}
