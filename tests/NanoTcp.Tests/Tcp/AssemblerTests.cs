using System;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    public class AssemblerTests
    {
        private static string Ranges(Assembler a)
        {
            var s = "";
            for (int i = 0; i < a.Count; i++) s += "[" + a.RangeStart(i) + "," + a.RangeEnd(i) + ")";
            return s;
        }

        [Fact]
        public void In_order_data_is_contiguous_at_once()
        {
            var a = new Assembler(4);
            Assert.True(a.Add(0, 100));
            Assert.Equal(100, a.TakeContiguous());
            Assert.True(a.IsEmpty);
            Assert.Equal(0, a.TakeContiguous());
        }

        [Fact]
        public void A_hole_holds_back_later_data_until_it_fills()
        {
            var a = new Assembler(4);
            Assert.True(a.Add(10, 5));
            Assert.Equal(0, a.TakeContiguous());
            Assert.Equal("[10,15)", Ranges(a));
            Assert.True(a.Add(0, 10));
            Assert.Equal(15, a.TakeContiguous());
            Assert.True(a.IsEmpty);
        }

        [Fact]
        public void Take_shifts_the_remaining_ranges_to_the_new_contiguous_end()
        {
            var a = new Assembler(4);
            a.Add(20, 10);
            a.Add(50, 5);
            a.Add(0, 8);
            Assert.Equal(8, a.TakeContiguous());
            Assert.Equal("[12,22)[42,47)", Ranges(a));
        }

        [Fact]
        public void Overlapping_and_adjacent_ranges_merge()
        {
            var a = new Assembler(4);
            a.Add(10, 10);                // [10,20)
            a.Add(15, 10);                // overlap  -> [10,25)
            Assert.Equal("[10,25)", Ranges(a));
            a.Add(25, 5);                 // adjacent -> [10,30)
            Assert.Equal("[10,30)", Ranges(a));
            a.Add(5, 5);                  // adjacent before -> [5,30)
            Assert.Equal("[5,30)", Ranges(a));
            a.Add(12, 3);                 // contained: no change
            Assert.Equal("[5,30)", Ranges(a));
            Assert.Equal(1, a.Count);
        }

        [Fact]
        public void One_range_bridging_several_merges_them_all()
        {
            var a = new Assembler(4);
            a.Add(10, 2);
            a.Add(20, 2);
            a.Add(30, 2);
            a.Add(40, 2);
            Assert.Equal(4, a.Count);
            Assert.True(a.Add(11, 20));   // [11,31) touches the first three
            Assert.Equal("[10,32)[40,42)", Ranges(a));
        }

        [Fact]
        public void When_every_slot_is_taken_a_new_gap_is_refused_and_nothing_changes()
        {
            var a = new Assembler(2);
            Assert.True(a.Add(10, 2));
            Assert.True(a.Add(20, 2));
            Assert.False(a.Add(30, 2));
            Assert.False(a.Add(5, 2));
            Assert.Equal("[10,12)[20,22)", Ranges(a));
            // ... but data that merges with a held range needs no slot.
            Assert.True(a.Add(12, 3));
            Assert.True(a.Add(18, 2));
            Assert.Equal("[10,15)[18,22)", Ranges(a));
        }

        [Fact]
        public void In_order_data_is_accepted_even_when_every_gap_slot_is_taken()
        {
            var a = new Assembler(2);
            a.Add(10, 2);
            a.Add(20, 2);
            Assert.True(a.Add(0, 5));      // does not touch [10,12): uses the spare slot
            Assert.Equal(5, a.TakeContiguous());
            Assert.Equal("[5,7)[15,17)", Ranges(a));
            Assert.False(a.Add(10, 1));    // still only two gap slots
        }

        [Fact]
        public void Zero_slots_accept_only_in_order_data()
        {
            var a = new Assembler(0);
            Assert.False(a.Add(1, 10));
            Assert.True(a.Add(0, 10));
            Assert.Equal(10, a.TakeContiguous());
        }

        [Fact]
        public void Zero_length_is_a_no_op_and_bad_arguments_throw()
        {
            var a = new Assembler(1);
            Assert.True(a.Add(7, 0));
            Assert.True(a.IsEmpty);
            Assert.Throws<ArgumentOutOfRangeException>(() => a.Add(-1, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => a.Add(1, -3));
            Assert.Throws<ArgumentOutOfRangeException>(() => a.Add(int.MaxValue, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Assembler(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => a.RangeStart(0));
        }

        [Fact]
        public void Clear_forgets_everything()
        {
            var a = new Assembler(3);
            a.Add(4, 4);
            a.Add(12, 4);
            a.Clear();
            Assert.True(a.IsEmpty);
            Assert.Equal(0, a.TakeContiguous());
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(2, 2)]
        [InlineData(4, 3)]
        [InlineData(8, 4)]
        [InlineData(32, 5)]
        public void Random_segments_agree_with_a_bitmap_model(int slots, int seed)
        {
            // Segments of a stream arrive shuffled, duplicated and overlapping inside a
            // window; the model marks received bytes and counts ranges. Whatever the
            // assembler accepts must come out in order exactly once.
            var rng = new Random(seed);
            const int window = 600;
            var a = new Assembler(slots);
            var have = new bool[window * 2];
            long delivered = 0;
            for (int step = 0; step < 20000; step++)
            {
                int off = rng.Next(window);
                int len = 1 + rng.Next(60);
                if (off + len > window) len = window - off;
                if (rng.Next(4) == 0) off = 0;

                int before = CountRanges(have, window);
                bool merges = Touches(have, off, off + len);
                bool ok = a.Add(off, len);
                if (!merges && off > 0 && before - StartsAtZero(have) >= slots)
                    Assert.False(ok);
                else
                    Assert.True(ok);
                if (ok) for (int i = off; i < off + len; i++) have[i] = true;

                Assert.Equal(CountRanges(have, window), a.Count);
                for (int r = 0, i = 0; r < a.Count; r++)
                {
                    while (!have[i]) i++;
                    Assert.Equal(i, a.RangeStart(r));
                    while (i < window && have[i]) i++;
                    Assert.Equal(i, a.RangeEnd(r));
                }

                int taken = a.TakeContiguous();
                int expect = 0;
                while (expect < window && have[expect]) expect++;
                Assert.Equal(expect, taken);
                Array.Copy(have, taken, have, 0, have.Length - taken);
                for (int i = have.Length - taken; i < have.Length; i++) have[i] = false;
                delivered += taken;
                Assert.True(a.Count <= slots);
            }
            Assert.True(delivered > 0);
        }

        private static int CountRanges(bool[] have, int n)
        {
            int c = 0;
            for (int i = 0; i < n; i++) if (have[i] && (i == 0 || !have[i - 1])) c++;
            return c;
        }

        private static int StartsAtZero(bool[] have) { return have[0] ? 1 : 0; }

        private static bool Touches(bool[] have, int start, int end)
        {
            for (int i = Math.Max(0, start - 1); i <= end && i < have.Length; i++) if (have[i]) return true;
            return false;
        }

        [Fact]
        public void Steady_state_bookkeeping_allocates_nothing()
        {
            var a = new Assembler(4);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10000; i++)
            {
                a.Add(1460, 1460);
                a.Add(4380, 1460);
                a.Add(0, 1460);
                a.TakeContiguous();
                a.Add(0, 1460);
                a.TakeContiguous();
                a.Clear();
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
