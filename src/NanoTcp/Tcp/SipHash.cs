using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): the
    /// keyed hash behind the RFC 6528 ISN function and the RFC 6056 port choice. Portable
    /// (ulong arithmetic only), no allocation. Output is the 64-bit value whose
    /// little-endian bytes are the reference implementation's output bytes.
    /// </summary>
    public static class SipHash
    {
        /// <summary>Reads a 16-byte key (k0 = bytes 0..7, k1 = bytes 8..15, little-endian).</summary>
        public static void ReadKey(byte[] key, int offset, out ulong k0, out ulong k1)
        {
            if (key == null || offset < 0 || offset > key.Length - 16)
                throw new ArgumentException("A SipHash key is 16 bytes: pass a secret of at least 16 bytes.", "key");
            k0 = ReadLittleEndian64(key, offset, 8);
            k1 = ReadLittleEndian64(key, offset + 8, 8);
        }

        /// <summary>SipHash-2-4 of data[offset .. offset + length) under the key (k0, k1).</summary>
        public static ulong Compute(ulong k0, ulong k1, byte[] data, int offset, int length)
        {
            if (data == null) throw new ArgumentNullException("data", "data must not be null.");
            if (offset < 0 || length < 0 || offset > data.Length - length)
                throw new ArgumentOutOfRangeException("length", "offset and length must lie inside data.");

            ulong v0 = k0 ^ 0x736f6d6570736575UL;
            ulong v1 = k1 ^ 0x646f72616e646f6dUL;
            ulong v2 = k0 ^ 0x6c7967656e657261UL;
            ulong v3 = k1 ^ 0x7465646279746573UL;

            int whole = length & ~7;
            for (int i = 0; i < whole; i += 8)
            {
                ulong m = ReadLittleEndian64(data, offset + i, 8);
                v3 ^= m;
                Rounds(ref v0, ref v1, ref v2, ref v3, 2);  // c = 2 compression rounds
                v0 ^= m;
            }

            // Last block: the remaining 0..7 bytes, and length mod 256 in the top byte.
            ulong last = ((ulong)(length & 0xFF) << 56) | ReadLittleEndian64(data, offset + whole, length - whole);
            v3 ^= last;
            Rounds(ref v0, ref v1, ref v2, ref v3, 2);
            v0 ^= last;

            v2 ^= 0xFF;
            Rounds(ref v0, ref v1, ref v2, ref v3, 4);      // d = 4 finalization rounds
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private static void Rounds(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3, int count)
        {
            for (int r = 0; r < count; r++)
            {
                v0 += v1; v1 = Rotl(v1, 13); v1 ^= v0; v0 = Rotl(v0, 32);
                v2 += v3; v3 = Rotl(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Rotl(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Rotl(v1, 17); v1 ^= v2; v2 = Rotl(v2, 32);
            }
        }

        private static ulong Rotl(ulong x, int b) { return (x << b) | (x >> (64 - b)); }

        private static ulong ReadLittleEndian64(byte[] data, int offset, int count)
        {
            ulong value = 0;
            for (int i = count - 1; i >= 0; i--) value = (value << 8) | data[offset + i];
            return value;
        }
    }
}
