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

        /// <summary>Times the chip was configured again after a reset, brown-out or lost configuration was found.</summary>
        public long ChipReinitializations;

        /// <summary>Times the driver's view of the chip was corrected without a reset (a lost bank select, a stale read pointer).</summary>
        public long Resyncs;

        /// <summary>Times the receive logic was reset because the ring could not be followed (frames in it are lost).</summary>
        public long ReceiverResets;

        /// <summary>Times a transmitter that never finished was reset (ENC28J60 errata 12, W5500 SEND that never completes).</summary>
        public long TransmitResets;

        /// <summary>Frames sent again after a late collision (ENC28J60 errata 13).</summary>
        public long Retransmissions;

        /// <summary>Status polls spent waiting for the previous frame to leave the wire.</summary>
        public long TransmitWaitPolls;

        /// <summary>Link up/down changes seen.</summary>
        public long LinkChanges;

        /// <summary>Sets every counter to zero (benchmarks measure from a clean start).</summary>
        public void Reset()
        {
            SpiTransactions = 0;
            SpiBytes = 0;
            FramesIn = 0;
            FramesOut = 0;
            Drops = 0;
            Errors = 0;
            ChipReinitializations = 0;
            Resyncs = 0;
            ReceiverResets = 0;
            TransmitResets = 0;
            Retransmissions = 0;
            TransmitWaitPolls = 0;
            LinkChanges = 0;
        }
    }
}
