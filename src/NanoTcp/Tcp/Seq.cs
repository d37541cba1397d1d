namespace NanoTcp.Tcp
{
    /// <summary>
    /// Sequence-number arithmetic modulo 2^32 (RFC 9293 3.4). Sequence numbers are plain
    /// uints, and are compared ONLY through these helpers, never with a raw &lt; or &gt;:
    /// a &lt; b when the signed 32-bit distance a - b is negative. Valid while the two
    /// numbers are less than 2^31 apart, which TCP windows guarantee.
    /// </summary>
    public static class Seq
    {
        public static bool Lt(uint a, uint b) { return (int)(a - b) < 0; }
        public static bool Le(uint a, uint b) { return (int)(a - b) <= 0; }
        public static bool Gt(uint a, uint b) { return (int)(a - b) > 0; }
        public static bool Ge(uint a, uint b) { return (int)(a - b) >= 0; }

        /// <summary>Signed distance from b to a (a - b).</summary>
        public static int Diff(uint a, uint b) { return (int)(a - b); }

        /// <summary>start &lt;= x &lt; start + length, wrap-safe. length 0 contains nothing.</summary>
        public static bool InWindow(uint x, uint start, uint length)
        {
            return x - start < length;
        }

        public static uint Max(uint a, uint b) { return Gt(a, b) ? a : b; }
        public static uint Min(uint a, uint b) { return Lt(a, b) ? a : b; }
    }
}
