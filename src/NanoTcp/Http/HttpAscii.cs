namespace NanoTcp.Http
{
    /// <summary>
    /// Byte-level ASCII helpers for HTTP/1.1 (RFC 9110, RFC 9112): named bytes, the token
    /// character class, case-insensitive comparison of a buffer range with a constant, and
    /// writers that put decimal and hex numbers and dotted IPv4 addresses into a byte[]
    /// without creating a string. Nothing here allocates.
    /// </summary>
    public static class HttpAscii
    {
        public const byte ByteCR = (byte)'\r';
        public const byte ByteLF = (byte)'\n';
        public const byte ByteSpace = (byte)' ';
        public const byte ByteTab = (byte)'\t';
        public const byte ByteColon = (byte)':';
        public const byte ByteSlash = (byte)'/';
        public const byte ByteQuestion = (byte)'?';
        public const byte ByteComma = (byte)',';

        /// <summary>RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." /
        /// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.</summary>
        public static bool IsTokenChar(byte c)
        {
            if (c >= (byte)'a' && c <= (byte)'z') return true;
            if (c >= (byte)'A' && c <= (byte)'Z') return true;
            if (c >= (byte)'0' && c <= (byte)'9') return true;
            switch (c)
            {
                case (byte)'!': case (byte)'#': case (byte)'$': case (byte)'%': case (byte)'&':
                case (byte)'\'': case (byte)'*': case (byte)'+': case (byte)'-': case (byte)'.':
                case (byte)'^': case (byte)'_': case (byte)'`': case (byte)'|': case (byte)'~':
                    return true;
                default:
                    return false;
            }
        }

        public static byte ToLower(byte c)
        {
            return c >= (byte)'A' && c <= (byte)'Z' ? (byte)(c + 32) : c;
        }

        /// <summary>True when b[offset..offset+length) equals the lower-case constant, ignoring ASCII case.</summary>
        public static bool EqualsIgnoreCase(byte[] b, int offset, int length, byte[] lowerConstant)
        {
            if (length != lowerConstant.Length) return false;
            for (int i = 0; i < length; i++)
            {
                if (ToLower(b[offset + i]) != lowerConstant[i]) return false;
            }
            return true;
        }

        /// <summary>True when b[offset..offset+length) equals the constant byte for byte (case matters).</summary>
        public static bool EqualsExact(byte[] b, int offset, int length, byte[] constant)
        {
            if (length != constant.Length) return false;
            for (int i = 0; i < length; i++)
            {
                if (b[offset + i] != constant[i]) return false;
            }
            return true;
        }

        /// <summary>True when the constant is a prefix of b[offset..offset+length).</summary>
        public static bool StartsWith(byte[] b, int offset, int length, byte[] constant)
        {
            if (length < constant.Length) return false;
            for (int i = 0; i < constant.Length; i++)
            {
                if (b[offset + i] != constant[i]) return false;
            }
            return true;
        }

        /// <summary>ASCII bytes of a configuration-time string (route paths, header names).
        /// Start-up only: this allocates. Throws when the text is not printable ASCII.</summary>
        public static byte[] Bytes(string text)
        {
            if (text == null) throw new System.ArgumentNullException("text", "Give ASCII text such as \"/status\".");
            byte[] b = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < ' ' || c > '~')
                    throw new System.ArgumentException("'" + text + "' must be printable ASCII (HTTP/1.1 routes and headers are ASCII).", "text");
                b[i] = (byte)c;
            }
            return b;
        }

        /// <summary>ASCII bytes of a protocol literal that may hold CR LF (start-up only: allocates).</summary>
        public static byte[] Literal(string text)
        {
            byte[] b = new byte[text.Length];
            for (int i = 0; i < text.Length; i++) b[i] = (byte)text[i];
            return b;
        }

        /// <summary>Copies the characters of an ASCII string constant; returns bytes written or -1
        /// when they do not fit. Reading a string's characters allocates nothing.</summary>
        public static int WriteAscii(byte[] b, int offset, int end, string text)
        {
            int n = text.Length;
            if (n > end - offset) return -1;
            for (int i = 0; i < n; i++) b[offset + i] = (byte)text[i];
            return n;
        }

        /// <summary>Writes a non-negative or negative decimal number; returns bytes written or -1.</summary>
        public static int WriteDecimal(byte[] b, int offset, int end, long value)
        {
            int start = offset;
            if (value < 0)
            {
                if (offset >= end) return -1;
                b[offset++] = (byte)'-';
                if (value == long.MinValue) return -1; // not representable after negation; never a length or counter
                value = -value;
            }
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) digits++;
            if (digits > end - offset) return -1;
            for (int i = digits - 1; i >= 0; i--)
            {
                b[offset + i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            return offset + digits - start;
        }

        /// <summary>Writes a 32-bit value as decimal (for sequence numbers, which are unsigned).</summary>
        public static int WriteUnsigned(byte[] b, int offset, int end, uint value)
        {
            return WriteDecimal(b, offset, end, (long)value);
        }

        /// <summary>Writes byte as two lower-case hex digits; returns 2 or -1.</summary>
        public static int WriteHexByte(byte[] b, int offset, int end, int value)
        {
            if (end - offset < 2) return -1;
            b[offset] = HexDigit((value >> 4) & 0xF);
            b[offset + 1] = HexDigit(value & 0xF);
            return 2;
        }

        /// <summary>Writes a host-order IPv4 address as dotted decimal; returns bytes written or -1.</summary>
        public static int WriteIpv4(byte[] b, int offset, int end, uint address)
        {
            int p = offset;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                int n = WriteDecimal(b, p, end, (address >> shift) & 0xFF);
                if (n < 0) return -1;
                p += n;
                if (shift > 0)
                {
                    if (p >= end) return -1;
                    b[p++] = (byte)'.';
                }
            }
            return p - offset;
        }

        /// <summary>Writes a MAC address as aa:bb:cc:dd:ee:ff; returns bytes written or -1.</summary>
        public static int WriteMac(byte[] b, int offset, int end, byte[] mac, int macOffset)
        {
            if (end - offset < 17) return -1;
            int p = offset;
            for (int i = 0; i < 6; i++)
            {
                if (i > 0) b[p++] = (byte)':';
                WriteHexByte(b, p, end, mac[macOffset + i]);
                p += 2;
            }
            return 17;
        }

        private static byte HexDigit(int v)
        {
            return (byte)(v < 10 ? '0' + v : 'a' + v - 10);
        }
    }
}
