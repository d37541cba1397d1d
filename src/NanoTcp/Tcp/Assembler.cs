using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// Out-of-order bookkeeping for one receive ring (RFC 9293 3.10.7.4, "segments with
    /// higher beginning sequence numbers SHOULD be held for later processing"), after the
    /// assembler of smoltcp: a small sorted set of byte ranges that have arrived, held as
    /// offsets relative to the contiguous end (RCV.NXT). The bytes themselves live in the
    /// ByteRing past its write point (ByteRing.WriteAt); this class only remembers where.
    ///
    /// Invariants: ranges are sorted, non-empty, and neither overlap nor touch (touching or
    /// overlapping ranges are merged on Add). At most `slots` ranges start after offset 0;
    /// one extra internal slot lets in-order data (offset 0) always be accepted even when
    /// every gap slot is taken, so a full assembler never blocks the hole-filling segment.
    ///
    /// Use, per accepted segment whose payload starts at RCV.NXT + offset:
    /// <code>
    ///   stored = ring.WriteAt(offset, frame, payloadOffset, length);
    ///   if (!assembler.Add(offset, stored)) { drop and count; }
    ///   int ready = assembler.TakeContiguous();   // bytes now in order
    ///   ring.Commit(ready); RCV.NXT += ready;
    /// </code>
    /// All offsets are ints relative to RCV.NXT, so sequence wrap never reaches this class.
    /// </summary>
    public sealed class Assembler
    {
        private readonly int _gapSlots;
        private readonly int[] _start;  // inclusive, relative to the contiguous end
        private readonly int[] _end;    // exclusive
        private int _count;

        /// <param name="slots">Out-of-order ranges held at most (TcpOptions.OutOfOrderSlots, 0..32).</param>
        public Assembler(int slots)
        {
            if (slots < 0 || slots > 1024)
                throw new ArgumentOutOfRangeException("slots", "Assembler slots must be 0 to 1024 (TcpOptions.OutOfOrderSlots).");
            _gapSlots = slots;
            _start = new int[slots + 1];
            _end = new int[slots + 1];
        }

        /// <summary>Ranges held.</summary>
        public int Count { get { return _count; } }

        public bool IsEmpty { get { return _count == 0; } }

        /// <summary>Out-of-order ranges the assembler can hold (the constructor's slots).</summary>
        public int Slots { get { return _gapSlots; } }

        /// <summary>Start of the i-th held range (0 &lt;= i &lt; Count), relative to the contiguous end.</summary>
        public int RangeStart(int index) { CheckIndex(index); return _start[index]; }

        /// <summary>End (exclusive) of the i-th held range.</summary>
        public int RangeEnd(int index) { CheckIndex(index); return _end[index]; }

        /// <summary>
        /// Records that bytes [offset, offset + length) have arrived. Returns false when
        /// the range would need a new slot and none is free: nothing changes and the caller
        /// drops the segment and counts it. length 0 is accepted and changes nothing.
        /// </summary>
        public bool Add(int offset, int length)
        {
            if (offset < 0 || length < 0 || offset > int.MaxValue - length)
                throw new ArgumentOutOfRangeException("offset", "offset and length must be 0 or more and their sum must fit an int.");
            if (length == 0) return true;
            int end = offset + length;

            // first: the first range that ends at or after our start (touches or overlaps us)
            int first = 0;
            while (first < _count && _end[first] < offset) first++;
            // last: one past the last range that starts at or before our end
            int last = first;
            while (last < _count && _start[last] <= end) last++;

            if (first == last)
            {
                // Nothing to merge with: a new range at index first.
                bool hasSlot = offset == 0 ? _count < _gapSlots + 1 : _count < _gapSlots;
                if (!hasSlot) return false;
                for (int i = _count; i > first; i--)
                {
                    _start[i] = _start[i - 1];
                    _end[i] = _end[i - 1];
                }
                _start[first] = offset;
                _end[first] = end;
                _count++;
                return true;
            }

            // Merge ranges first..last-1 with ours into slot first.
            if (_start[first] < offset) offset = _start[first];
            if (_end[last - 1] > end) end = _end[last - 1];
            _start[first] = offset;
            _end[first] = end;
            int removed = last - first - 1;
            if (removed > 0)
            {
                for (int i = last; i < _count; i++)
                {
                    _start[i - removed] = _start[i];
                    _end[i - removed] = _end[i];
                }
                _count -= removed;
            }
            return true;
        }

        /// <summary>
        /// Returns how many bytes are now contiguous from offset 0 (0 when a hole remains
        /// at the front) and shifts the remaining ranges down by that much, so offsets stay
        /// relative to the new contiguous end.
        /// </summary>
        public int TakeContiguous()
        {
            if (_count == 0 || _start[0] != 0) return 0;
            int taken = _end[0];
            for (int i = 1; i < _count; i++)
            {
                _start[i - 1] = _start[i] - taken;
                _end[i - 1] = _end[i] - taken;
            }
            _count--;
            return taken;
        }

        public void Clear() { _count = 0; }

        private void CheckIndex(int index)
        {
            if (index < 0 || index >= _count)
                throw new ArgumentOutOfRangeException("index", "index must be 0 to Count - 1.");
        }
    }
}
