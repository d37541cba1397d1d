using System;

namespace NanoTcp.Drivers.W5500
{
    // MACRAW transmit (hw-facts A6), one SEND in flight (hw-facts A9.6).
    public sealed partial class W5500Device
    {
        /// <summary>
        /// Status reads a Send spends waiting for the previous SEND before it gives up and
        /// returns false. A 1514-byte frame needs 1.2 ms on a 10 Mb/s wire; the frame's own
        /// SPI write usually covers that, so waiting is rare.
        /// </summary>
        public const int MaxSendWaitPolls = 16;

        /// <inheritdoc />
        public bool Send(byte[] buffer, int offset, int length)
        {
            EnsureInitialized();
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer", "Pass the frame to send.");
            }
            if (length < 14 || length > MaxFrame || offset < 0 || offset + length > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("length", "Send takes one Ethernet frame of 14 to 1514 bytes (no FCS) inside the buffer.");
            }
            int wireLength = length < MinFrame ? MinFrame : length;

            // DS 4.2 Sn_TX_WR steps 1-2: write the frame at our copy of Sn_TX_WR. The previous
            // frame occupies [Sn_TX_RD, Sn_TX_WR); this one goes after it, so the write overlaps
            // the previous frame's time on the wire.
            SetHeader(_tx, _txWr, (byte)(W5500Registers.BlockSocket0Tx | W5500Registers.WriteBit));
            Array.Copy(buffer, offset, _tx, HeaderBytes, length);
            if (wireLength > length)
            {
                Array.Clear(_tx, HeaderBytes + length, wireLength - length); // hw-facts A6: pad to 60
            }
            Transfer(_tx, HeaderBytes + wireLength);

            // Only one SEND at a time, and only after the chip took the last command (Sn_CR = 0).
            int configuration = _configurations;
            bool ready = false;
            for (int poll = 0; poll < MaxSendWaitPolls; poll++)
            {
                if (ReadSettledStatus() && !_sendInFlight)
                {
                    ready = true;
                    break;
                }
            }
            if (!ready || configuration != _configurations)
            {
                // Transmitter busy (a link down stalls SEND, hw-facts A6), or the chip was reconfigured
                // under the frame just written: not sent, the caller may retry.
                Counters.Drops++;
                return false;
            }

            // DS 4.2 Sn_TX_WR step 3 (16-bit wrap), then step 4: SEND.
            int newWr = (_txWr + wireLength) & 0xFFFF;
            WriteRegister16(W5500Registers.BlockSocket0, W5500Registers.SnTxWr, newWr);
            WriteRegister8(W5500Registers.BlockSocket0, W5500Registers.SnCr, W5500Registers.CmdSend);
            _txWr = newWr;
            _sendInFlight = true;
            Counters.FramesOut++;
            return true;
        }
    }
}
