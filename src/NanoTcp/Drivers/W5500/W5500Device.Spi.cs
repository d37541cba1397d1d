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

        private byte ReadRegister8(byte block, int address)
        {
            SetHeader(_reg, address, (byte)(block | W5500Registers.ReadBit));
            Transfer(_reg, HeaderBytes + 1);
            return _reg[HeaderBytes];
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
