namespace NanoTcp.Drivers
{
    /// <summary>
    /// What a chip driver did, for the status page, benchmarks and tests. Plain long fields so
    /// that counting never allocates. Shared by W5500Device and Enc28j60Device.
    /// </summary>
    public sealed class DriverCounters
    {
        /// <summary>SPI transactions (one chip-select assertion each).</summary>
        public long SpiTransactions;

        /// <summary>Bytes clocked over SPI in both directions of a full-duplex transfer, counted once.</summary>
        public long SpiBytes;

        /// <summary>Frames handed up to the stack.</summary>
        public long FramesIn;

        /// <summary>Frames handed to the chip for transmission.</summary>
        public long FramesOut;

        /// <summary>Frames lost: too big for the caller's buffer, transmitter busy, link down, chip overflow seen.</summary>
        public long Drops;

        /// <summary>Chip or bus errors: implausible lengths, inconsistent registers, recoveries.</summary>
        public long Errors;

        /// <summary>Sets every counter to zero (benchmarks measure from a clean start).</summary>
        public void Reset()
        {
            SpiTransactions = 0;
            SpiBytes = 0;
            FramesIn = 0;
            FramesOut = 0;
            Drops = 0;
            Errors = 0;
        }
    }
}
