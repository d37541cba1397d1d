namespace NanoTcp.Wire
{
    /// <summary>
    /// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement
    /// sum of the data taken as 16-bit big-endian words, an odd last byte padded with zero.
    /// Used by IPv4 (header), ICMP, UDP and TCP (with the RFC 793/9293 3.1 pseudo-header).
    /// Sums are kept in a uint and folded once at the end (RFC 1071 2(C), deferred carries).
    /// </summary>
    public static class Checksum
    {
        /// <summary>Adds bytes b[offset..offset+length) to a running 32-bit sum. A running
        /// sum must only be continued at an even byte position.</summary>
        public static uint Add(uint sum, byte[] b, int offset, int length)
        {
            int end = offset + length;
            int i = offset;
            // Two words per step: fewer loop trips on an interpreter (nanoFramework).
            int end4 = end - 3;
            while (i < end4)
            {
                sum += (uint)((b[i] << 8) | b[i + 1]) + (uint)((b[i + 2] << 8) | b[i + 3]);
                i += 4;
            }
            while (i + 1 < end)
            {
                sum += (uint)((b[i] << 8) | b[i + 1]);
                i += 2;
            }
            if (i < end)
            {
                sum += (uint)(b[i] << 8);
            }
            // Fold now and then so a long run can never overflow 32 bits.
            return (sum & 0xFFFF) + (sum >> 16);
        }

        /// <summary>Adds one 16-bit value to a running sum.</summary>
        public static uint AddWord(uint sum, int word)
        {
            return sum + (uint)(word & 0xFFFF);
        }

        /// <summary>Adds the IPv4 pseudo-header of RFC 9293 3.1 (source, destination, zero,
        /// protocol, TCP/UDP length) to a running sum.</summary>
        public static uint AddPseudoHeader(uint sum, uint sourceIp, uint destinationIp, byte protocol, int length)
        {
            sum += (sourceIp >> 16) + (sourceIp & 0xFFFF);
            sum += (destinationIp >> 16) + (destinationIp & 0xFFFF);
            sum += protocol;
            sum += (uint)(length & 0xFFFF);
            return sum;
        }

        /// <summary>Folds a running sum to 16 bits and complements it: the value to write.</summary>
        public static ushort Finish(uint sum)
        {
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        /// <summary>Checksum of one buffer range.</summary>
        public static ushort Compute(byte[] b, int offset, int length)
        {
            return Finish(Add(0, b, offset, length));
        }
    }
}
