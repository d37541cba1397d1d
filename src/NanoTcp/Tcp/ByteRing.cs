using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// A fixed-size byte ring: the send and receive buffer of one connection.
    ///
    /// Layout (capacity C, read point R, Count N, all indexes modulo C):
    /// <code>
    ///   [R .. R+N)            readable bytes (committed)
    ///   [R+N .. R+C)          free space; WriteAt may park out-of-order bytes here
    ///                         (not readable until Commit makes them so)
    /// </code>
    /// Every copy is Array.Copy in at most two pieces (the part up to the end of the
    /// backing array, then the part from its start): no per-byte loops, which matter on
    /// nanoFramework's interpreter. Nothing allocates after construction.
    ///
    /// The receive path uses WriteAt + Commit so that a payload byte is copied once, from
    /// the frame into the ring, whether it arrives in order or not (issue 4: the
    /// out-of-order bytes live inside the ring, their positions in an Assembler). The send
    /// path uses Peek with a skip (SND.NXT - SND.UNA) to copy straight into the frame and
    /// Discard when the peer acknowledges.
    /// </summary>
    public sealed class ByteRing
    {
        private readonly byte[] _buffer;
        private int _read;   // index of the first readable byte
        private int _count;  // readable bytes

        public ByteRing(int capacity)
        {
            if (capacity < 1)
                throw new ArgumentOutOfRangeException("capacity", "ByteRing capacity must be 1 or more bytes.");
            _buffer = new byte[capacity];
        }

        public int Capacity { get { return _buffer.Length; } }

        /// <summary>Readable (committed) bytes.</summary>
        public int Count { get { return _count; } }

        /// <summary>Bytes that Write could still take.</summary>
        public int Free { get { return _buffer.Length - _count; } }

        /// <summary>Appends up to n bytes; returns how many fitted (0 when full).</summary>
        public int Write(byte[] source, int offset, int n)
        {
            int stored = WriteAt(0, source, offset, n);
            _count += stored;
            return stored;
        }

        /// <summary>Copies up to n readable bytes out and consumes them; returns how many.</summary>
        public int Read(byte[] destination, int offset, int n)
        {
            int copied = Peek(0, destination, offset, n);
            Consume(copied);
            return copied;
        }

        /// <summary>
        /// Copies up to n readable bytes, starting skip bytes after the read point, without
        /// consuming them. Returns how many (0 when skip reaches or passes Count).
        /// </summary>
        public int Peek(int skip, byte[] destination, int offset, int n)
        {
            if (destination == null || offset < 0 || n < 0 || offset > destination.Length - n) throw RangeError(destination, "destination");
            if (skip < 0) throw new ArgumentOutOfRangeException("skip", "skip must be 0 or more.");
            if (skip >= _count) return 0;
            int available = _count - skip;
            if (n > available) n = available;
            if (n == 0) return 0;
            int start = Wrap(_read + skip);
            int first = _buffer.Length - start;
            if (first >= n)
            {
                Array.Copy(_buffer, start, destination, offset, n);
            }
            else
            {
                Array.Copy(_buffer, start, destination, offset, first);
                Array.Copy(_buffer, 0, destination, offset + first, n - first);
            }
            return n;
        }

        /// <summary>Drops n readable bytes (acknowledged data). Throws when n exceeds Count.</summary>
        public void Discard(int n)
        {
            if (n < 0 || n > _count)
                throw new ArgumentOutOfRangeException("n", "Discard takes 0 to Count bytes; pass at most the readable byte count.");
            Consume(n);
        }

        /// <summary>
        /// Stores up to n bytes into free space starting skip bytes past the write point,
        /// without making them readable (out-of-order data). Returns how many were stored:
        /// bytes that would fall beyond the free space are not stored (0 when skip &gt;= Free).
        /// </summary>
        public int WriteAt(int skip, byte[] source, int offset, int n)
        {
            if (source == null || offset < 0 || n < 0 || offset > source.Length - n) throw RangeError(source, "source");
            if (skip < 0) throw new ArgumentOutOfRangeException("skip", "skip must be 0 or more.");
            int free = _buffer.Length - _count;
            if (skip >= free) return 0;
            if (n > free - skip) n = free - skip;
            if (n == 0) return 0;
            int start = Wrap(_read + _count + skip);
            int first = _buffer.Length - start;
            if (first >= n)
            {
                Array.Copy(source, offset, _buffer, start, n);
            }
            else
            {
                Array.Copy(source, offset, _buffer, start, first);
                Array.Copy(source, offset + first, _buffer, 0, n - first);
            }
            return n;
        }

        /// <summary>
        /// Makes n bytes already stored at the write point (by WriteAt) readable. Throws when
        /// n exceeds Free.
        /// </summary>
        public void Commit(int n)
        {
            if (n < 0 || n > _buffer.Length - _count)
                throw new ArgumentOutOfRangeException("n", "Commit takes 0 to Free bytes; commit only bytes stored with WriteAt.");
            _count += n;
        }

        /// <summary>Empties the ring (a new connection in the slot). Contents are not zeroed.</summary>
        public void Clear()
        {
            _read = 0;
            _count = 0;
        }

        private void Consume(int n)
        {
            // The read point is NOT reset to 0 when the ring empties: out-of-order bytes
            // parked by WriteAt past the write point must stay where they are.
            _read = Wrap(_read + n);
            _count -= n;
        }

        private int Wrap(int index)
        {
            // index < 2 * capacity always (read < C, count + skip < C), so one subtraction.
            return index >= _buffer.Length ? index - _buffer.Length : index;
        }

        /// <summary>The exception for a bad array range. Called only inside the throw, so the
        /// parameter name (a string literal) is evaluated only then: on the nanoCLR every
        /// executed literal allocates, and Peek and WriteAt run per segment.</summary>
        private static Exception RangeError(byte[] array, string name)
        {
            if (array == null) return new ArgumentNullException(name, name + " must not be null.");
            return new ArgumentOutOfRangeException(name, "offset and count must lie inside " + name + ".");
        }
    }
}
