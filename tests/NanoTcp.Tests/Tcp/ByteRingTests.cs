using System;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    public class ByteRingTests
    {
        private static byte[] Pattern(int n, int seed)
        {
            var b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte)(i * 7 + seed);
            return b;
        }

        [Fact]
        public void Write_then_Read_returns_the_same_bytes()
        {
            var ring = new ByteRing(16);
            var data = Pattern(10, 3);
            Assert.Equal(10, ring.Write(data, 0, 10));
            Assert.Equal(10, ring.Count);
            Assert.Equal(6, ring.Free);
            var got = new byte[10];
            Assert.Equal(10, ring.Read(got, 0, 10));
            Assert.Equal(data, got);
            Assert.Equal(0, ring.Count);
            Assert.Equal(16, ring.Free);
        }

        [Fact]
        public void Write_takes_only_what_fits_and_0_when_full()
        {
            var ring = new ByteRing(8);
            Assert.Equal(8, ring.Write(Pattern(12, 1), 0, 12));
            Assert.Equal(0, ring.Write(Pattern(1, 1), 0, 1));
            Assert.Equal(0, ring.Free);
            Assert.Equal(8, ring.Capacity);
        }

        [Fact]
        public void Data_crossing_the_end_of_the_array_comes_back_in_order()
        {
            var ring = new ByteRing(10);
            var scratch = new byte[10];
            ring.Write(Pattern(7, 0), 0, 7);
            ring.Read(scratch, 0, 7);               // read point now at 7
            var data = Pattern(9, 50);
            Assert.Equal(9, ring.Write(data, 0, 9)); // 3 bytes at the end, 6 at the start
            var got = new byte[9];
            Assert.Equal(9, ring.Peek(0, got, 0, 9));
            Assert.Equal(data, got);
            var part = new byte[4];
            Assert.Equal(4, ring.Peek(2, part, 0, 4)); // a peek that itself crosses the end
            Assert.Equal(new[] { data[2], data[3], data[4], data[5] }, part);
            Array.Clear(got, 0, 9);
            Assert.Equal(9, ring.Read(got, 0, 9));
            Assert.Equal(data, got);
        }

        [Fact]
        public void Read_into_an_offset_of_the_destination_leaves_the_rest_alone()
        {
            var ring = new ByteRing(8);
            ring.Write(new byte[] { 1, 2, 3 }, 0, 3);
            var dst = new byte[] { 9, 9, 9, 9, 9, 9 };
            Assert.Equal(3, ring.Read(dst, 2, 4));
            Assert.Equal(new byte[] { 9, 9, 1, 2, 3, 9 }, dst);
        }

        [Fact]
        public void Peek_with_skip_copies_without_consuming()
        {
            var ring = new ByteRing(16);
            ring.Write(Pattern(12, 0), 0, 12);
            var got = new byte[5];
            Assert.Equal(5, ring.Peek(4, got, 0, 5));
            Assert.Equal(new[] { (byte)28, (byte)35, (byte)42, (byte)49, (byte)56 }, got);
            Assert.Equal(12, ring.Count);
            Assert.Equal(2, ring.Peek(10, got, 0, 5));  // only 2 bytes after skip 10
            Assert.Equal(0, ring.Peek(12, got, 0, 5));  // skip == Count: nothing
            Assert.Equal(0, ring.Peek(40, got, 0, 5));
        }

        [Fact]
        public void Discard_drops_acknowledged_bytes_from_the_front()
        {
            var ring = new ByteRing(16);
            ring.Write(Pattern(12, 0), 0, 12);
            ring.Discard(5);
            Assert.Equal(7, ring.Count);
            var got = new byte[1];
            ring.Peek(0, got, 0, 1);
            Assert.Equal((byte)35, got[0]);
        }

        [Fact]
        public void WriteAt_parks_bytes_that_stay_invisible_until_Commit()
        {
            var ring = new ByteRing(16);
            ring.Write(Pattern(4, 0), 0, 4);
            var later = Pattern(5, 100);
            Assert.Equal(5, ring.WriteAt(3, later, 0, 5));   // hole of 3 after the write point
            Assert.Equal(4, ring.Count);
            var hole = Pattern(3, 200);
            Assert.Equal(3, ring.WriteAt(0, hole, 0, 3));
            ring.Commit(8);
            Assert.Equal(12, ring.Count);
            var got = new byte[12];
            ring.Read(got, 0, 12);
            Assert.Equal(Pattern(4, 0), Sub(got, 0, 4));
            Assert.Equal(hole, Sub(got, 4, 3));
            Assert.Equal(later, Sub(got, 7, 5));
        }

        [Fact]
        public void WriteAt_is_clipped_to_the_free_space()
        {
            var ring = new ByteRing(10);
            ring.Write(Pattern(6, 0), 0, 6);
            Assert.Equal(2, ring.WriteAt(2, Pattern(5, 0), 0, 5));  // free 4, skip 2 -> 2 fit
            Assert.Equal(0, ring.WriteAt(4, Pattern(5, 0), 0, 5));  // skip == Free
            Assert.Equal(6, ring.Count);
        }

        [Fact]
        public void Parked_bytes_survive_the_ring_emptying_after_a_wrap()
        {
            // The read point must not jump back to 0 when Count reaches 0, or bytes parked
            // past the write point would be lost.
            var ring = new ByteRing(8);
            var scratch = new byte[8];
            ring.Write(Pattern(6, 0), 0, 6);
            ring.Read(scratch, 0, 6);
            var parked = Pattern(3, 77);
            Assert.Equal(3, ring.WriteAt(2, parked, 0, 3));  // crosses the array end
            var first = Pattern(2, 11);
            Assert.Equal(2, ring.WriteAt(0, first, 0, 2));
            ring.Commit(5);
            var got = new byte[5];
            Assert.Equal(5, ring.Read(got, 0, 5));
            Assert.Equal(first, Sub(got, 0, 2));
            Assert.Equal(parked, Sub(got, 2, 3));
        }

        [Fact]
        public void Clear_empties_the_ring()
        {
            var ring = new ByteRing(8);
            ring.Write(Pattern(5, 0), 0, 5);
            ring.Clear();
            Assert.Equal(0, ring.Count);
            Assert.Equal(8, ring.Free);
            Assert.Equal(0, ring.Read(new byte[4], 0, 4));
        }

        [Fact]
        public void Bad_arguments_throw_with_a_message_that_says_what_to_do()
        {
            var ring = new ByteRing(8);
            ring.Write(Pattern(4, 0), 0, 4);
            Assert.Throws<ArgumentOutOfRangeException>(() => new ByteRing(0));
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => ring.Discard(5));
            Assert.Contains("at most the readable byte count", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => ring.Discard(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ring.Commit(5));
            Assert.Throws<ArgumentNullException>(() => ring.Write(null, 0, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ring.Write(new byte[4], 2, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => ring.Read(new byte[4], -1, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ring.Peek(-1, new byte[4], 0, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ring.WriteAt(-1, new byte[4], 0, 1));
            Assert.Equal(4, ring.Count);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(7, 2)]
        [InlineData(64, 3)]
        [InlineData(1000, 4)]
        public void Random_operations_agree_with_a_simple_model(int capacity, int seed)
        {
            // Model: a byte[] of the stream, with read position, committed end, and a map of
            // parked bytes past the committed end.
            var rng = new Random(seed);
            var ring = new ByteRing(capacity);
            var model = new byte[capacity * 3];
            int modelCount = 0;
            var parked = new int[capacity];  // -1 = nothing parked at write point + i
            for (int i = 0; i < capacity; i++) parked[i] = -1;
            var buf = new byte[capacity + 8];
            var got = new byte[capacity + 8];
            for (int step = 0; step < 5000; step++)
            {
                int op = rng.Next(6);
                int n = rng.Next(capacity + 3);
                int skip = rng.Next(capacity + 2);
                rng.NextBytes(buf);
                switch (op)
                {
                    case 0:
                    {
                        int w = ring.Write(buf, 0, n);
                        Assert.Equal(Math.Min(n, capacity - modelCount), w);
                        for (int i = 0; i < w; i++) model[modelCount + i] = buf[i];
                        ShiftParked(parked, w);
                        modelCount += w;
                        break;
                    }
                    case 1:
                    case 2:
                    {
                        int r = op == 1 ? ring.Read(got, 0, n) : ring.Peek(skip, got, 0, n);
                        int from = op == 1 ? 0 : skip;
                        int expect = from >= modelCount ? 0 : Math.Min(n, modelCount - from);
                        Assert.Equal(expect, r);
                        for (int i = 0; i < r; i++) Assert.Equal(model[from + i], got[i]);
                        if (op == 1) { Array.Copy(model, r, model, 0, modelCount - r); modelCount -= r; }
                        break;
                    }
                    case 3:
                    {
                        int free = capacity - modelCount;
                        int w = ring.WriteAt(skip, buf, 0, n);
                        int expect = skip >= free ? 0 : Math.Min(n, free - skip);
                        Assert.Equal(expect, w);
                        for (int i = 0; i < w; i++) parked[skip + i] = buf[i];
                        break;
                    }
                    case 4:
                    {
                        // Commit the parked prefix (all parked positions that are filled).
                        int k = 0;
                        while (k < capacity - modelCount && parked[k] >= 0) k++;
                        ring.Commit(k);
                        for (int i = 0; i < k; i++) model[modelCount + i] = (byte)parked[i];
                        ShiftParked(parked, k);
                        modelCount += k;
                        break;
                    }
                    case 5:
                    {
                        int d = Math.Min(n, modelCount);
                        ring.Discard(d);
                        Array.Copy(model, d, model, 0, modelCount - d);
                        modelCount -= d;
                        break;
                    }
                }
                Assert.Equal(modelCount, ring.Count);
                Assert.Equal(capacity - modelCount, ring.Free);
            }
        }

        private static void ShiftParked(int[] parked, int by)
        {
            // The write point moved by `by`: parked offsets are relative to it.
            for (int i = 0; i < parked.Length; i++)
                parked[i] = i + by < parked.Length ? parked[i + by] : -1;
        }

        [Fact]
        public void Steady_state_traffic_allocates_nothing()
        {
            var ring = new ByteRing(4096);
            var chunk = Pattern(1460, 9);
            var got = new byte[1460];
            for (int i = 0; i < 100; i++) { ring.Write(chunk, 0, 1000); ring.Read(got, 0, 1000); }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10000; i++)
            {
                ring.Write(chunk, 0, 1460);
                ring.Peek(100, got, 0, 1000);
                ring.WriteAt(500, chunk, 0, 700);
                ring.Commit(100);
                ring.Discard(560);
                ring.Read(got, 0, 1000);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static byte[] Sub(byte[] b, int off, int n)
        {
            var r = new byte[n];
            Array.Copy(b, off, r, 0, n);
            return r;
        }
    }
}
