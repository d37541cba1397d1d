using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    // Finding out that the chip or the bus went wrong, and coming back.
    public sealed partial class Enc28j60Device
    {
        /// <summary>An idle receiver checks ECON1 and EIR once per this many empty polls.</summary>
        private const int IdleCheckInterval = 8;
        /// <summary>The configuration audit runs once per this many Receive calls (busy or not)...</summary>
        private const int AuditInterval = 256;
        /// <summary>...and once per this many empty ones.</summary>
        private const int IdleAuditInterval = 64;
        /// <summary>After a failed recovery, polls before the next attempt (each attempt waits ~3 ms in IDelay).</summary>
        private const int RecoveryRetryPolls = 16;

        private const int Econ1Unexpected = R.ECON1_TXRST | R.ECON1_RXRST | R.ECON1_DMAST | R.ECON1_CSUMEN;

        private bool _recoveryPending;
        private int _recoveryWait;
        private int _idlePolls;
        private int _idleAudits;
        private int _pollsSinceAudit;

        /// <summary>
        /// Optional INT line (active low, DS 12.0). When it is low and no packet waits, the driver
        /// reads EIR at once (link change, overflow, transmit abort) so the line goes high again
        /// and a board loop that sleeps until INT does not spin. Without it those flags are seen
        /// within a few polls.
        /// </summary>
        public IInputPin InterruptPin { get; set; }

        /// <summary>True while the driver waits to configure the chip again (after a reset or a dead bus).</summary>
        public bool RecoveryPending { get { return _recoveryPending; } }

        /// <summary>
        /// RCR ECON1, which every transmit and every health check needs anyway, doubles as a check
        /// of the chip: the receiver must still be enabled (a reset or brown-out clears RXEN), the
        /// bank select must be the one cached (a lost BFS/BFC leaves it elsewhere), and the reset
        /// and DMA bits must be clear (a bus reading all ones sets them). One bad read is the bus;
        /// two agreeing bad reads are the chip. Returns ECON1, or -1 when a recovery is pending.
        /// </summary>
        private int ReadEcon1Checked()
        {
            int first = ReadRegister(R.ECON1);
            if (Econ1Healthy(first)) return first;
            int second = ReadRegister(R.ECON1);
            if (Econ1Healthy(second))
            {
                _counters.Errors++;
                return second;
            }
            if ((second & Econ1Unexpected) != 0 || (second & R.ECON1_RXEN) == 0)
            {
                // A dead bus, or a chip back from a reset with its receiver off: configure it again.
                _counters.Errors++;
                _recoveryPending = true;
                _recoveryWait = 0;
                TryRecoverChip();
                return -1;
            }
            // Only the bank differs: a bank select was lost. Take the chip's bank, and rewrite
            // what a write meant for bank 0 could have hit in bank 1 (EHT0..7, ERXFCON is not at
            // a bank-0 address we write).
            _counters.Errors++;
            _counters.Resyncs++;
            _bank = second & R.ECON1_BSEL;
            WriteHashTable();
            return second;
        }

        private bool Econ1Healthy(int econ1)
        {
            return (econ1 & Econ1Unexpected) == 0 && (econ1 & R.ECON1_RXEN) != 0 && (econ1 & R.ECON1_BSEL) == _bank;
        }

        /// <summary>
        /// The receive path found nothing waiting. Every few empty polls (or at once when INT is
        /// low) look at ECON1 and EIR: a lost bank select that made EPKTCNT read 0 for ever, a
        /// reset chip, a link change, an overflow, an abort. Now and then audit the configuration.
        /// </summary>
        private void IdleCheck()
        {
            IInputPin pin = InterruptPin;
            bool interrupt = pin != null && !pin.Read();
            if (!interrupt && ++_idlePolls < IdleCheckInterval && ++_pollsSinceAudit < AuditInterval) return;
            _idlePolls = 0;
            if (ReadEcon1Checked() < 0) return;
            int eir = ReadAndHandleEir();
            if ((eir & R.EIR_TXERIF) != 0 && _txInFlight && !_fullDuplex)
            {
                // A half-duplex abort with no Send to notice it: retransmit a late collision now
                // (errata 13), and clear TXERIF so INT goes high again.
                HandleTransmitAbort();
            }
            if (++_idleAudits >= IdleAuditInterval / IdleCheckInterval || _pollsSinceAudit >= AuditInterval)
            {
                _idleAudits = 0;
                _pollsSinceAudit = 0;
                AuditConfiguration();
            }
        }

        /// <summary>
        /// Reads back what a stray write (a flipped MOSI bit turns one register address into
        /// another) would most likely break: the receive filter, MACON1.MARXEN, MAMXFL and our
        /// MAC address. Any difference: configure the chip again.
        /// </summary>
        private void AuditConfiguration()
        {
            bool ok = ChipKeepsItsConfiguration()
                && ReadRegister(R.MACON1) == (R.MACON1_MARXEN | R.MACON1_TXPAUS | R.MACON1_RXPAUS)
                && ReadRegister(R.ERXFCON) == ExpectedReceiveFilter()
                && ReadRegister(R.MAADR1) == _mac[0] && ReadRegister(R.MAADR2) == _mac[1]
                && ReadRegister(R.MAADR3) == _mac[2] && ReadRegister(R.MAADR4) == _mac[3]
                && ReadRegister(R.MAADR5) == _mac[4] && ReadRegister(R.MAADR6) == _mac[5];
            if (!ok && !_recoveryPending)
            {
                _counters.Errors++;
                _recoveryPending = true;
                _recoveryWait = 0;
                TryRecoverChip();
            }
        }

        /// <summary>
        /// MAMXFL holds 1518 since we configured the chip; its reset value is 0600h (DS Table
        /// 3-2). Anything else means the chip lost its configuration: start a recovery.
        /// </summary>
        private bool ChipKeepsItsConfiguration()
        {
            if (ReadRegister(R.MAMXFLL) == (MaxFrameWithFcs & 0xFF)) return true;
            if (ReadRegister(R.MAMXFLL) == (MaxFrameWithFcs & 0xFF)) { _counters.Errors++; return true; }
            _counters.Errors++;
            _recoveryPending = true;
            _recoveryWait = 0;
            TryRecoverChip();
            return false;
        }

        /// <summary>An EPKTCNT larger than the ring can hold: check the chip, then resynchronise the ring.</summary>
        private void CheckChipAfterImplausibleRead()
        {
            _counters.Errors++;
            if (ReadEcon1Checked() < 0) return;
            RecoverReceiver();
        }

        /// <summary>
        /// Configures the chip again (soft reset and the whole set-up, about 3 ms of IDelay), at
        /// most once per <see cref="RecoveryRetryPolls"/> polls while the bus stays dead. Frames
        /// in the ring and a frame being sent are lost and counted. Never throws.
        /// </summary>
        private bool TryRecoverChip()
        {
            if (_recoveryWait > 0)
            {
                _recoveryWait--;
                return false;
            }
            if (_txInFlight) _counters.Drops++;
            int failure = ConfigureChip();
            if (failure != 0)
            {
                _counters.Errors++;
                _recoveryPending = true;
                _recoveryWait = RecoveryRetryPolls;
                return false;
            }
            _counters.ChipReinitializations++;
            return true;
        }
    }
}
