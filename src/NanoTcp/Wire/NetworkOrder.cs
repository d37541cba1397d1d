namespace NanoTcp.Wire
{
    /// <summary>
    /// Big-endian ("network order", RFC 1700) reads and writes on byte[] at an offset.
    /// The one place the stack converts multi-byte fields. Callers check bounds first:
    /// these helpers trust the offset they are given (see Wire/README.md, "two views").
    /// </summary>
    public static class NetworkOrder
    {
        public static ushort ReadUInt16(byte[] b, int offset)
        {
            return (ushort)((b[offset] << 8) | b[offset + 1]);
        }

        public static uint ReadUInt32(byte[] b, int offset)
        {
            return ((uint)b[offset] << 24) | ((uint)b[offset + 1] << 16) | ((uint)b[offset + 2] << 8) | b[offset + 3];
        }

        public static void WriteUInt16(byte[] b, int offset, int value)
        {
            b[offset] = (byte)(value >> 8);
            b[offset + 1] = (byte)value;
        }

        public static void WriteUInt32(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)(value >> 24);
            b[offset + 1] = (byte)(value >> 16);
            b[offset + 2] = (byte)(value >> 8);
            b[offset + 3] = (byte)value;
        }
    }
}
