using System;
using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    public sealed partial class Enc28j60Device
    {
        /// <summary>How many times ESTAT.CLKRDY is polled (1 ms apart) before giving up.</summary>
        private const int ClockReadyPolls = 50;

        // Why configuring the chip failed (0 = it did not): Initialize turns these into messages.
        private const int FailMisoOnes = 1, FailMisoZeros = 2, FailNoClock = 3, FailReadback = 4, FailRevision = 5, FailMii = 6;

        private int _lastEstat, _lastReadback;
        private bool _miiFailed;

        /// <summary>
        /// Resets the chip and configures it (half duplex unless <see cref="FullDuplex"/>).
        /// Throws InvalidOperationException naming the likely wiring fault when the chip does not
        /// answer. Bounded: at most about 50 ms of waiting.
        /// </summary>
        public void Initialize()
        {
            _initialized = false;
            int failure = ConfigureChip();
            if (failure != 0) throw new InvalidOperationException(Describe(failure));
            _initialized = true;
        }

        /// <summary>
        /// Reset, check, configure: the whole bring-up, shared by <see cref="Initialize"/> and the
        /// recovery after a chip reset. Never throws; returns 0 or the reason it failed.
        /// </summary>
        private int ConfigureChip()
        {
            _miiFailed = false;
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

            int failure = WaitForClockReady();
            if (failure != 0) return failure;
            if (!RegisterWriteReadsBack()) return FailReadback;

            _revision = ReadRegister(R.EREVID);
            if (_revision == 0x00 || _revision == 0xFF) return FailRevision;

            // DS 3.2.3: AUTOINC so RBM/WBM stream through the buffer.
            WriteRegister(R.ECON2, R.ECON2_AUTOINC);
            ConfigureBuffers();
            ConfigureMac();
            ConfigurePhy();
            if (_miiFailed) return FailMii;

            // Clear stale flags, then enable reception (DS 7.2.1).
            ClearBits(R.EIR, R.EIR_PKTIF | R.EIR_DMAIF | R.EIR_LINKIF | R.EIR_TXIF | R.EIR_TXERIF | R.EIR_RXERIF);
            // DS 12.0: the INT pin goes low for a waiting packet, a link change, a receive
            // overflow and a transmit abort; a board app sleeps until it does. TXIF stays
            // masked: a finished frame needs no wake-up, and a set flag would hold INT low.
            WriteRegister(R.EIE, R.EIE_INTIE | R.EIE_PKTIE | R.EIE_LINKIE | R.EIE_TXERIE | R.EIE_RXERIE);
            SetBits(R.ECON1, R.ECON1_RXEN);

            // DS 12.1.5: clear the latched link change first, then read the link. A change after
            // the read latches PHIR/EIR.LINKIF again and is seen later; the other order (read,
            // then clear) would lose a link that comes up between the two.
            ReadPhy(R.PHIR);
            _linkUp = (ReadPhy(R.PHSTAT2) & R.PHSTAT2_LSTAT) != 0;
            if (_miiFailed) return FailMii;
            _eirReadSinceLinkQuery = false;
            _idlePolls = 0;
            _recoveryPending = false;
            return 0;
        }

        private string Describe(int failure)
        {
            switch (failure)
            {
                case FailMisoOnes:
                    return "ENC28J60 does not answer: MISO reads all ones (0xFF). " +
                        "Check the MISO (SO) wire, chip select (CS) and the chip's 3.3 V supply.";
                case FailMisoZeros:
                    return "ENC28J60 does not answer: MISO reads all zeros (0x00). " +
                        "Check the SCK and MISO wires, that the chip is powered and its 25 MHz crystal runs, " +
                        "and pass an IDelay so the driver can wait for the clock after reset.";
                case FailNoClock:
                    return "ENC28J60: ESTAT.CLKRDY never set (last ESTAT 0x" + _lastEstat.ToString("X2") +
                        "). Check the 25 MHz crystal and the SPI mode (mode 0).";
                case FailReadback:
                    return "ENC28J60: a register write did not read back (wrote 0x15A6, read 0x" + _lastReadback.ToString("X4") +
                        "). Check the MOSI (SI) and SCK wires, SPI mode 0, and the SPI clock " +
                        "(at most 20 MHz; at least 8 MHz on rev. B1..B4, errata).";
                case FailRevision:
                    return "ENC28J60: EREVID reads 0x" + _revision.ToString("X2") +
                        "; no plausible chip revision. Check power (the chip draws up to 180 mA), MISO and chip select.";
                default:
                    return "ENC28J60: the PHY (MII) stays busy; the chip is not working. Check its 25 MHz crystal and supply.";
            }
        }

        private int WaitForClockReady()
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
                if ((estat & R.ESTAT_CLKRDY) != 0 && (estat & R.ESTAT_UNIMPLEMENTED_BIT3) == 0) return 0;
                Sleep(1);
            }
            _lastEstat = estat;
            if (sawOnlyOnes) return FailMisoOnes;
            if (sawOnlyZeros) return FailMisoZeros;
            return FailNoClock;
        }

        /// <summary>Writes two pointer registers and reads them back: catches a dead MOSI/SCK.</summary>
        private bool RegisterWriteReadsBack()
        {
            const int probe = 0x15A6; // arbitrary 13-bit value with both bit patterns
            WritePointer(R.ERXNDL, probe);
            _lastReadback = ReadPointer(R.ERXNDL);
            return _lastReadback == probe;
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
        }

        private void ConfigureMac()
        {
            // DS 8.1: unicast to MAADR or broadcast, and only with a valid CRC (the reset value);
            // DS 8.4: the hash table too once a multicast group was added.
            WriteHashTable();
            WriteReceiveFilter();
            // DS 6.5: MAC receive enable with pause frames; pad to 60 + CRC; length check.
            WriteRegister(R.MACON1, R.MACON1_MARXEN | R.MACON1_TXPAUS | R.MACON1_RXPAUS);
            if (_fullDuplex)
            {
                // DS 6.5 steps 2, 6, 7: FULDPX; back-to-back gap 15h (9.6 us); MAIPGL 12h.
                WriteRegister(R.MACON3, R.MACON3_PADCFG0 | R.MACON3_TXCRCEN | R.MACON3_FRMLNEN | R.MACON3_FULDPX);
                WriteRegister(R.MACON4, 0);
                WriteRegister(R.MABBIPG, 0x15);
                WriteRegister(R.MAIPGL, 0x12);
            }
            else
            {
                // DS 6.5 steps 2, 3, 6, 7: half duplex; MACON4.DEFER (wait for the medium
                // instead of aborting on excessive deferral, IEEE 802.3 conformance); back-to-back
                // gap 12h; MAIPGL 12h and MAIPGH 0Ch. The same values Microchip's stack and Linux use.
                WriteRegister(R.MACON3, R.MACON3_PADCFG0 | R.MACON3_TXCRCEN | R.MACON3_FRMLNEN);
                WriteRegister(R.MACON4, R.MACON4_DEFER);
                WriteRegister(R.MABBIPG, 0x12);
                WriteRegister(R.MAIPGL, 0x12);
                WriteRegister(R.MAIPGH, 0x0C);
            }
            WriteRegister(R.MAMXFLL, MaxFrameWithFcs & 0xFF);
            WriteRegister(R.MAMXFLH, MaxFrameWithFcs >> 8);
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
            // DS 6.6: the PHY has no autonegotiation; PHCON1.PDPXMD must match MACON3.FULDPX.
            // PHCON2.HDLDIS stops the half-duplex loopback of our own frames.
            WritePhy(R.PHCON1, _fullDuplex ? R.PHCON1_PDPXMD : 0);
            WritePhy(R.PHCON2, R.PHCON2_HDLDIS);
            // DS 12.1.5: link changes latch PHIR.PLNKIF and, with PGEIE, EIR.LINKIF.
            WritePhy(R.PHIE, R.PHIE_PGEIE | R.PHIE_PLNKIE);
        }
    }
}
