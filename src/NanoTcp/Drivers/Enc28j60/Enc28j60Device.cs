using System;

namespace NanoTcp.Drivers.Enc28j60
{
    /// <summary>
    /// Driver for the Microchip ENC28J60 10BASE-T Ethernet controller on SPI (datasheet
    /// DS39662E, silicon errata DS80349). Half duplex by default (the chip cannot
    /// autonegotiate, so a switch port treats it as half duplex, DS 6.6), full duplex on
    /// request; polled, one frame at a time in each direction.
    ///
    /// Buffer memory (8 KB): the receive ring is 0x0000..0x19FF (it must start at 0x0000,
    /// errata "ERXST"), the transmit area 0x1A00..0x1FFF holds one control byte, one frame of at
    /// most 1514 bytes and the 7-byte transmit status vector.
    ///
    /// SPI budget: a received frame costs RCR EPKTCNT (once per batch), one RBM of the frame
    /// (which also carries the next frame's 6-byte header when EPKTCNT says one waits), BFS
    /// PKTDEC, plus a lazy ERXRDPT update every quarter ring. A sent frame costs RCR ECON1 (is
    /// the previous one out?), RCR EIR in half duplex (was it aborted? errata 12/13), the
    /// EWRPT bytes that changed, one WBM of control byte + frame, the ETXND bytes that changed,
    /// BFS TXRTS. The register bank is cached, and checked against ECON1 whenever ECON1 is read.
    ///
    /// Faults (files .Recovery.cs): every ECON1 read doubles as a health check (receiver still
    /// enabled, bank as cached); an idle receiver checks it every few polls; a reset or
    /// brown-out is answered by configuring the chip again, a lost bank select by fixing the
    /// cache, an implausible ring header by resetting the receiver. Counters say what happened.
    ///
    /// Nothing allocates after construction: every SPI buffer is preallocated.
    /// </summary>
    public sealed partial class Enc28j60Device : INetDevice
    {
        /// <summary>Receive ring start. Errata (DS80349, rev. B7 item "ERXST"): only 0x0000 is safe.</summary>
        internal const int RxStart = 0x0000;
        /// <summary>Receive ring end (inclusive, odd so the ring size is even).</summary>
        internal const int RxEnd = 0x19FF;
        internal const int RxRingSize = RxEnd - RxStart + 1;
        /// <summary>Transmit area: control byte at TxStart, frame after it, TSV after ETXND.</summary>
        internal const int TxStart = 0x1A00;
        /// <summary>Largest frame we hand over or take (no FCS).</summary>
        public const int MaxFrameLength = 1514;
        /// <summary>Smallest frame the stack may pass to Send (an Ethernet header).</summary>
        public const int MinFrameLength = 14;
        /// <summary>MAMXFL: the largest frame the MAC accepts, FCS included (DS 6.5 step 4).</summary>
        internal const int MaxFrameWithFcs = 1518;
        private const int HeaderLength = 6;
        /// <summary>Longest RBM: a frame with FCS, the odd pad byte and the next frame's header.</summary>
        private const int MaxBufferRead = MaxFrameWithFcs + 1 + HeaderLength;

        private readonly ISpiBus _spi;
        private readonly byte[] _mac;
        private readonly IOutputPin _reset;
        private readonly IDelay _delay;
        private readonly int _maxTransfer;

        // Preallocated SPI buffers: short register commands, the transmit status vector, and
        // the receive buffer (RBM in place; Receive lends the frame from it). Frames are sent
        // from the caller's buffer: the WBM opcode and control byte go in its headroom.
        private readonly byte[] _cmd = new byte[4];
        private readonly byte[] _resp = new byte[4];
        private readonly byte[] _bulkRead = new byte[1 + MaxBufferRead];
        private readonly byte[] _tsv = new byte[1 + TsvLength];

        private readonly DriverCounters _counters = new DriverCounters();
        private bool _initialized;
        private bool _fullDuplex;
        private int _bank;          // cached ECON1.BSEL1:0
        private bool _linkUp;
        private bool _eirReadSinceLinkQuery;
        private int _revision;

        /// <summary>Creates the driver; nothing is sent on the bus until <see cref="Initialize"/>.</summary>
        /// <param name="spi">The SPI bus with the ENC28J60 on it (mode 0, at most 20 MHz; at least 8 MHz on rev. B1..B4, errata).</param>
        /// <param name="mac">The 6-byte MAC address to program (MAADR1..6).</param>
        /// <param name="reset">Optional RESET pin (active low).</param>
        /// <param name="delay">Waits in milliseconds during initialisation. Strongly recommended:
        /// after a soft reset the errata requires at least 1 ms before CLKRDY can be trusted.</param>
        public Enc28j60Device(ISpiBus spi, byte[] mac, IOutputPin reset = null, IDelay delay = null)
        {
            if (spi == null) throw new ArgumentNullException("spi", "pass the SPI bus the ENC28J60 is wired to");
            if (mac == null || mac.Length != 6) throw new ArgumentException("the MAC address must be 6 bytes", "mac");
            if ((mac[0] & 0x01) != 0) throw new ArgumentException("the MAC address must be unicast (bit 0 of the first byte clear)", "mac");
            _spi = spi;
            _mac = new byte[6];
            Array.Copy(mac, _mac, 6);
            _reset = reset;
            _delay = delay;
            int max = spi.MaxTransferBytes;
            // A limit below a header read would make the ring unreadable; 0 means none.
            if (max != 0 && max < 2 + HeaderLength)
                throw new ArgumentException("the SPI bus must take transfers of at least 8 bytes (ISpiBus.MaxTransferBytes)", "spi");
            _maxTransfer = max == 0 ? int.MaxValue : max;
        }

        /// <summary>
        /// Full duplex (PHCON1.PDPXMD, MACON3.FULDPX and the full-duplex gaps, DS 6.5/6.6)
        /// instead of the default half duplex. Set it before <see cref="Initialize"/>. Only for a
        /// link partner configured for full duplex by hand (a switch port forced to 10 Mb/s full
        /// duplex, or a crossover cable to another forced port): the ENC28J60 cannot
        /// autonegotiate, so an autonegotiating switch port runs half duplex, and a full-duplex
        /// chip on it loses frames whenever both sides send at once (duplex mismatch).
        /// </summary>
        public bool FullDuplex
        {
            get { return _fullDuplex; }
            set
            {
                if (_initialized) throw new InvalidOperationException("set Enc28j60Device.FullDuplex before Initialize()");
                _fullDuplex = value;
            }
        }

        /// <summary>SPI and frame counters (never reset by the driver).</summary>
        public DriverCounters Counters { get { return _counters; } }

        /// <summary>EREVID read during initialisation (B7 = 6).</summary>
        public int Revision { get { return _revision; } }

        /// <inheritdoc />
        public byte[] MacAddress { get { return _mac; } }

        /// <summary>INetDevice: the WBM opcode and the per-packet control byte (DS 7.1, Figure 7-1)
        /// go in front of the frame, in the caller's buffer.</summary>
        public int TransmitHeadroom { get { return 2; } }

        /// <summary>
        /// PHSTAT2.LSTAT, refreshed when EIR.LINKIF reports a change. Costs one RCR EIR unless a
        /// send or receive already read EIR since the last query.
        /// </summary>
        public bool LinkUp
        {
            get
            {
                if (!_initialized) return false;
                if (!_eirReadSinceLinkQuery) ReadAndHandleEir();
                _eirReadSinceLinkQuery = false;
                return _linkUp;
            }
        }

        private void RequireInitialized()
        {
            if (!_initialized) throw new InvalidOperationException("call Enc28j60Device.Initialize() before sending or receiving");
        }

        // ------------------------------------------------------------------ SPI primitives

        private void Transfer(byte[] write, byte[] read, int count)
        {
            _spi.TransferFullDuplex(write, 0, read, 0, count);
            _counters.SpiTransactions++;
            _counters.SpiBytes += count;
        }

        /// <summary>Selects the register's bank unless it is a common register or already selected.</summary>
        private void SelectBankFor(int register)
        {
            int address = register & Enc28j60Registers.AddressMask;
            if (address >= Enc28j60Registers.FirstCommonRegister) return; // EIE..ECON1 exist in every bank (DS 3.1)
            int bank = (register >> Enc28j60Registers.BankShift) & 0x03;
            if (bank == _bank) return;
            // BFS/BFC on ECON1 change only BSEL and leave TXRTS/RXEN alone (DS 4.2.5/4.2.6).
            int set = bank & ~_bank & 0x03;
            int clear = _bank & ~bank & 0x03;
            if (set != 0) Command(Enc28j60Registers.OpBitSet, Enc28j60Registers.ECON1, set);
            if (clear != 0) Command(Enc28j60Registers.OpBitClear, Enc28j60Registers.ECON1, clear);
            _bank = bank;
        }

        /// <summary>A two-byte command (WCR, BFS, BFC) on a register of the current bank.</summary>
        private void Command(byte opcode, int register, int data)
        {
            _cmd[0] = (byte)(opcode | (register & Enc28j60Registers.AddressMask));
            _cmd[1] = (byte)data;
            Transfer(_cmd, _resp, 2);
        }

        private void WriteRegister(int register, int value)
        {
            SelectBankFor(register);
            Command(Enc28j60Registers.OpWriteControl, register, value);
        }

        private void SetBits(int register, int mask)
        {
            SelectBankFor(register);
            Command(Enc28j60Registers.OpBitSet, register, mask);
        }

        private void ClearBits(int register, int mask)
        {
            SelectBankFor(register);
            Command(Enc28j60Registers.OpBitClear, register, mask);
        }

        /// <summary>RCR; MAC and MII registers shift out a dummy byte first (DS 4.2.1, Figure 4-4).</summary>
        private int ReadRegister(int register)
        {
            SelectBankFor(register);
            int count = (register & Enc28j60Registers.DummyByteFlag) != 0 ? 3 : 2;
            _cmd[0] = (byte)(Enc28j60Registers.OpReadControl | (register & Enc28j60Registers.AddressMask));
            _cmd[1] = 0;
            _cmd[2] = 0;
            Transfer(_cmd, _resp, count);
            return _resp[count - 1];
        }

        /// <summary>Writes a 16-bit pointer, low byte first (required for ERXRDPT, DS 7.2.4).</summary>
        private void WritePointer(int lowRegister, int value)
        {
            WriteRegister(lowRegister, value & 0xFF);
            WriteRegister(lowRegister + 1, (value >> 8) & 0xFF);
        }

        private int ReadPointer(int lowRegister)
        {
            int low = ReadRegister(lowRegister);
            return low | (ReadRegister(lowRegister + 1) << 8);
        }

        /// <summary>
        /// RBM of count bytes from ERDPT into into[1..count], in place. The bytes clocked out
        /// after the opcode are zeroed first (DS 4.2.2: they are ignored): if chip select
        /// glitched mid-read, the chip would take them as commands, and 00h is a harmless RCR
        /// where stale frame bytes could be any write, even SRC (FFh). A bus that takes fewer
        /// bytes per transfer gets several RBMs: ERDPT auto-increments and wraps (DS 4.2.2), so
        /// each continues where the last stopped.
        /// </summary>
        private void ReadBuffer(byte[] into, int count)
        {
            int done = 0;
            while (done < count)
            {
                int chunk = count - done;
                if (chunk > _maxTransfer - 1) chunk = _maxTransfer - 1;
                // The opcode goes just before the chunk's place; the data byte it covers is restored.
                byte saved = into[done];
                into[done] = Enc28j60Registers.OpReadBuffer;
                Array.Clear(into, done + 1, chunk);
                _spi.TransferFullDuplex(into, done, into, done, chunk + 1);
                if (done > 0) into[done] = saved;
                _counters.SpiTransactions++;
                _counters.SpiBytes += chunk + 1;
                done += chunk;
            }
        }

        /// <summary>
        /// WBM of buffer[at..at+count) (control byte + frame; the opcode goes in buffer[at - 1]),
        /// in place, split like <see cref="ReadBuffer"/>. The buffer is undefined afterwards.
        /// </summary>
        private void WriteBuffer(byte[] buffer, int at, int count)
        {
            int done = 0;
            while (done < count)
            {
                int chunk = count - done;
                if (chunk > _maxTransfer - 1) chunk = _maxTransfer - 1;
                int start = at + done - 1; // for later chunks: the last byte of the one before, already sent
                buffer[start] = Enc28j60Registers.OpWriteBuffer;
                _spi.TransferFullDuplex(buffer, start, buffer, start, chunk + 1);
                _counters.SpiTransactions++;
                _counters.SpiBytes += chunk + 1;
                done += chunk;
            }
        }

        private void Sleep(int ms)
        {
            if (_delay != null) _delay.SleepMs(ms);
        }
    }
}
