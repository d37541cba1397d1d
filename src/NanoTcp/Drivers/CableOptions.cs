namespace NanoTcp.Drivers
{
    /// <summary>
    /// Faults and settings of an in-memory Cable. Rates are probabilities per frame (0..1),
    /// drawn from the cable's own seeded PRNG, so a run with the same seed and the same
    /// traffic is the same run. Fields may be changed while traffic flows (read per frame).
    /// </summary>
    public sealed class CableOptions
    {
        /// <summary>PRNG seed (xorshift32; 0 is replaced by 1).</summary>
        public int Seed = 1;
        /// <summary>Frames lost on the wire (the sender's Send still returns true).</summary>
        public double DropRate;
        /// <summary>Frames delivered twice.</summary>
        public double DuplicateRate;
        /// <summary>Frames held back ReorderDelayMs longer, so frames sent after them overtake them.</summary>
        public double ReorderRate;
        /// <summary>Frames with exactly one bit flipped somewhere in the frame.</summary>
        public double BitFlipRate;
        /// <summary>One-way delay on the virtual clock (Cable.SetTime) before a frame can be received.</summary>
        public int DelayMs;
        /// <summary>Extra delay of a reordered frame.</summary>
        public int ReorderDelayMs = 5;
        /// <summary>Largest frame carried (without FCS); longer sends are refused.</summary>
        public int MaxFrameLength = 1514;
        /// <summary>MAC addresses of the two ends (6 bytes each); defaults 02:00:00:00:00:0a and :0b.</summary>
        public byte[] MacA;
        public byte[] MacB;
    }
}
