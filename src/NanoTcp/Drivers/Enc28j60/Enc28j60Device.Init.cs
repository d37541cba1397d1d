using System;
using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    public sealed partial class Enc28j60Device
    {
        /// <summary>How many times ESTAT.CLKRDY is polled (1 ms apart) before giving up.</summary>
        private const int ClockReadyPolls = 50;

        /// <summary>
        /// Resets the chip and configures it for full duplex reception and transmission.
        /// Throws InvalidOperationException naming the likely wiring fault when the chip does not
        /// answer. Bounded: at most about 50 ms of waiting.
        /// </summary>
        public void Initialize()
        {
            _initialized = false;
            if (_reset != null)
            {
                // DS 2.2: RESET low for at least 400 ns; then the oscillator start-up timer runs.
                _reset.Write(false);
                Sleep(1);
                _reset.Write(true);
                Sleep(1);
            }

            // DS 4.2.7: SRC is the single byte 0xFF.
            _cmd[0] = R.OpSoftReset;
            Transfer(_cmd, _resp, 1);
            // Errata DS80349 (item 1/2 depending on revision): after SRC, CLKRDY is not cleared
            // and may be read as set too early; wait at least 1 ms before trusting it. Linux waits 2.
            Sleep(2);
            _bank = 0; // SRC resets ECON1, so BSEL = 0 (DS Table 3-2 reset values)

            WaitForClockReady();
            CheckRegisterWriteReadback();

            _revision = ReadRegister(R.EREVID);
            if (_revision == 0x00 || _revision == 0xFF)
                throw new InvalidOperationException("ENC28J60: EREVID reads 0x" + _revision.ToString("X2") +
                    "; no plausible chip revision. Check power (the chip draws up to 180 mA), MISO and chip select.");

            // DS 3.2.3: AUTOINC so RBM/WBM stream through the buffer.
            WriteRegister(R.ECON2, R.ECON2_AUTOINC);
            ConfigureBuffers();
            ConfigureMac();
            ConfigurePhy();

            // Clear stale flags, then enable reception (DS 7.2.1).
            ClearBits(R.EIR, R.EIR_PKTIF | R.EIR_DMAIF | R.EIR_LINKIF | R.EIR_TXIF | R.EIR_TXERIF | R.EIR_RXERIF);
            SetBits(R.ECON1, R.ECON1_RXEN);

            _linkUp = (ReadPhy(R.PHSTAT2) & R.PHSTAT2_LSTAT) != 0;
            ReadPhy(R.PHIR); // clears a link-change flag latched during set-up
            _eirReadSinceLinkQuery = false;
            _initialized = true;
        }

        private void WaitForClockReady()
        {
            int estat = 0;
            bool sawOnlyOnes = true, sawOnlyZeros = true;
            for (int attempt = 0; attempt < ClockReadyPolls; attempt++)
            {
                estat = ReadRegister(R.ESTAT);
                if (estat != 0xFF) sawOnlyOnes = false;
                if (estat != 0x00) sawOnlyZeros = false;
                // DS Register 12-2: bit 3 is unimplemented and reads 0, so only a chip that
                // answers can produce CLKRDY with bit 3 clear.
                if ((estat & R.ESTAT_CLKRDY) != 0 && (estat & R.ESTAT_UNIMPLEMENTED_BIT3) == 0) return;
                Sleep(1);
            }
            if (sawOnlyOnes)
                throw new InvalidOperationException("ENC28J60 does not answer: MISO reads all ones (0xFF). " +
                    "Check the MISO (SO) wire, chip select (CS) and the chip's 3.3 V supply.");
            if (sawOnlyZeros)
                throw new InvalidOperationException("ENC28J60 does not answer: MISO reads all zeros (0x00). " +
                    "Check the SCK and MISO wires, that the chip is powered and its 25 MHz crystal runs, " +
                    "and pass an IDelay so the driver can wait for the clock after reset.");
            throw new InvalidOperationException("ENC28J60: ESTAT.CLKRDY never set (last ESTAT 0x" + estat.ToString("X2") +
                "). Check the 25 MHz crystal and the SPI mode (mode 0).");
        }

        /// <summary>Writes two pointer registers and reads them back: catches a dead MOSI/SCK.</summary>
        private void CheckRegisterWriteReadback()
        {
            const int probe = 0x15A6; // arbitrary 13-bit value with both bit patterns
            WritePointer(R.ERXNDL, probe);
            int back = ReadPointer(R.ERXNDL);
            if (back != probe)
                throw new InvalidOperationException("ENC28J60: a register write did not read back (wrote 0x" +
                    probe.ToString("X4") + ", read 0x" + back.ToString("X4") + "). Check the MOSI (SI) and SCK wires, " +
                    "SPI mode 0, and the SPI clock (at most 20 MHz; at least 8 MHz on rev. B1..B4, errata).");
        }

        private void ConfigureBuffers()
        {
            // DS 6.1: receive ring bounds (RXEN is still clear, so they may be written).
            WritePointer(R.ERXSTL, RxStart);
            WritePointer(R.ERXNDL, RxEnd);
            // Errata DS80349 item 14: ERXRDPT must be odd; with the next packet at ERXST the
            // free pointer is ERXND.
            WritePointer(R.ERXRDPTL, RxEnd);
            WritePointer(R.ERDPTL, RxStart);
            WritePointer(R.ETXSTL, TxStart);
            WritePointer(R.ETXNDL, TxStart);
            WritePointer(R.EWRPTL, TxStart);
            ResetReceiveState();
            _txEwrpt = TxStart;
            _txEtxnd = TxStart;
            _txInFlight = false;
            _txRetries = 0;
            _txBusyPolls = 0;
        }

        private void ConfigureMac()
        {
            // DS 8.1: unicast to MAADR or broadcast, and only with a valid CRC (the reset value).
            WriteRegister(R.ERXFCON, R.ERXFCON_UCEN | R.ERXFCON_CRCEN | R.ERXFCON_BCEN);
            // DS 6.5: MAC receive enable with pause frames; pad to 60 + CRC; length check; full duplex.
            WriteRegister(R.MACON1, R.MACON1_MARXEN | R.MACON1_TXPAUS | R.MACON1_RXPAUS);
            WriteRegister(R.MACON3, R.MACON3_PADCFG0 | R.MACON3_TXCRCEN | R.MACON3_FRMLNEN | R.MACON3_FULDPX);
            WriteRegister(R.MACON4, 0);
            WriteRegister(R.MAMXFLL, MaxFrameWithFcs & 0xFF);
            WriteRegister(R.MAMXFLH, MaxFrameWithFcs >> 8);
            WriteRegister(R.MABBIPG, 0x15); // DS 6.5 step 6: 15h in full duplex (9.6 us)
            WriteRegister(R.MAIPGL, 0x12);  // DS 6.5 step 7
            // DS Table 3-1: MAADR1 (first byte on the wire) sits at bank 3 address 04h, MAADR2 at
            // 05h, MAADR3 at 02h, MAADR4 at 03h, MAADR5 at 00h, MAADR6 at 01h.
            WriteRegister(R.MAADR1, _mac[0]);
            WriteRegister(R.MAADR2, _mac[1]);
            WriteRegister(R.MAADR3, _mac[2]);
            WriteRegister(R.MAADR4, _mac[3]);
            WriteRegister(R.MAADR5, _mac[4]);
            WriteRegister(R.MAADR6, _mac[5]);
        }

        private void ConfigurePhy()
        {
            // DS 6.6: the PHY has no autonegotiation; full duplex needs PHCON1.PDPXMD to match
            // MACON3.FULDPX. PHCON2.HDLDIS stops half-duplex loopback of our own frames.
            WritePhy(R.PHCON1, R.PHCON1_PDPXMD);
            WritePhy(R.PHCON2, R.PHCON2_HDLDIS);
            // DS 12.1.5: link changes latch PHIR.PLNKIF and, with PGEIE, EIR.LINKIF.
            WritePhy(R.PHIE, R.PHIE_PGEIE | R.PHIE_PLNKIE);
        }
    }
}
