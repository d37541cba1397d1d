using System;

namespace NanoTcp.Drivers.W5500
{
    // SPI frames in variable-length data mode (DS 2.2-2.3): every transfer is
    // [offset high, offset low, control] + data, in place in a preallocated buffer.
    public sealed partial class W5500Device
    {
        private static void SetHeader(byte[] buffer, int address, byte control)
        {
            buffer[0] = (byte)(address >> 8);
            buffer[1] = (byte)address;
            buffer[2] = control; // OM = 00: variable-length data mode, the frame ends with chip select
        }

        private static void SetHeader(byte[] buffer, int at, int address, byte control)
        {
            buffer[at] = (byte)(address >> 8);
            buffer[at + 1] = (byte)address;
            buffer[at + 2] = control;
        }

        private void Transfer(byte[] buffer, int offset, int count)
        {
            _spi.TransferFullDuplex(buffer, offset, buffer, offset, count);
            Counters.SpiTransactions++;
            Counters.SpiBytes += count;
        }

        private void Transfer(byte[] buffer, int count)
        {
            _spi.TransferFullDuplex(buffer, 0, buffer, 0, count);
            Counters.SpiTransactions++;
            Counters.SpiBytes += count;
        }

        // Reads clock out 0x00 after the header, never stale buffer contents: if chip select
        // glitched mid-transfer, the chip would take the rest as a new frame, and 00 00 00 is a
        // harmless read of the common registers (DS 2.2) where old data could be any write.

        private byte ReadRegister8(byte block, int address)
        {
            SetHeader(_reg, address, (byte)(block | W5500Registers.ReadBit));
            _reg[HeaderBytes] = 0;
            Transfer(_reg, HeaderBytes + 1);
            return _reg[HeaderBytes];
        }

        private void ReadBytes(byte block, int address, int count)
        {
            SetHeader(_reg, address, (byte)(block | W5500Registers.ReadBit));
            Array.Clear(_reg, HeaderBytes, count);
            Transfer(_reg, HeaderBytes + count);
        }

        /// <summary>
        /// Reads count bytes of socket 0's RX buffer from chip offset <paramref name="chipOffset"/>
        /// into _rx[at..at+count), in as many transfers as the bus's maximum needs (each with its
        /// own 3-byte header just before its data; the 3 bytes it covers are saved and restored).
        /// </summary>
        private void ReadRxBuffer(int chipOffset, int at, int count)
        {
            int done = 0;
            while (done < count)
            {
                int chunk = count - done;
                if (chunk > _maxTransfer - HeaderBytes)
                {
                    chunk = _maxTransfer - HeaderBytes;
                }
                int h = at + done - HeaderBytes;
                _saved[0] = _rx[h];
                _saved[1] = _rx[h + 1];
                _saved[2] = _rx[h + 2];
                SetHeader(_rx, h, (chipOffset + done) & 0xFFFF, (byte)(W5500Registers.BlockSocket0Rx | W5500Registers.ReadBit));
                Array.Clear(_rx, at + done, chunk);
                Transfer(_rx, h, HeaderBytes + chunk);
                _rx[h] = _saved[0];
                _rx[h + 1] = _saved[1];
                _rx[h + 2] = _saved[2];
                done += chunk;
            }
        }

        /// <summary>
        /// Writes buffer[at..at+count) to socket 0's TX buffer at chip offset
        /// <paramref name="chipOffset"/>, in place: each transfer's 3-byte header goes in the 3
        /// bytes before its data (the caller's headroom for the first, bytes already sent for
        /// the next ones when the bus's maximum splits the frame). The bytes are undefined after.
        /// </summary>
        private void WriteTxBuffer(byte[] buffer, int at, int chipOffset, int count)
        {
            int done = 0;
            while (done < count)
            {
                int chunk = count - done;
                if (chunk > _maxTransfer - HeaderBytes)
                {
                    chunk = _maxTransfer - HeaderBytes;
                }
                int h = at + done - HeaderBytes;
                SetHeader(buffer, h, (chipOffset + done) & 0xFFFF, (byte)(W5500Registers.BlockSocket0Tx | W5500Registers.WriteBit));
                Transfer(buffer, h, HeaderBytes + chunk);
                done += chunk;
            }
        }

        private void WriteRegister8(byte block, int address, byte value)
        {
            SetHeader(_reg, address, (byte)(block | W5500Registers.WriteBit));
            _reg[HeaderBytes] = value;
            Transfer(_reg, HeaderBytes + 1);
        }

        private void WriteRegister16(byte block, int address, int value)
        {
            SetHeader(_reg, address, (byte)(block | W5500Registers.WriteBit));
            _reg[HeaderBytes] = (byte)(value >> 8); // DS 4: multi-byte registers are big-endian
            _reg[HeaderBytes + 1] = (byte)value;
            Transfer(_reg, HeaderBytes + 2);
        }

        private void WriteBytes(byte block, int address, byte[] data, int count)
        {
            SetHeader(_reg, address, (byte)(block | W5500Registers.WriteBit));
            System.Array.Copy(data, 0, _reg, HeaderBytes, count);
            Transfer(_reg, HeaderBytes + count);
        }

        /// <summary>One transaction: socket 0 registers Sn_MR (0x00) through Sn_RX_WR (0x2B).</summary>
        private void ReadStatus()
        {
            SetHeader(_reg, W5500Registers.SnMr, (byte)(W5500Registers.BlockSocket0 | W5500Registers.ReadBit));
            Array.Clear(_reg, HeaderBytes, StatusBytes);
            Transfer(_reg, HeaderBytes + StatusBytes);
        }

        private int StatusByte(int register)
        {
            return _reg[HeaderBytes + register];
        }

        private int StatusWord(int register)
        {
            return (_reg[HeaderBytes + register] << 8) | _reg[HeaderBytes + register + 1];
        }
    }
}
