namespace NanoTcp.Simulation.W5500
{
    // SPI frame decoding and the register files.
    public sealed partial class W5500Chip
    {
        // Common register block offsets (DS 4.1, IO w5500.h).
        private const int Mr = 0x00, Shar = 0x09, Ir = 0x15, Imr = 0x16, Sir = 0x17, Simr = 0x18;
        private const int Rtr = 0x19, Rcr = 0x1B, Uipr = 0x28, Uportr = 0x2C, Phycfgr = 0x2E, Versionr = 0x39;

        // Socket register block offsets (DS 4.2, IO w5500.h).
        private const int SnMr = 0x00, SnCr = 0x01, SnIr = 0x02, SnSr = 0x03, SnDhar = 0x06, SnTtl = 0x16;
        private const int SnRxBufSize = 0x1E, SnTxBufSize = 0x1F, SnTxFsr = 0x20, SnTxRd = 0x22, SnTxWr = 0x24;
        private const int SnRxRsr = 0x26, SnRxRd = 0x28, SnRxWr = 0x2A, SnImr = 0x2C, SnFrag = 0x2D;

        /// <summary>
        /// Walks one chip-select period. DS 2.2: a frame is a 16-bit offset (MSB first), a
        /// control byte BSB[4:0] RWB OM[1:0], then data. DS 2.3: OM=00 is variable-length
        /// mode (the frame ends with SCSn), OM=01/10/11 fixed 1/2/4-byte data phases; with
        /// SCSn tied low, fixed-length frames follow each other back to back.
        /// </summary>
        private void DecodeFrames(byte[] write, int wOff, byte[] read, int rOff, int count)
        {
            int i = 0;
            while (i < count)
            {
                if (count - i < 3)
                {
                    // An incomplete address/control phase: nothing is accessed.
                    for (; i < count; i++)
                    {
                        read[rOff + i] = (byte)(i + 1);
                    }
                    return;
                }
                int address = (write[wOff + i] << 8) | write[wOff + i + 1];
                int control = write[wOff + i + 2];
                // [UNCERTAIN] MISO during the 3 header bytes: Zephyr's driver comment says the
                // chip clocks out 0x01 0x02 0x03 there. Our driver ignores these bytes.
                read[rOff + i] = 0x01;
                read[rOff + i + 1] = 0x02;
                read[rOff + i + 2] = 0x03;
                i += 3;

                int blockSelect = control >> 3;          // DS 2.2.2 BSB[4:0]
                bool isWrite = (control & 0x04) != 0;    // DS 2.2.2 RWB: 1 = write
                int mode = control & 0x03;               // DS 2.2.2 OM[1:0]
                int length = mode == 0 ? count - i : (mode == 1 ? 1 : (mode == 2 ? 2 : 4));
                if (length > count - i)
                {
                    length = count - i;
                }
                int kind = blockSelect & 0x03;
                int socket = blockSelect >> 2;
                if (blockSelect != 0 && kind >= 2 && socket < SocketCount)
                {
                    MoveBufferBytes(socket, kind == 2, isWrite, address, write, wOff + i, read, rOff + i, length);
                }
                else
                {
                    for (int k = 0; k < length; k++)
                    {
                        // DS 2.2.1: the offset auto-increments by one per data byte (16-bit).
                        int offset = (address + k) & 0xFFFF;
                        if (isWrite)
                        {
                            byte value = write[wOff + i + k]; // before MISO overwrites it (in-place transfers)
                            read[rOff + i + k] = 0x00;
                            WriteByte(blockSelect, offset, value);
                        }
                        else
                        {
                            read[rOff + i + k] = ReadByte(blockSelect, offset);
                        }
                    }
                }
                i += length;
            }
        }

        /// <summary>
        /// Data phase on a TX or RX buffer block: the same mapping as <see cref="BufferAddress"/>
        /// (DS 3.3 layout, offset modulo the buffer size) in one tight loop. Writes go to the TX
        /// buffer only; the RX buffer is written by the chip.
        /// </summary>
        private void MoveBufferBytes(int socket, bool tx, bool isWrite, int address, byte[] write, int wAt, byte[] read, int rAt, int length)
        {
            int sizeRegister = tx ? SnTxBufSize : SnRxBufSize;
            int size = BufferSize(socket, sizeRegister);
            byte[] memory = tx ? _txMemory : _rxMemory;
            if (size == 0)
            {
                for (int k = 0; k < length; k++) read[rAt + k] = 0;
                return;
            }
            int baseAddress = BufferAddress(socket, 0, sizeRegister);
            int mask = size - 1;
            for (int k = 0; k < length; k++)
            {
                int physical = (baseAddress + ((address + k) & mask)) & (MemorySize - 1);
                if (isWrite)
                {
                    byte value = write[wAt + k];
                    read[rAt + k] = 0x00;
                    if (tx) memory[physical] = value;
                }
                else
                {
                    read[rAt + k] = memory[physical];
                }
            }
        }

        private byte ReadByte(int blockSelect, int offset)
        {
            int kind = blockSelect & 0x03;
            int socket = blockSelect >> 2;
            if (blockSelect == 0 || kind == 1)
            {
                return ReadRegister(blockSelect, offset);
            }
            if (kind == 2)
            {
                int physical = BufferAddress(socket, offset, SnTxBufSize);
                return physical < 0 ? (byte)0 : _txMemory[physical];
            }
            if (kind == 3)
            {
                int physical = BufferAddress(socket, offset, SnRxBufSize);
                return physical < 0 ? (byte)0 : _rxMemory[physical];
            }
            return 0; // DS 2.2.2: BSB 4n (n >= 1) and above 0x1F are reserved; we read 0.
        }

        private void WriteByte(int blockSelect, int offset, byte value)
        {
            int kind = blockSelect & 0x03;
            int socket = blockSelect >> 2;
            if (blockSelect == 0)
            {
                WriteCommon(offset, value);
            }
            else if (kind == 1)
            {
                WriteSocket(socket, offset, value);
            }
            else if (kind == 2)
            {
                // DS 3.3 / 4.2 Sn_TXBUF_SIZE: the host fills the TX buffer; reads of the RX buffer only.
                int physical = BufferAddress(socket, offset, SnTxBufSize);
                if (physical >= 0)
                {
                    _txMemory[physical] = value;
                }
            }
            // RX buffer and reserved blocks: writes are ignored (the RX buffer is written by the chip).
        }

        /// <summary>
        /// DS 3.3: socket buffers are laid out in the 16 KB memory in socket order with the
        /// sizes of Sn_TXBUF_SIZE / Sn_RXBUF_SIZE. DS 4.2 (Sn_TXBUF_SIZE note): the 16-bit
        /// offset 0x0000-0xFFFF addresses a buffer whatever its size, so the offset wraps
        /// modulo the size. Returns -1 for a socket with a 0 KB buffer.
        /// </summary>
        private int BufferAddress(int socket, int offset, int sizeRegister)
        {
            if (socket >= SocketCount)
            {
                return -1;
            }
            int size = BufferSize(socket, sizeRegister);
            if (size == 0)
            {
                return -1;
            }
            int baseAddress = 0;
            for (int n = 0; n < socket; n++)
            {
                baseAddress += BufferSize(n, sizeRegister);
            }
            // DS 3.3: a total above 16 KB is a configuration error ("data ... error"); we wrap.
            return (baseAddress + (offset & (size - 1))) & (MemorySize - 1);
        }

        /// <summary>DS 4.2 Sn_RXBUF_SIZE / Sn_TXBUF_SIZE: 0, 1, 2, 4, 8 or 16 KB; other values do not work.</summary>
        private int BufferSize(int socket, int sizeRegister)
        {
            int kb = _socket[socket][sizeRegister];
            switch (kb)
            {
                case 1: case 2: case 4: case 8: case 16:
                    return kb * 1024;
                default:
                    return 0;
            }
        }

        private byte ReadRegister(int blockSelect, int offset)
        {
            if (blockSelect == 0)
            {
                if (offset == Phycfgr)
                {
                    // DS 4.1 PHYCFGR: bits 7..3 as written, DPX bit 2, SPD bit 1, LNK bit 0.
                    // The model links full duplex at LinkSpeedMbps when the link is up.
                    int status = _linkUp ? (0x05 | (_linkSpeedMbps == 100 ? 0x02 : 0x00)) : 0x00;
                    return (byte)((_common[Phycfgr] & 0xF8) | status);
                }
                return offset < CommonRegisterSpan ? _common[offset] : (byte)0;
            }
            int socket = blockSelect >> 2;
            if (socket >= SocketCount || offset >= SocketRegisterSpan)
            {
                return 0;
            }
            byte[] r = _socket[socket];
            switch (offset)
            {
                case SnTxFsr: return (byte)(FreeTxSize(socket) >> 8);
                case SnTxFsr + 1: return (byte)FreeTxSize(socket);
                case SnTxRd: return (byte)(_txRead[socket] >> 8);
                case SnTxRd + 1: return (byte)_txRead[socket];
                case SnRxRsr: return (byte)(ReceivedSize(socket) >> 8);
                case SnRxRsr + 1: return (byte)ReceivedSize(socket);
                case SnRxWr: return (byte)(_rxWrite[socket] >> 8);
                case SnRxWr + 1: return (byte)_rxWrite[socket];
                default: return r[offset];
            }
        }

        private void WriteCommon(int offset, byte value)
        {
            if (offset == Mr)
            {
                // DS 4.1 MR.RST (bit 7): all internal registers are initialised; the bit clears itself.
                if ((value & 0x80) != 0)
                {
                    ResetRegisters();
                    return;
                }
                _common[Mr] = value;
                return;
            }
            if (offset == Ir)
            {
                _common[Ir] &= (byte)~value; // DS 4.1 IR: a bit is cleared by writing 1 to it.
                return;
            }
            if (offset == Sir || offset == Versionr || (offset >= Uipr && offset < Uportr + 2) || offset >= CommonRegisterSpan)
            {
                return; // DS 4.1: SIR, UIPR, UPORTR and VERSIONR are read-only.
            }
            _common[offset] = value;
        }

        private void WriteSocket(int socket, int offset, byte value)
        {
            if (socket >= SocketCount || offset >= SocketRegisterSpan)
            {
                return;
            }
            byte[] r = _socket[socket];
            switch (offset)
            {
                case SnCr:
                    // DS 4.2 Sn_CR: the chip clears the register to 0x00 once it accepts the command.
                    if (!CommandAccepted(socket, value))
                    {
                        return;
                    }
                    r[SnCr] = 0;
                    ExecuteCommand(socket, value);
                    return;
                case SnIr:
                    r[SnIr] &= (byte)~value; // DS 4.2 Sn_IR: write 1 to clear.
                    return;
                case SnSr:
                case SnTxFsr: case SnTxFsr + 1:
                case SnTxRd: case SnTxRd + 1:
                case SnRxRsr: case SnRxRsr + 1:
                case SnRxWr: case SnRxWr + 1:
                    return; // DS 4.2: read-only registers.
                default:
                    r[offset] = value;
                    return;
            }
        }

        private int ReceivedSize(int socket)
        {
            // DS 4.2 Sn_RX_RSR: the difference between Sn_RX_WR and the read pointer (the one RECV took).
            return (_rxWrite[socket] - _rxReadInternal[socket]) & 0xFFFF;
        }

        private int FreeTxSize(int socket)
        {
            // DS 4.2 Sn_TX_FSR (non-TCP): the configured size minus what lies between Sn_TX_RD and Sn_TX_WR.
            int used = (Word(_socket[socket], SnTxWr) - _txRead[socket]) & 0xFFFF;
            int free = BufferSize(socket, SnTxBufSize) - used;
            return free < 0 ? 0 : free;
        }

        private static int Word(byte[] r, int offset)
        {
            return (r[offset] << 8) | r[offset + 1];
        }

        /// <summary>Power-on / MR.RST / RSTn values (DS 4.1 and 4.2, the bracketed reset value of each register).</summary>
        private void ResetRegisters()
        {
            System.Array.Clear(_common, 0, _common.Length);
            _common[Rtr] = 0x07;     // RTR 0x07D0 (200 ms in 100 us units)
            _common[Rtr + 1] = 0xD0;
            _common[Rcr] = 0x08;     // RCR 0x08
            _common[Phycfgr] = 0xB8; // PHYCFGR 0b10111xxx: RST=1, OPMD=0, OPMDC=111 (all capable, auto-negotiation)
            _common[Versionr] = 0x04; // VERSIONR always 0x04 (IO: "VERSIONR always indicates the W5500 version as 0x04")
            for (int n = 0; n < SocketCount; n++)
            {
                byte[] r = _socket[n];
                System.Array.Clear(r, 0, r.Length);
                for (int k = 0; k < 6; k++)
                {
                    r[SnDhar + k] = 0xFF; // Sn_DHAR 0xFFFFFFFFFFFF
                }
                r[SnTtl] = 0x80;          // Sn_TTL 0x80
                r[SnRxBufSize] = 2;       // Sn_RXBUF_SIZE 0x02 (2 KB each, DS 3.3)
                r[SnTxBufSize] = 2;       // Sn_TXBUF_SIZE 0x02
                r[SnImr] = 0xFF;          // Sn_IMR 0xFF
                r[SnFrag] = 0x40;         // Sn_FRAG 0x4000
                _rxWrite[n] = 0;
                _rxReadInternal[n] = 0;
                _txRead[n] = 0;
            }
            _sendPending = false;
            _sendDelayLeft = 0;
            ClearPowerState();
        }
    }
}
