using System;

namespace NanoTcp.Drivers.W5500
{
    // MACRAW transmit (hw-facts A6): one SEND at a time (DS 4.2 Sn_CR; Espressif: "each SEND
    // is one frame and must complete before the next"), frames written meanwhile wait in TX memory.
    public sealed partial class W5500Device
    {
        /// <summary>Frames that may wait in TX memory behind the SEND in progress (8 full frames fit in 16 KB with it).</summary>
        public const int MaxStagedFrames = 8;

        /// <summary>
        /// Status reads a Send spends waiting when TX memory or the queue is full. A status read
        /// is 47 bytes, at least 4.7 us at the 80 MHz SPI maximum (DS 1), so 300 of them outlast
        /// one full frame on a 10 Mb/s wire (1.23 ms): the wait ends by the frame, not by the count.
        /// </summary>
        public const int MaxSendWaitPolls = 300;

        /// <summary>
        /// Status reads after which a SEND that has not completed is checked against the link
        /// (PHYCFGR), and again at each doubling: Espressif's driver checks PHYCFGR.LNK while it
        /// waits, because esp-idf issue #6233 reported SEND_OK never arriving after a cable unplug.
        /// </summary>
        private const int SendLinkCheckPolls = 4;

        /// <summary>
        /// Status reads after which a SEND that never completed, with the link up, is given up
        /// and the socket reopened: at least 4.8 ms (see <see cref="MaxSendWaitPolls"/>), four
        /// full frames at 10 Mb/s; longer on a real host, whose status reads take longer.
        /// </summary>
        public const int SendTimeoutPolls = 1024;

        private readonly int[] _staged = new int[MaxStagedFrames]; // Sn_TX_WR value ending each waiting frame
        private int _stagedHead;
        private int _stagedCount;
        private bool _sendInFlight;
        private int _sendPolls;    // status reads since the SEND in flight was issued
        private int _txWr;         // where the next frame is written; only the host and OPEN change Sn_TX_WR (DS 4.2)
        private int _txIssued;     // Sn_TX_WR as written for the SEND in flight
        private bool _linkDown;    // last seen PHYCFGR.LNK = 0: no SEND until it is up again
        private bool _recoveryPending;

        /// <summary>INetDevice: the 3-byte SPI header (DS 2.2) goes in front of the frame, in the caller's buffer.</summary>
        public int TransmitHeadroom
        {
            get { return HeaderBytes; }
        }

        /// <inheritdoc />
        public bool Send(byte[] buffer, int offset, int length)
        {
            EnsureInitialized();
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer", "Pass the frame to send.");
            }
            if (length < 14 || length > MaxFrame || offset < HeaderBytes || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException("length", "Send takes one Ethernet frame of 14 to 1514 bytes (no FCS) inside the buffer, at an offset of at least TransmitHeadroom (3) so the SPI header fits in front of it.");
            }
            if (_recoveryPending && !TryRecoverSocket())
            {
                Counters.Drops++;
                return false;
            }
            if (_linkDown && !ReadLink())
            {
                // Link down (or autonegotiation not finished after start-up): a SEND now might
                // never complete (esp-idf #6233). The frame is refused; the caller may retry.
                Counters.Drops++;
                return false;
            }
            int wireLength = length < MinFrame ? MinFrame : length;
            if (!RoomFor(wireLength) && !WaitForRoom(wireLength))
            {
                Counters.Drops++;
                return false;
            }

            // DS 4.2 Sn_TX_WR steps 1-2: write the frame at our copy of Sn_TX_WR. The frames
            // before it occupy [Sn_TX_RD, _txWr); this one goes after them, so the write overlaps
            // the previous frame's time on the wire. The SPI header (DS 2.2) is written into the
            // headroom in front of the frame, so the frame goes out in place.
            if (wireLength > length)
            {
                // hw-facts A6: pad to 60. Only a runt (at most 59 bytes) is copied, into _pad,
                // because INetDevice lets us write in front of a frame, not behind it.
                Array.Copy(buffer, offset, _pad, HeaderBytes, length);
                Array.Clear(_pad, HeaderBytes + length, wireLength - length);
                WriteTxBuffer(_pad, HeaderBytes, _txWr, wireLength);
            }
            else
            {
                WriteTxBuffer(buffer, offset, _txWr, wireLength);
            }
            _txWr = (_txWr + wireLength) & 0xFFFF;
            _staged[(_stagedHead + _stagedCount) % MaxStagedFrames] = _txWr;
            _stagedCount++;
            Counters.FramesOut++;

            // One status read: is the previous SEND done and the last command accepted? Then
            // this frame's SEND goes now; else it waits for the status read that sees it done.
            if (ReadSettledStatus())
            {
                ServiceTransmit();
            }
            return true;
        }

        private bool RoomFor(int wireLength)
        {
            if (_stagedCount >= MaxStagedFrames)
            {
                return false;
            }
            // Bytes in TX memory not yet sent: from the start of the SEND in flight (or, with none,
            // from the end of the last one, where the oldest waiting frame starts) to _txWr.
            int oldest = _sendInFlight ? _sentUpTo : _txIssued;
            int used = (_txWr - oldest) & 0xFFFF;
            return used + wireLength <= SocketBufferSize;
        }

        private int _sentUpTo; // Sn_TX_RD when the SEND in flight was issued

        /// <summary>TX memory or the queue is full: poll the status (bounded) until the SEND in flight completes.</summary>
        private bool WaitForRoom(int wireLength)
        {
            for (int poll = 0; poll < MaxSendWaitPolls; poll++)
            {
                if (ReadSettledStatus())
                {
                    ServiceTransmit();
                }
                if (_recoveryPending || _linkDown)
                {
                    return false;
                }
                if (RoomFor(wireLength))
                {
                    Counters.TransmitWaitPolls += poll + 1;
                    return true;
                }
            }
            Counters.TransmitWaitPolls += MaxSendWaitPolls;
            return false;
        }

        /// <summary>
        /// After a settled status read: retire the SEND in flight when Sn_TX_RD reached its end
        /// (DS 4.2 Sn_TX_RD: "SEND ... Sn_TX_RD is increased to Sn_TX_WR"), start the next
        /// waiting frame (Sn_TX_WR, then SEND, DS 4.2 Sn_TX_WR steps 3-4), and watch a SEND that
        /// does not complete.
        /// </summary>
        private void ServiceTransmit()
        {
            if (_sendInFlight)
            {
                if (StatusWord(W5500Registers.SnTxRd) == _txIssued)
                {
                    _sendInFlight = false;
                    _sendPolls = 0;
                }
                else
                {
                    WatchSendInFlight();
                    return;
                }
            }
            if (_stagedCount > 0 && StatusByte(W5500Registers.SnCr) == 0)
            {
                IssueNextSend();
            }
            else if (_interruptsEnabled && (StatusByte(W5500Registers.SnIr) & W5500Registers.IrSendOk) != 0)
            {
                // Nothing more to send: clear SEND_OK so that INTn goes high again.
                WriteRegister8(W5500Registers.BlockSocket0, W5500Registers.SnIr, W5500Registers.IrSendOk);
            }
        }

        private void IssueNextSend()
        {
            int end = _staged[_stagedHead];
            _stagedHead = (_stagedHead + 1) % MaxStagedFrames;
            _stagedCount--;
            _sentUpTo = StatusWord(W5500Registers.SnTxRd);
            WriteRegister16(W5500Registers.BlockSocket0, W5500Registers.SnTxWr, end);
            SetHeader(_reg, W5500Registers.SnCr, (byte)(W5500Registers.BlockSocket0 | W5500Registers.WriteBit));
            _reg[HeaderBytes] = W5500Registers.CmdSend;
            if (_interruptsEnabled)
            {
                // Sn_IR follows Sn_CR: clear the previous SEND_OK in the same transaction; the
                // new SEND sets it again when its frame is out (microseconds later).
                _reg[HeaderBytes + 1] = W5500Registers.IrSendOk;
                Transfer(_reg, HeaderBytes + 2);
            }
            else
            {
                Transfer(_reg, HeaderBytes + 1);
            }
            _txIssued = end;
            _sendInFlight = true;
            _sendPolls = 0;
        }

        /// <summary>
        /// The SEND in flight has not completed. At 4, 8, 16, ... status reads, look at the link:
        /// down means the SEND may never complete (esp-idf #6233): give it up and reopen the socket.
        /// Past <see cref="SendTimeoutPolls"/> with the link up, give it up anyway.
        /// </summary>
        private void WatchSendInFlight()
        {
            _sendPolls++;
            if (_sendPolls >= SendLinkCheckPolls && (_sendPolls & (_sendPolls - 1)) == 0 && !ReadLink())
            {
                Counters.TransmitResets++;
                RecoverSocket();
                return;
            }
            if (_sendPolls >= SendTimeoutPolls)
            {
                Counters.TransmitResets++;
                RecoverSocket();
            }
        }

        /// <summary>Frames written but not sent are lost with the socket: count them.</summary>
        private void DropStagedFrames()
        {
            Counters.Drops += _stagedCount + (_sendInFlight ? 1 : 0);
            _stagedCount = 0;
            _stagedHead = 0;
            _sendInFlight = false;
            _sendPolls = 0;
        }

        /// <summary>PHYCFGR.LNK (DS 4.1), remembered so that Send refuses while the link is down.</summary>
        private bool ReadLink()
        {
            int phy = ReadRegister8(W5500Registers.BlockCommon, W5500Registers.Phycfgr);
            bool up = (phy & W5500Registers.PhyLink) != 0 && phy != 0xFF;
            if (up == _linkDown)
            {
                Counters.LinkChanges++;
            }
            _linkDown = !up;
            return up;
        }
    }
}
