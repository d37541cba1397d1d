using System;
using NanoTcp.Simulation;
using NanoTcp.Drivers;
using Xunit;

namespace NanoTcp.Tests.Simulation
{
    public class CableTests
    {
        static byte[] Frame(int id, int length = 100)
        {
            byte[] f = new byte[length];
            f[14] = (byte)id; f[15] = (byte)(id >> 8);
            return f;
        }

        static int Id(byte[] b) => b[14] | (b[15] << 8);

        [Fact]
        public void Frames_cross_in_order_and_short_ones_are_padded_to_60()
        {
            var c = new Cable(new CableOptions(), 8);
            Assert.True(c.EndA.Send(Frame(1, 42), 0, 42));
            Assert.True(c.EndA.Send(Frame(2), 0, 100));
            byte[] rx = new byte[1514];
            Assert.Equal(0, c.EndA.ReceiveCopy(rx, 0, rx.Length)); // not looped back
            Assert.Equal(60, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            Assert.Equal(1, Id(rx));
            Assert.Equal(0, rx[59]);
            Assert.Equal(100, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            Assert.Equal(2, Id(rx));
            Assert.Equal(0, c.EndB.ReceiveCopy(rx, 0, rx.Length));
        }

        [Fact]
        public void Delay_follows_the_virtual_clock()
        {
            var c = new Cable(new CableOptions { DelayMs = 5 }, 8);
            c.SetTime(100);
            c.EndA.Send(Frame(1), 0, 100);
            byte[] rx = new byte[1514];
            Assert.Equal(105, c.NextDeliveryMs);
            c.SetTime(104);
            Assert.Equal(0, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            c.SetTime(105);
            Assert.Equal(100, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            Assert.Equal(long.MaxValue, c.NextDeliveryMs);
        }

        [Fact]
        public void Reordered_frames_are_overtaken_by_later_ones()
        {
            var c = new Cable(new CableOptions { ReorderRate = 1.0, ReorderDelayMs = 3 }, 8);
            c.EndA.Send(Frame(1), 0, 100);
            c.Options.ReorderRate = 0;
            c.EndA.Send(Frame(2), 0, 100);
            byte[] rx = new byte[1514];
            c.EndB.ReceiveCopy(rx, 0, rx.Length);
            Assert.Equal(2, Id(rx));
            Assert.Equal(0, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            c.SetTime(3);
            c.EndB.ReceiveCopy(rx, 0, rx.Length);
            Assert.Equal(1, Id(rx));
            Assert.Equal(1, c.FramesReordered);
        }

        [Fact]
        public void Duplicates_arrive_twice_and_drops_never()
        {
            var c = new Cable(new CableOptions { DuplicateRate = 1.0 }, 8);
            c.EndA.Send(Frame(1), 0, 100);
            byte[] rx = new byte[1514];
            Assert.Equal(100, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            Assert.Equal(100, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            Assert.Equal(0, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            var d = new Cable(new CableOptions { DropRate = 1.0 }, 8);
            Assert.True(d.EndA.Send(Frame(1), 0, 100)); // lost on the wire, not refused
            Assert.Equal(0, d.EndB.ReceiveCopy(rx, 0, rx.Length));
            Assert.Equal(1, d.FramesDropped);
        }

        [Fact]
        public void Bit_flip_changes_exactly_one_bit()
        {
            var c = new Cable(new CableOptions { BitFlipRate = 1.0, Seed = 42 }, 8);
            byte[] f = Frame(7, 200);
            for (int i = 16; i < 200; i++) f[i] = (byte)(i * 7);
            for (int round = 0; round < 50; round++)
            {
                c.EndA.Send(f, 0, f.Length);
                byte[] rx = new byte[1514];
                Assert.Equal(200, c.EndB.ReceiveCopy(rx, 0, rx.Length));
                int bits = 0;
                for (int i = 0; i < 200; i++) bits += System.Numerics.BitOperations.PopCount((uint)(rx[i] ^ f[i]));
                Assert.Equal(1, bits);
            }
        }

        [Fact]
        public void Same_seed_same_faults_and_different_seed_different_faults()
        {
            string Run(int seed)
            {
                var c = new Cable(new CableOptions { Seed = seed, DropRate = 0.3, DuplicateRate = 0.2 }, 64);
                var sb = new System.Text.StringBuilder();
                byte[] rx = new byte[1514];
                for (int i = 0; i < 200; i++)
                {
                    c.EndA.Send(Frame(i), 0, 100);
                    int n;
                    while ((n = c.EndB.ReceiveCopy(rx, 0, rx.Length)) > 0) sb.Append(Id(rx)).Append(',');
                }
                return sb.ToString();
            }
            Assert.Equal(Run(5), Run(5));
            Assert.NotEqual(Run(5), Run(6));
        }

        [Fact]
        public void Full_cable_drops_and_counts_and_link_down_refuses()
        {
            var c = new Cable(new CableOptions(), 2);
            c.EndA.Send(Frame(1), 0, 100);
            c.EndA.Send(Frame(2), 0, 100);
            c.EndA.Send(Frame(3), 0, 100);
            Assert.Equal(1, c.FramesDroppedNoSlot);
            Assert.Equal(2, c.InFlight);
            c.LinkUp = false;
            Assert.False(c.EndB.LinkUp);
            Assert.False(c.EndB.Send(Frame(4), 0, 100));
            Assert.False(c.EndA.Send(new byte[2000], 0, 2000));
        }

        [Fact]
        public void Frames_larger_than_the_receive_buffer_are_dropped_and_the_next_one_delivered()
        {
            var c = new Cable(new CableOptions(), 4);
            c.EndA.Send(Frame(1, 1000), 0, 1000);
            c.EndA.Send(Frame(2, 100), 0, 100);
            byte[] rx = new byte[500];
            Assert.Equal(100, c.EndB.ReceiveCopy(rx, 0, rx.Length));
            Assert.Equal(2, Id(rx));
        }

        [Fact]
        public void Sending_and_receiving_allocate_nothing()
        {
            var c = new Cable(new CableOptions { DropRate = 0.1, DuplicateRate = 0.1, ReorderRate = 0.1, BitFlipRate = 0.1, DelayMs = 1 }, 16);
            byte[] f = Frame(1, 600);
            byte[] rx = new byte[1514];
            for (int i = 0; i < 100; i++) { c.SetTime(i); c.EndA.Send(f, 0, f.Length); c.EndB.ReceiveCopy(rx, 0, rx.Length); }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 100; i < 20_100; i++) { c.SetTime(i); c.EndA.Send(f, 0, f.Length); c.EndB.Send(f, 0, 60); c.EndB.ReceiveCopy(rx, 0, rx.Length); c.EndA.ReceiveCopy(rx, 0, rx.Length); }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
