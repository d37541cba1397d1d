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
            int wireLength = length < MinFrame ? MinFrame : length;

            // DS 4.2 Sn_TX_WR steps 1-2: write the frame at our copy of Sn_TX_WR. The previous
            // frame occupies [Sn_TX_RD, Sn_TX_WR); this one goes after it, so the write overlaps
            // the previous frame's time on the wire. The SPI header (DS 2.2) is written into the
            // headroom in front of the frame, so the frame goes out in place, in one transfer.
            if (wireLength > length)
            {
                // hw-facts A6: pad to 60. Only a runt (at most 59 bytes) is copied, into _pad,
                // because INetDevice lets us write in front of a frame, not behind it.
                SetHeader(_pad, _txWr, (byte)(W5500Registers.BlockSocket0Tx | W5500Registers.WriteBit));
                Array.Copy(buffer, offset, _pad, HeaderBytes, length);
                Array.Clear(_pad, HeaderBytes + length, wireLength - length);
                Transfer(_pad, HeaderBytes + wireLength);
            }
            else
            {
                SetHeader(buffer, offset - HeaderBytes, _txWr, (byte)(W5500Registers.BlockSocket0Tx | W5500Registers.WriteBit));
                Transfer(buffer, offset - HeaderBytes, HeaderBytes + wireLength);
            }

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
