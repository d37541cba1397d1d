namespace NanoTcp.Simulation.Enc28j60
{
    public sealed partial class Enc28j60Chip
    {
        // Register addresses and bits, written down here from DS Table 3-1/3-2 independently of
        // the driver's table, so a mistake in one does not hide in the other.
        internal const int EIE = 0x1B, EIR = 0x1C, ESTAT = 0x1D, ECON2 = 0x1E, ECON1 = 0x1F;
        internal const byte ECON1_TXRST = 0x80, ECON1_RXRST = 0x40, ECON1_TXRTS = 0x08, ECON1_RXEN = 0x04;
        internal const byte ECON2_AUTOINC = 0x80, ECON2_PKTDEC = 0x40;
        internal const byte EIR_PKTIF = 0x40, EIR_LINKIF = 0x10, EIR_TXIF = 0x08, EIR_TXERIF = 0x02, EIR_RXERIF = 0x01;
        internal const byte ESTAT_LATECOL = 0x10, ESTAT_TXABRT = 0x02, ESTAT_CLKRDY = 0x01;
        internal const int ERXFCON = 0x18, EPKTCNT = 0x19;                  // bank 1
        internal const int MACON1 = 0x00, MACON3 = 0x02, MICMD = 0x12, MIREGADR = 0x14;
        internal const int MIWRL = 0x16, MIWRH = 0x17, MIRDL = 0x18, MIRDH = 0x19, MAMXFLL = 0x0A;  // bank 2
        internal const int MISTAT = 0x0A, EREVID = 0x12;                    // bank 3
        internal const byte MISTAT_BUSY = 0x01;
        internal const byte MACON1_MARXEN = 0x01;
        internal const byte MACON3_PADCFG = 0xE0, MACON3_TXCRCEN = 0x10, MACON3_HFRMEN = 0x04, MACON3_FULDPX = 0x01;
        internal const byte EIE_INTIE = 0x80;

        private int CurrentBank { get { return _regs[ECON1] & 0x03; } }

        /// <summary>DS 3.1: 0x1B..0x1F are the same registers in every bank.</summary>
        private ref byte Reg(int bank, int address)
        {
            if (address >= 0x1B) return ref _regs[address];
            return ref _regs[bank * 32 + address];
        }

        /// <summary>DS Table 3-1: all of bank 2, MAADR1..6 and MISTAT in bank 3 are MAC/MII registers.</summary>
        private static bool IsMacOrMii(int bank, int address)
        {
            if (address >= 0x1B) return false;
            return bank == 2 || (bank == 3 && (address <= 0x05 || address == MISTAT));
        }

        private int Pointer(int bank, int lowAddress)
        {
            return (Reg(bank, lowAddress) | (Reg(bank, lowAddress + 1) << 8)) & 0x1FFF;
        }

        private void SetPointer(int bank, int lowAddress, int value)
        {
            Reg(bank, lowAddress) = (byte)value;
            Reg(bank, lowAddress + 1) = (byte)((value >> 8) & 0x1F);
        }

        private byte ReadRegisterValue(int bank, int address)
        {
            if (bank == 0 && address == 0x0E) return (byte)_rxWritePtr;        // ERXWRPTL (read-only)
            if (bank == 0 && address == 0x0F) return (byte)(_rxWritePtr >> 8); // ERXWRPTH
            if (address == 0x1A) return 0;                                      // reserved
            if (address == ESTAT)
            {
                // DS Register 12-2: CLKRDY once the start-up timer expired; INT mirrors the INT pin.
                byte estat = _regs[ESTAT];
                if (_nowNs >= _readyAtNs) estat |= ESTAT_CLKRDY;
                if (InterruptAsserted) estat |= 0x80;
                return estat;
            }
            return Reg(bank, address);
        }

        private void WriteControl(int address, byte[] write, int writeOffset, int count)
        {
            // DS 4.2.3: WCR carries one data byte; CS must rise to end it.
            if (count != 2) ProtocolViolations++;
            if (count < 2) return;
            WriteRegister(CurrentBank, address, write[writeOffset + 1]);
        }

        private void BitField(int address, byte[] write, int writeOffset, int count, bool set)
        {
            if (count != 2) ProtocolViolations++;
            if (count < 2) return;
            int bank = CurrentBank;
            // DS 4.2.5/4.2.6: BFS and BFC work on ETH registers only.
            if (IsMacOrMii(bank, address)) { ProtocolViolations++; return; }
            byte mask = write[writeOffset + 1];
            byte old = ReadRegisterValue(bank, address);
            WriteRegister(bank, address, (byte)(set ? old | mask : old & ~mask));
        }

        private void WriteRegister(int bank, int address, byte value)
        {
            switch (address)
            {
                case ECON1: WriteEcon1(value); return;
                case ECON2:
                    // DS Register 3-2 / 7.2.4: PKTDEC decrements EPKTCNT and always reads 0.
                    if ((value & ECON2_PKTDEC) != 0) DecrementPacketCount();
                    _regs[ECON2] = (byte)(value & ~ECON2_PKTDEC);
                    return;
                case ESTAT:
                    // DS Register 12-2: only TXABRT, LATECOL and BUFER can be cleared; the rest is read-only.
                    _regs[ESTAT] = (byte)((_regs[ESTAT] & ~0x52) | (value & _regs[ESTAT] & 0x52));
                    return;
                case EIR: _regs[EIR] = value; return;
                case EIE: _regs[EIE] = value; return;
            }
            if (bank == 0) { WriteBank0(address, value); return; }
            if (bank == 1 && address == EPKTCNT) { ProtocolViolations++; return; } // read-only
            if (bank == 2) { WriteBank2(address, value); return; }
            if (bank == 3 && (address == MISTAT || address == EREVID)) return;     // read-only
            Reg(bank, address) = value;
        }

        private void WriteEcon1(byte value)
        {
            byte old = _regs[ECON1];
            _regs[ECON1] = value;
            if ((value & ECON1_TXRST) != 0)
            {
                // DS 11.3: transmit logic held in reset; a pending request is dropped. Errata 12:
                // toggling TXRST is what frees a stalled transmit logic.
                _regs[ECON1] &= unchecked((byte)~ECON1_TXRTS);
                CancelTransmission();
                _txStalled = false;
                return;
            }
            if ((old & ECON1_TXRTS) != 0 && (value & ECON1_TXRTS) == 0 && _txOnWire)
            {
                // DS 7.1: clearing TXRTS while a frame is being sent aborts it.
                CancelTransmission();
                return;
            }
            if ((value & ECON1_TXRTS) != 0 && (old & ECON1_TXRTS) == 0) Transmit();
        }

        private void WriteBank0(int address, byte value)
        {
            if (address == 0x0E || address == 0x0F) { ProtocolViolations++; return; } // ERXWRPT is read-only
            if (address >= 0x08 && address <= 0x0B)
            {
                // DS 3.2.1: ERXST/ERXND must not change while RXEN is set.
                if ((_regs[ECON1] & ECON1_RXEN) != 0) { ProtocolViolations++; return; }
                Reg(0, address) = value;
                // DS 6.1: writing ERXST moves the hardware write pointer to ERXST. Errata
                // (rev. B7, "ERXST"): writing ERXST or ERXND may load exactly 0000h instead.
                // We always do the latter, so a driver that puts the ring elsewhere fails.
                _rxWritePtr = 0x0000;
                return;
            }
            if (address == 0x0C) { _erxrdptLowBuffer = value; return; }
            if (address == 0x0D)
            {
                // DS 7.2.4: writing ERXRDPTH loads the buffered low byte at the same time.
                Reg(0, 0x0C) = (byte)_erxrdptLowBuffer;
                Reg(0, 0x0D) = (byte)(value & 0x1F);
                return;
            }
            // Pointers are 13 bits; the high bytes keep bits 0..4.
            Reg(0, address) = (address & 1) != 0 && address <= 0x17 ? (byte)(value & 0x1F) : value;
        }

        private void WriteBank2(int address, byte value)
        {
            Reg(2, address) = value;
            if (address == MICMD && (value & 0x01) != 0)
            {
                // DS 3.3.1: MIIRD copies the PHY register into MIRD and sets MISTAT.BUSY for 10.24 us.
                int phy = Reg(2, MIREGADR) & 0x1F;
                int v = ReadPhyRegister(phy);
                Reg(2, MIRDL) = (byte)v;
                Reg(2, MIRDH) = (byte)(v >> 8);
                StartMiiBusy();
                if (phy == _linkFlipAfterRead)
                {
                    _linkFlipAfterRead = -1;
                    SetLink(_linkFlipTo);
                }
            }
            else if (address == MIWRH)
            {
                // DS 3.3.2: writing MIWRH starts the PHY write.
                WritePhyRegister(Reg(2, MIREGADR) & 0x1F, Reg(2, MIWRL) | (value << 8));
                StartMiiBusy();
            }
        }

        private void StartMiiBusy()
        {
            Reg(3, MISTAT) |= MISTAT_BUSY;
            _miiBusyTransactions = 2; // this transaction and the next one
        }

        private void DecrementPacketCount()
        {
            byte count = Reg(1, EPKTCNT);
            if (count == 0) { ProtocolViolations++; return; }
            count--;
            Reg(1, EPKTCNT) = count;
            if (count == 0) _regs[EIR] &= unchecked((byte)~EIR_PKTIF); // DS 7.2.4
        }

        /// <summary>DS 11.2 (SRC) and Table 3-2 reset values; the start-up time begins again.</summary>
        private void SoftReset()
        {
            SoftResets++;
            CancelTransmission();
            _rxInFlight = false;
            _txStalled = false;
            _clockReadyLies = true;
            ResetControlRegisters();
            // Errata: wait at least 1 ms after SRC; CLKRDY is not cleared meanwhile.
            _readyAtNs = _nowNs + 1_000_000L;
            _regs[ESTAT] = ESTAT_CLKRDY;
        }

        private void PowerOnReset()
        {
            CancelTransmission();
            _rxInFlight = false;
            _txStalled = false;
            ResetControlRegisters();
            ResetPhy();
            _regs[ESTAT] = ESTAT_CLKRDY;
            _readyAtNs = 0;
        }

        private void ResetControlRegisters()
        {
            System.Array.Clear(_regs, 0, _regs.Length);
            _regs[ECON2] = ECON2_AUTOINC;
            SetPointer(0, 0x00, 0x05FA); // ERDPT
            SetPointer(0, 0x08, 0x05FA); // ERXST
            SetPointer(0, 0x0A, 0x1FFF); // ERXND
            SetPointer(0, 0x0C, 0x05FA); // ERXRDPT
            _erxrdptLowBuffer = 0xFA;
            _rxWritePtr = 0x0000;
            Reg(1, ERXFCON) = 0xA1;      // UCEN | CRCEN | BCEN
            Reg(2, 0x08) = 0x0F;         // MACLCON1
            Reg(2, 0x09) = 0x37;         // MACLCON2
            Reg(2, MAMXFLL) = 0x00;      // MAMXFL = 0600h
            Reg(2, MAMXFLL + 1) = 0x06;
            Reg(3, EREVID) = RevisionB7;
            _miiBusyTransactions = 0;
        }
    }
}
