using System;

namespace NanoTcp.Drivers.W5500
{
    // MACRAW receive (hw-facts A5): one status read, one burst read of everything waiting,
    // then Sn_RX_RD and RECV; the frames are handed out one by one from the burst buffer.
    public sealed partial class W5500Device
    {
        /// <summary>Polls a frame whose header claims more bytes than Sn_RX_RSR tolerated before the buffer is drained.</summary>
        private const int MaxIncompletePolls = 8;

        private int _rxPos;    // next frame header in _rx
        private int _rxEnd;    // end of the whole frames read by the last burst
        private bool _recheck; // after a burst, read the status once more even if INTn is high
        private int _incompletePolls;
        private bool _sendInFlight;
        private int _txWr;     // our copy of Sn_TX_WR; only the host and OPEN change it (DS 4.2)
        private int _configurations; // counts Configure successes, so Send notices a recovery
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
                if (_rxPos < _rxEnd)
                {
                    // Refill checked every header of the burst: 60..1514 bytes, whole in _rx.
                    int total = (_rx[_rxPos] << 8) | _rx[_rxPos + 1];
                    offset = _rxPos + 2;
                    _rxPos += total;
                    Counters.FramesIn++;
                    return total - 2;
                }
                if (!Refill())
                {
                    return 0;
                }
            }
            return 0;
        }

        private void ResetDataPath()
        {
            _rxPos = 0;
            _rxEnd = 0;
            _recheck = true;
            _incompletePolls = 0;
            _carry = 0;
            _sendInFlight = false;
            _txWr = StatusWord(W5500Registers.SnTxWr);
            _configurations++;
        }

        /// <summary>
        /// Reads what waits into the burst buffer and frees it in the chip. Returns false when
        /// nothing was read (nothing waiting, INTn high, or the registers did not settle).
        /// </summary>
        private bool Refill()
        {
            if (_interruptsEnabled && !_recheck && InterruptPin.Read())
            {
                return false; // INTn high: socket 0 has no RECV pending (IO Sn_IR / SIR)
            }
            if (!ReadSettledStatus())
            {
                return false;
            }
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
                // DS 4.2 Sn_RX_RD steps 1-2; DS 4.2 (buffer note): the 16-bit offset wraps over
                // the buffer by itself, so one burst reads across the end of buffer memory. The
                // SPI header goes just before the fresh bytes; the carried bytes it covers are saved.
                _saved[0] = _rx[carry];
                _saved[1] = _rx[carry + 1];
                _saved[2] = _rx[carry + 2];
                SetHeader(_rx, carry, rd + carry, (byte)(W5500Registers.BlockSocket0Rx | W5500Registers.ReadBit));
                Transfer(_rx, carry, HeaderBytes + fresh);
                _rx[carry] = _saved[0];
                _rx[carry + 1] = _saved[1];
                _rx[carry + 2] = _saved[2];
            }
            int count = carry + fresh;

            int whole = 0;
            bool corrupt = false;
            bool incomplete = false;
            while (whole + 2 <= count)
            {
                int total = (_rx[HeaderBytes + whole] << 8) | _rx[HeaderBytes + whole + 1];
                int length = total - 2; // hw-facts A5.3: the length counts its own 2 bytes
                if (length < MinFrame || length > MaxFrame)
                {
                    corrupt = true; // ESP rejects lengths outside 60..1514 the same way
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

            int newRd;
            if (corrupt || (incomplete && whole == 0 && ++_incompletePolls > MaxIncompletePolls))
            {
                // Recovery as in ESP's driver (hw-facts A5): drop everything up to Sn_RX_WR.
                Counters.Errors++;
                newRd = StatusWord(W5500Registers.SnRxWr);
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
        /// </summary>
        private bool ReadSettledStatus()
        {
            for (int attempt = 0; attempt < MaxStatusReads; attempt++)
            {
                ReadStatus();
                if (StatusByte(W5500Registers.SnSr) != W5500Registers.SockMacRaw)
                {
                    RecoverSocket();
                    return false;
                }
                int rsr = StatusWord(W5500Registers.SnRxRsr);
                int expected = (StatusWord(W5500Registers.SnRxWr) - StatusWord(W5500Registers.SnRxRd)) & 0xFFFF;
                if (StatusByte(W5500Registers.SnCr) == 0 && rsr == expected && rsr <= SocketBufferSize)
                {
                    if (_sendInFlight && StatusWord(W5500Registers.SnTxRd) == _txWr)
                    {
                        _sendInFlight = false; // DS 4.2 Sn_TX_RD: SEND done once TX_RD reaches TX_WR
                    }
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Socket 0 is no longer in MACRAW: the chip was reset behind our back (brown-out,
        /// RSTn glitch). Count it and configure it again; never throw on the packet path.
        /// </summary>
        private void RecoverSocket()
        {
            Counters.Errors++;
            if (!Configure())
            {
                _recheck = true;
            }
        }
    }
}
