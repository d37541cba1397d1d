using NanoTcp.Drivers;

namespace NanoTcp.Simulation.Enc28j60
{
    // Pins and power: RESET, INT, brown-outs.
    public sealed partial class Enc28j60Chip
    {
        /// <summary>DS 2.2: the oscillator start-up timer holds the chip for 300 us after a reset.</summary>
        private const long OscillatorStartUpNs = 300_000;

        private bool _inHardwareReset;
        private int _brownOutLeft;
        private InterruptLine _interruptLine;
        private ResetLine _resetLine;

        /// <summary>Power-on resets so far: brown-outs and RESET pulses (SRC not counted).</summary>
        public long PowerOnResets { get; private set; }

        /// <summary>SRC soft resets executed.</summary>
        public long SoftResets { get; private set; }

        /// <summary>
        /// The INT output (DS 12.0: active low). It is driven low while EIE.INTIE is set and an
        /// enabled flag is set in EIR (PKTIF, DMAIF, LINKIF, TXIF, TXERIF, RXERIF); Read() is
        /// true while the line is high.
        /// </summary>
        public IInputPin InterruptPin => _interruptLine ??= new InterruptLine(this);

        /// <summary>The RESET input (DS 2.2: active low). Low holds the chip in reset; high
        /// releases it into the reset state, ready after the oscillator start-up time.</summary>
        public IOutputPin ResetPin => _resetLine ??= new ResetLine(this);

        /// <summary>True while INT is driven low.</summary>
        public bool InterruptAsserted
        {
            get
            {
                if (!Powered) return false;
                byte eie = _regs[EIE];
                return (eie & EIE_INTIE) != 0 && (_regs[EIR] & eie & 0x7B) != 0;
            }
        }

        /// <summary>
        /// The supply sags below the brown-out level (the chip draws up to 180 mA, DS 16.0):
        /// for the next <paramref name="garbledTransactions"/> SPI transactions the chip does not
        /// answer (MISO reads all ones, writes are lost), then it comes back in its power-on
        /// state: registers at their reset values, receiver off, the 300 us start-up time.
        /// </summary>
        public void BrownOut(int garbledTransactions)
        {
            if (garbledTransactions < 1) throw new System.ArgumentOutOfRangeException(nameof(garbledTransactions), "Pass at least 1 transaction during which the chip is unpowered.");
            _brownOutLeft = garbledTransactions;
            CancelTransmission();
            _rxInFlight = false;
        }

        private bool Powered => !_inHardwareReset && _brownOutLeft == 0;

        /// <summary>A transaction while unpowered or held in reset: SO floats (reads all ones here).</summary>
        private bool UnpoweredTransaction(byte[] read, int readOffset, int count)
        {
            if (Powered) return false;
            for (int i = 0; i < count; i++) read[readOffset + i] = 0xFF;
            if (_brownOutLeft > 0 && --_brownOutLeft == 0) RestartAfterPowerLoss();
            return true;
        }

        private void RestartAfterPowerLoss()
        {
            PowerOnResets++;
            PowerOnReset();
            _regs[ESTAT] = 0; // CLKRDY clear until the start-up timer expires (only SRC leaves it set: errata)
            _clockReadyLies = false;
            _readyAtNs = _nowNs + OscillatorStartUpNs;
        }

        private sealed class InterruptLine : IInputPin
        {
            private readonly Enc28j60Chip _chip;
            public InterruptLine(Enc28j60Chip chip) { _chip = chip; }
            public bool Read() { return !_chip.InterruptAsserted; }
        }

        private sealed class ResetLine : IOutputPin
        {
            private readonly Enc28j60Chip _chip;
            public ResetLine(Enc28j60Chip chip) { _chip = chip; }

            public void Write(bool high)
            {
                if (!high)
                {
                    _chip._inHardwareReset = true;
                    _chip.CancelTransmission();
                    _chip._rxInFlight = false;
                }
                else if (_chip._inHardwareReset)
                {
                    _chip._inHardwareReset = false;
                    _chip.RestartAfterPowerLoss();
                }
            }
        }
    }
}
