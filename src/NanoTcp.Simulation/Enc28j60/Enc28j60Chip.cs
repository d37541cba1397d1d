using System;
using NanoTcp.Drivers;

namespace NanoTcp.Simulation.Enc28j60
{
    /// <summary>
    /// A register-level ENC28J60 behind <see cref="ISpiBus"/>, written from the datasheet
    /// (DS39662E, "DS" below) and the silicon errata (DS80349, "errata"), not from our driver.
    /// It decodes the seven SPI instructions (DS Table 4-1), keeps four register banks, the
    /// PHY behind the MII, and the 8 KB buffer memory with the receive ring, the receive status
    /// vectors, EPKTCNT/PKTDEC, ERXRDPT protection, overflow, the per-packet control byte and
    /// the transmit status vector. Its wire side is any <see cref="INetDevice"/> (a cable end, a
    /// TAP device, a test double): frames are pulled from it at the start of every SPI transaction and
    /// on <see cref="Step"/>, and pushed to it when a transmission ends.
    ///
    /// Failures like the silicon's (files .Timing.cs and .Power.cs): with
    /// <see cref="WireTiming"/> a frame takes its 10 Mb/s time on the wire in both directions,
    /// TXRTS stays set meanwhile, half duplex defers and collides, and a duplex mismatch with
    /// the link partner (<see cref="PartnerFullDuplex"/>) costs frames; the link can drop and
    /// return mid-frame; RESET, SRC and brown-outs return the chip to its reset values; the INT
    /// pin follows EIE/EIR (DS 12.0). Time moves with every SPI transaction (the bytes at
    /// <see cref="SpiClockHz"/>) and follows <see cref="Clock"/> when one is attached.
    ///
    /// Simplifications: without <see cref="WireTiming"/> (the default, so stack-level tests
    /// stay fast) a transmission completes within the SPI transaction that sets TXRTS and a
    /// frame from the wire is written to the ring at once; an MII operation is busy for exactly
    /// one further SPI transaction. Behaviour the datasheet leaves undefined is flagged in
    /// <see cref="ProtocolViolations"/> so tests can insist a driver never triggers it.
    /// Nothing here allocates after construction.
    /// </summary>
    public sealed partial class Enc28j60Chip : ISpiBus
    {
        public const int BufferSize = 8192;
        /// <summary>EREVID of a rev. B7 part (errata DS80349).</summary>
        public const byte RevisionB7 = 0x06;

        private readonly INetDevice _wire;
        private readonly byte[] _mem = new byte[BufferSize];
        private readonly byte[] _regs = new byte[4 * 32];
        private readonly ushort[] _phy = new ushort[32];
        private readonly byte[] _frame = new byte[1600];
        private readonly ChipDelay _delay;

        private long _nowNs;
        private int _spiClockHz = 20_000_000;
        private bool _clockReadyLies;   // errata: after SRC, CLKRDY reads set during the start-up time
        private long _readyAtNs;
        private int _rxWritePtr;         // hardware write pointer (ERXWRPT)
        private int _erxrdptLowBuffer;   // DS 7.2.4: ERXRDPTL is buffered until ERXRDPTH is written
        private int _miiBusyTransactions;
        private bool _linkUp = true;
        private int _injectedAborts;
        private bool _injectedAbortIsLateCollision;

        /// <param name="wire">The chip's Ethernet side; null for a chip with no cable plugged in.</param>
        public Enc28j60Chip(INetDevice wire)
        {
            _wire = wire;
            _delay = new ChipDelay(this);
            PowerOnReset();
        }

        // ---------------------------------------------------------------- observability

        /// <summary>SPI instructions the datasheet does not define (too long, BFS on a MAC register, ...).</summary>
        public int ProtocolViolations { get; private set; }
        /// <summary>SPI transactions that arrived during the start-up time after a reset (errata: wait 1 ms).</summary>
        public int TransactionsDuringReset { get; private set; }
        /// <summary>Every SPI transaction seen.</summary>
        public long Transactions { get; private set; }
        public long FramesTransmitted { get; private set; }
        public long FramesReceived { get; private set; }
        /// <summary>Frames lost because the ring had no room or EPKTCNT was 255 (EIR.RXERIF, DS 7.2.4).</summary>
        public long RxOverflowDrops { get; private set; }
        /// <summary>Frames rejected by the receive filters (DS 8.0) or MAC settings.</summary>
        public long FilterDrops { get; private set; }
        /// <summary>Packets written while ERXRDPT was even, which errata item 14 says corrupts the ring.</summary>
        public int EvenReadPointerCorruptions { get; private set; }

        /// <summary>An IDelay that advances this chip's notion of time (for the driver's reset waits).</summary>
        public IDelay Delay { get { return _delay; } }

        /// <summary>Lets time pass (the start-up time after a reset counts down, a frame on the wire moves on).</summary>
        public void ElapseMs(int ms) { _nowNs += ms * 1_000_000L; }

        /// <summary>Lets microseconds pass.</summary>
        public void ElapseUs(int us) { _nowNs += us * 1_000L; }

        /// <summary>The chip's notion of time in nanoseconds since it was created.</summary>
        public long NowNs => _nowNs;

        /// <summary>SPI clock used to charge time per byte (DS 4.1: at most 20 MHz). Default 20 MHz.</summary>
        public int SpiClockHz
        {
            get => _spiClockHz;
            set => _spiClockHz = value >= 1000 && value <= 20_000_000 ? value
                : throw new ArgumentOutOfRangeException(nameof(SpiClockHz), "SpiClockHz must be 1 kHz .. 20 MHz (DS 4.1 maximum).");
        }

        /// <summary>A virtual clock the chip's time follows (never runs behind); null = time moves with SPI only.</summary>
        public NanoTcp.Simulation.VirtualClock Clock { get; set; }

        private void FollowClock()
        {
            if (Clock == null) return;
            long clockNs = Clock.NowMs * 1_000_000L;
            if (clockNs > _nowNs) _nowNs = clockNs;
        }

        /// <summary>Reads buffer memory directly (tests).</summary>
        public byte PeekMemory(int address) { return _mem[address & 0x1FFF]; }

        /// <summary>Reads a control register directly, bypassing SPI (tests).</summary>
        public byte PeekRegister(int bank, int address) { return ReadRegisterValue(bank, address); }

        /// <summary>Reads a PHY register directly (tests).</summary>
        public int PeekPhy(int address) { return _phy[address & 0x1F]; }

        /// <summary>The 16-bit hardware receive write pointer (ERXWRPT).</summary>
        public int ReceiveWritePointer { get { return _rxWritePtr; } }

        /// <summary>Makes the next <paramref name="count"/> transmissions abort (late collision or excessive collisions).</summary>
        public void InjectTransmitAborts(int count, bool lateCollision)
        {
            _injectedAborts = count;
            _injectedAbortIsLateCollision = lateCollision;
        }

        /// <summary>Lets the wire move: follows <see cref="Clock"/>, ends a transmission that is due,
        /// and pulls waiting frames from the wire into the receive ring.</summary>
        public void Step()
        {
            FollowClock();
            if (!Powered) return;
            AdvanceWire();
            PullFromWire();
        }

        // ---------------------------------------------------------------- SPI

        /// <inheritdoc />
        public int MaxTransferBytes => 0;

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            if (count <= 0) return;
            Transactions++;
            // DS 4.1: SPI up to 20 MHz. Time spent: the bytes at SpiClockHz plus 1 us for chip select.
            _nowNs += 1000 + (8_000_000_000L / _spiClockHz) * count;
            FollowClock();
            if (UnpoweredTransaction(read, readOffset, count)) return;
            // The opcode is latched before MISO is stored: write and read may be the same array
            // (ISpiBus: an in-place transfer), as the driver's RBM and WBM are.
            byte op = write[writeOffset];
            read[readOffset] = 0; // DS Figure 4-3: SO is high impedance during the opcode byte

            if (_nowNs < _readyAtNs)
            {
                DuringStartUp(op, read, readOffset, count);
                return;
            }

            AdvanceWire();
            PullFromWire(); // frames that arrived since the last transaction are in the ring now
            int argument = op & 0x1F;
            switch (op >> 5)
            {
                case 0: ReadControl(argument, read, readOffset, count); break;
                case 1:
                    if (argument == 0x1A) ReadBuffer(read, readOffset, count);
                    else ProtocolViolations++;
                    break;
                case 2: WriteControl(argument, write, writeOffset, count); break;
                case 3:
                    if (argument == 0x1A) WriteBuffer(write, writeOffset, count);
                    else ProtocolViolations++;
                    break;
                case 4: BitField(argument, write, writeOffset, count, true); break;
                case 5: BitField(argument, write, writeOffset, count, false); break;
                case 7:
                    if (op == 0xFF) SoftReset();
                    else ProtocolViolations++;
                    break;
                default: ProtocolViolations++; break;
            }
            if (_miiBusyTransactions > 0 && --_miiBusyTransactions == 0) Reg(3, MISTAT) &= unchecked((byte)~MISTAT_BUSY);
        }

        /// <summary>
        /// Errata (reset item): after SRC the PHY clock stops but ESTAT.CLKRDY is not cleared, so a
        /// driver that trusts CLKRDY at once reads it set while the chip cannot yet be used. We
        /// answer ESTAT with CLKRDY set, everything else with 0, and ignore writes.
        /// </summary>
        private void DuringStartUp(byte op, byte[] read, int readOffset, int count)
        {
            TransactionsDuringReset++;
            for (int i = 1; i < count; i++) read[readOffset + i] = 0;
            if (op == (0x00 | ESTAT) && count >= 2 && _clockReadyLies) read[readOffset + 1] = ESTAT_CLKRDY;
        }

        private void ReadControl(int address, byte[] read, int readOffset, int count)
        {
            int bank = CurrentBank;
            byte value = ReadRegisterValue(bank, address);
            bool dummy = IsMacOrMii(bank, address);
            int expected = dummy ? 3 : 2;
            if (count > expected) ProtocolViolations++;
            if (count < expected) { if (count == 2) read[readOffset + 1] = unchecked((byte)~value); return; }
            // DS 4.2.1, Figure 4-4: MAC and MII registers shift out a dummy byte first. Its value
            // is undefined; we return the complement so a driver that keeps it reads a wrong value.
            for (int i = 1; i < count; i++) read[readOffset + i] = value;
            if (dummy) read[readOffset + 1] = unchecked((byte)~value);
            if (bank == 3 && address == 0x0A) { } // MISTAT: reading has no side effect
        }

        private void ReadBuffer(byte[] read, int readOffset, int count)
        {
            // DS 4.2.2: data from ERDPT; with AUTOINC, ERDPT advances and wraps from ERXND to
            // ERXST, and from 1FFFh to 0000h.
            int p = Pointer(0, 0x00);
            bool autoinc = (Reg(0, ECON2) & ECON2_AUTOINC) != 0;
            for (int i = 1; i < count; i++)
            {
                read[readOffset + i] = _mem[p];
                if (autoinc) p = NextReadAddress(p);
            }
            SetPointer(0, 0x00, p);
        }

        private void WriteBuffer(byte[] write, int writeOffset, int count)
        {
            // DS 4.2.4: data to EWRPT; with AUTOINC it advances, 1FFFh wraps to 0000h.
            int p = Pointer(0, 0x02);
            bool autoinc = (Reg(0, ECON2) & ECON2_AUTOINC) != 0;
            for (int i = 1; i < count; i++)
            {
                _mem[p] = write[writeOffset + i];
                if (autoinc) p = (p + 1) & 0x1FFF;
            }
            SetPointer(0, 0x02, p);
        }

        private int NextReadAddress(int p)
        {
            if (p == Pointer(0, 0x0A)) return Pointer(0, 0x08); // ERXND -> ERXST
            return (p + 1) & 0x1FFF;
        }

        private sealed class ChipDelay : IDelay
        {
            private readonly Enc28j60Chip _chip;
            public ChipDelay(Enc28j60Chip chip) { _chip = chip; }
            public void SleepMs(int milliseconds) { _chip.ElapseMs(milliseconds); }
        }
    }
}
