namespace NanoTcp.Http
{
    /// <summary>
    /// Writes ASCII text and numbers into a byte[] range with one bound check per call, for
    /// body sources that build their pieces item by item: Begin marks where an item starts,
    /// and when any write does not fit, Failed is set and End() returns the item's start, so
    /// a piece never ends in the middle of an item. Reused; allocates nothing.
    /// </summary>
    public sealed class AsciiWriter
    {
        private byte[] _buffer;
        private int _position;
        private int _end;
        private int _itemStart;

        /// <summary>A write did not fit since the last Begin.</summary>
        public bool Failed { get; private set; }

        /// <summary>Writes will go to buffer[offset..offset+count).</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _position = offset;
            _end = offset + count;
            _itemStart = offset;
            Failed = false;
        }

        /// <summary>Starts an item: a failure later rolls back to here.</summary>
        public void Begin()
        {
            _itemStart = _position;
            Failed = false;
        }

        /// <summary>Ends the item; returns false (and rolls it back) when it did not fit.</summary>
        public bool Commit()
        {
            if (!Failed) return true;
            _position = _itemStart;
            return false;
        }

        /// <summary>Where the next byte goes.</summary>
        public int Position { get { return _position; } }

        /// <summary>Copies bytes made once (a document's fixed text).</summary>
        public void Bytes(byte[] constant)
        {
            if (Failed) return;
            if (constant.Length > _end - _position) { Failed = true; return; }
            System.Array.Copy(constant, 0, _buffer, _position, constant.Length);
            _position += constant.Length;
        }

        /// <summary>Copies the characters of a string (names made once, never literals per call).</summary>
        public void Ascii(string text) { Advance(HttpAscii.WriteAscii(_buffer, _position, _end, text)); }
        public void Decimal(long value) { Advance(HttpAscii.WriteDecimal(_buffer, _position, _end, value)); }
        public void Unsigned(uint value) { Advance(HttpAscii.WriteUnsigned(_buffer, _position, _end, value)); }
        public void Ipv4(uint address) { Advance(HttpAscii.WriteIpv4(_buffer, _position, _end, address)); }
        public void Mac(byte[] mac, int offset) { Advance(HttpAscii.WriteMac(_buffer, _position, _end, mac, offset)); }

        public void Byte(byte value)
        {
            if (Failed) return;
            if (_position >= _end) { Failed = true; return; }
            _buffer[_position++] = value;
        }

        private void Advance(int written)
        {
            if (Failed) return;
            if (written < 0) Failed = true;
            else _position += written;
        }
    }
}
