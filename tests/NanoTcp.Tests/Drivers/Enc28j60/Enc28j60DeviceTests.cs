using System;
using NanoTcp.Drivers.Enc28j60;
using NanoTcp.Simulation;
using NanoTcp.Simulation.Enc28j60;
using Xunit;

namespace NanoTcp.Tests.Drivers.Enc28j60
{
    /// <summary>Enc28j60Device against the simulated chip, with a test wire on the chip's cable side.</summary>
    public class Enc28j60DeviceTests
    {
        private static readonly byte[] Mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
        private readonly TestWire _wire = new TestWire();
        private readonly Enc28j60Chip _chip;
        private readonly Enc28j60Device _dev;
        private readonly byte[] _buf = new byte[1600];

        public Enc28j60DeviceTests()
        {
            _chip = new Enc28j60Chip(_wire);
            _dev = new Enc28j60Device(_chip, Mac, null, _chip.Delay);
            _dev.Initialize();
        }

        private void AssertReceives(byte[] frame)
        {
            int n = _dev.ReceiveCopy(_buf, 0, _buf.Length);
            Assert.Equal(frame.Length, n);
            for (int i = 0; i < n; i++) Assert.Equal(frame[i], _buf[i]);
        }

        [Fact]
        public void Initialize_sets_up_ring_MAC_and_PHY_as_the_datasheet_asks()
        {
            Assert.Equal(0x00, _chip.PeekRegister(0, 0x08) | (_chip.PeekRegister(0, 0x09) << 8)); // ERXST = 0 (errata)
            Assert.Equal(0x19FF, _chip.PeekRegister(0, 0x0A) | (_chip.PeekRegister(0, 0x0B) << 8));
            int erxrdpt = _chip.PeekRegister(0, 0x0C) | (_chip.PeekRegister(0, 0x0D) << 8);
            Assert.Equal(1, erxrdpt & 1);                                       // errata 14: odd
            // MAADR1 (first MAC byte) at bank 3 04h ... MAADR6 at 01h.
            Assert.Equal(Mac[0], _chip.PeekRegister(3, 0x04));
            Assert.Equal(Mac[1], _chip.PeekRegister(3, 0x05));
            Assert.Equal(Mac[2], _chip.PeekRegister(3, 0x02));
            Assert.Equal(Mac[3], _chip.PeekRegister(3, 0x03));
            Assert.Equal(Mac[4], _chip.PeekRegister(3, 0x00));
            Assert.Equal(Mac[5], _chip.PeekRegister(3, 0x01));
            Assert.Equal(0x01, _chip.PeekRegister(2, 0x00) & 0x01);             // MACON1.MARXEN
            Assert.Equal(1518, _chip.PeekRegister(2, 0x0A) | (_chip.PeekRegister(2, 0x0B) << 8)); // MAMXFL
            Assert.Equal(0x0100, _chip.PeekPhy(0x10) & 0x0100);                 // PHCON2.HDLDIS
            Assert.Equal(0x04, _chip.PeekRegister(0, 0x1F) & 0x04);             // ECON1.RXEN
            Assert.Equal(0, _chip.ProtocolViolations);
            Assert.Equal(0, _chip.TransactionsDuringReset);                     // waited after SRC
            Assert.Equal(Enc28j60Chip.RevisionB7, _dev.Revision);
            Assert.True(_dev.LinkUp);
        }

        [Theory]
        [InlineData((byte)0xFF, "all ones")]
        [InlineData((byte)0x00, "all zeros")]
        public void Dead_chip_gives_a_clear_wiring_error_within_bounded_transactions(byte miso, string words)
        {
            var bus = new DeadSpiBus(miso);
            var dev = new Enc28j60Device(bus, Mac, null, new CountingDelay());
            var e = Assert.Throws<InvalidOperationException>(() => dev.Initialize());
            Assert.Contains(words, e.Message);
            Assert.Contains("MISO", e.Message);
            Assert.InRange(bus.Transactions, 1L, 100L);
        }

        [Fact]
        public void Without_a_delay_after_soft_reset_the_write_readback_check_catches_the_deaf_chip()
        {
            var chip = new Enc28j60Chip(new TestWire());
            var dev = new Enc28j60Device(chip, Mac); // no IDelay: cannot honour the errata's 1 ms
            var e = Assert.Throws<InvalidOperationException>(() => dev.Initialize());
            Assert.Contains("read back", e.Message);
        }

        [Fact]
        public void Frames_from_60_to_1514_bytes_arrive_intact()
        {
            int seed = 0;
            foreach (int len in new[] { 60, 61, 64, 100, 599, 1000, 1499, 1513, 1514 })
            {
                var f = TestWire.MakeFrame(Mac, len, seed++);
                _wire.Push(f, len);
                AssertReceives(f);
            }
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(9, _dev.Counters.FramesIn);
            Assert.Equal(0, _dev.Counters.Drops + _dev.Counters.Errors);
            Assert.Equal(0, _chip.ProtocolViolations);
        }

        [Fact]
        public void Frames_from_14_to_1514_bytes_go_out_intact_and_short_ones_are_padded_to_60()
        {
            var got = new byte[1600];
            var peer = new byte[] { 0x02, 0, 0, 0, 0, 0xEE };
            int seed = 0;
            foreach (int len in new[] { 14, 42, 59, 60, 61, 1000, 1513, 1514 })
            {
                var f = TestWire.MakeFrame(peer, len, seed++);
                Assert.True(_dev.SendCopy(f, 0, len));
                int n = _wire.TryTake(got);
                Assert.Equal(Math.Max(60, len), n);
                for (int i = 0; i < len; i++) Assert.Equal(f[i], got[i]);
                for (int i = len; i < n; i++) Assert.Equal(0, got[i]);
            }
            Assert.Equal(8, _dev.Counters.FramesOut);
            Assert.Equal(0, _chip.ProtocolViolations);
        }

        [Fact]
        public void Send_rejects_lengths_outside_an_Ethernet_frame()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => _dev.SendCopy(new byte[2000], 0, 1515));
            Assert.Throws<ArgumentOutOfRangeException>(() => _dev.SendCopy(new byte[20], 0, 13));
        }

        [Fact]
        public void Receive_ring_wraps_many_times_with_single_and_batched_frames()
        {
            int seed = 0;
            for (int round = 0; round < 30; round++)
            {
                // Alternate one frame at a time with batches of three (the batch path reads the
                // next header together with the frame).
                int batch = round % 2 == 0 ? 1 : 3;
                var frames = new byte[batch][];
                for (int i = 0; i < batch; i++)
                {
                    frames[i] = TestWire.MakeFrame(Mac, 300 + (seed * 97) % 1200, seed);
                    seed++;
                    _wire.Push(frames[i], frames[i].Length);
                }
                for (int i = 0; i < batch; i++) AssertReceives(frames[i]);
            }
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(_dev.Counters.FramesIn > 6656 / 300 * 2, "the ring must have wrapped at least twice");
            Assert.Equal(0, _chip.RxOverflowDrops);
            Assert.Equal(0, _chip.EvenReadPointerCorruptions);
            Assert.Equal(0, _dev.Counters.Errors);
        }

        [Fact]
        public void Rx_overflow_is_counted_and_reception_recovers()
        {
            var frames = new byte[8][];
            for (int i = 0; i < 8; i++)
            {
                frames[i] = TestWire.MakeFrame(Mac, 1514, i);
                _wire.Push(frames[i], 1514);
            }
            _chip.Step(); // 8 x 1524 B arrive at once into a 6.5 KB ring: some must be dropped
            Assert.True(_chip.RxOverflowDrops > 0);
            int kept = 8 - (int)_chip.RxOverflowDrops;
            for (int i = 0; i < kept; i++) AssertReceives(frames[i]);
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(_dev.LinkUp); // reads EIR: RXERIF seen, counted, cleared
            Assert.True(_dev.Counters.Drops >= 1);
            Assert.Equal(0, _chip.PeekRegister(0, 0x1C) & 0x01); // EIR.RXERIF cleared

            for (int i = 0; i < 20; i++)
            {
                var f = TestWire.MakeFrame(Mac, 1200, 100 + i);
                _wire.Push(f, f.Length);
                AssertReceives(f);
            }
            Assert.Equal(0, _dev.Counters.Errors);
        }

        [Fact]
        public void Link_down_and_up_is_seen_and_send_refuses_while_down()
        {
            Assert.True(_dev.LinkUp);
            _chip.SetLink(false);
            Assert.False(_dev.LinkUp);
            var f = TestWire.MakeFrame(new byte[] { 0x02, 0, 0, 0, 0, 0xEE }, 100, 0);
            Assert.False(_dev.SendCopy(f, 0, f.Length));
            _chip.SetLink(true);
            Assert.True(_dev.LinkUp);
            Assert.True(_dev.SendCopy(f, 0, f.Length));
            Assert.Equal(1, _wire.SentCount);
        }

        [Fact]
        public void Lent_frame_survives_a_send_and_a_transmit_abort_until_the_next_receive()
        {
            // INetDevice: a received frame is lent from the driver's buffer until the next
            // Receive, and a Send in between (here one whose predecessor was aborted, so the
            // driver reads the transmit status vector over SPI) must not disturb it.
            var peer = new byte[] { 0x02, 0, 0, 0, 0, 0xEE };
            var first = TestWire.MakeFrame(Mac, 1000, 1);
            var second = TestWire.MakeFrame(Mac, 200, 2);
            _wire.Push(first, first.Length);
            _wire.Push(second, second.Length);
            int n = _dev.Receive(out byte[] lent, out int at);
            Assert.Equal(1000, n);

            _chip.InjectTransmitAborts(1, lateCollision: false);
            var outbound = TestWire.MakeFrame(peer, 300, 3);
            Assert.True(_dev.SendCopy(outbound, 0, outbound.Length)); // aborted by the chip
            Assert.True(_dev.SendCopy(outbound, 0, outbound.Length)); // reads the TSV, then sends
            Assert.Equal(1, _dev.Counters.Errors);

            for (int i = 0; i < n; i++) Assert.Equal(first[i], lent[at + i]);
            AssertReceives(second);
        }

        [Fact]
        public void Send_clocks_the_frame_out_in_place_from_the_callers_headroom()
        {
            // The WBM opcode and control byte go into the 2 bytes in front of the frame and the
            // whole write is one SPI transaction from the caller's buffer.
            Assert.Equal(2, _dev.TransmitHeadroom);
            var peer = new byte[] { 0x02, 0, 0, 0, 0, 0xEE };
            var frame = TestWire.MakeFrame(peer, 1514, 4);
            var buffer = new byte[2 + 1514];
            Array.Copy(frame, 0, buffer, 2, frame.Length);
            Assert.Throws<ArgumentOutOfRangeException>(() => _dev.Send(buffer, 1, 1514));
            Assert.True(_dev.Send(buffer, 2, 1514));
            var got = new byte[1600];
            Assert.Equal(1514, _wire.TryTake(got));
            for (int i = 0; i < 1514; i++) Assert.Equal(frame[i], got[i]);
        }

        [Fact]
        public void Frames_with_RxOK_clear_are_dropped_and_counted()
        {
            // Promiscuous mode so the chip stores bad-FCS frames (ERXFCON = 0), written over
            // SPI with the driver's bank restored afterwards.
            int bank = _chip.PeekRegister(0, 0x1F) & 0x03;
            var cmd = new byte[2]; var r = new byte[2];
            void Spi(byte a, byte b) { cmd[0] = a; cmd[1] = b; _chip.TransferFullDuplex(cmd, 0, r, 0, 2); }
            Spi(0xBF, 0x03); Spi(0x9F, 0x01);   // bank 1
            Spi(0x58, 0x00);                    // ERXFCON = 0
            Spi(0xBF, 0x03); if (bank != 0) Spi(0x9F, (byte)bank);

            var good = TestWire.MakeFrame(Mac, 300, 1);
            _chip.InjectFromWire(TestWire.MakeFrame(Mac, 300, 9), 0, 300, badFcs: true);
            _chip.InjectFromWire(good, 0, good.Length);
            AssertReceives(good);
            Assert.Equal(1, _dev.Counters.Drops);
        }

        [Fact]
        public void Corrupt_receive_header_is_read_again_then_resets_the_receiver_which_then_works_again()
        {
            // An even ERXRDPT makes the simulated chip corrupt the next packet pointer (errata 14):
            // the driver must notice the implausible header, read it again, reset RX and carry on.
            var cmd = new byte[2]; var r = new byte[2];
            int bank = _chip.PeekRegister(0, 0x1F) & 0x03;
            void Spi(byte a, byte b) { cmd[0] = a; cmd[1] = b; _chip.TransferFullDuplex(cmd, 0, r, 0, 2); }
            Spi(0xBF, 0x03);                                  // bank 0
            Spi(0x4C, 0x00); Spi(0x4D, 0x10);                 // ERXRDPT = 1000h (even)
            if (bank != 0) Spi(0x9F, (byte)bank);
            _wire.Push(TestWire.MakeFrame(Mac, 100, 1), 100);
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(1, _dev.Counters.ReceiverResets);

            var f = TestWire.MakeFrame(Mac, 500, 2);
            _wire.Push(f, f.Length);
            AssertReceives(f);
        }

        [Fact]
        public void Late_collision_is_retransmitted_per_errata_13_and_gives_up_after_16()
        {
            var peer = new byte[] { 0x02, 0, 0, 0, 0, 0xEE };
            var a = TestWire.MakeFrame(peer, 300, 1);
            var b = TestWire.MakeFrame(peer, 300, 2);
            var got = new byte[1600];

            _chip.InjectTransmitAborts(2, lateCollision: true);
            Assert.True(_dev.SendCopy(a, 0, a.Length));   // aborted by the chip, twice
            Assert.True(_dev.SendCopy(b, 0, b.Length));   // finds the abort, retransmits a until it leaves, then sends b
            Assert.Equal(2, _wire.SentCount);
            _wire.TryTake(got); Assert.Equal(a[14], got[14]); Assert.Equal(a[299], got[299]);
            _wire.TryTake(got); Assert.Equal(b[14], got[14]);
            Assert.Equal(2, _dev.Counters.Retransmissions);
            Assert.Equal(0, _dev.Counters.Errors);

            _chip.InjectTransmitAborts(100, lateCollision: true);
            Assert.True(_dev.SendCopy(a, 0, a.Length));
            Assert.True(_dev.SendCopy(b, 0, b.Length));   // a given up after 16 retransmissions
            Assert.Equal(18, _dev.Counters.Retransmissions);
            Assert.Equal(1, _dev.Counters.Errors);
        }

        [Fact]
        public void Aborts_other_than_late_collisions_are_counted_not_retried()
        {
            var peer = new byte[] { 0x02, 0, 0, 0, 0, 0xEE };
            var a = TestWire.MakeFrame(peer, 100, 1);
            _chip.InjectTransmitAborts(1, lateCollision: false);
            Assert.True(_dev.SendCopy(a, 0, a.Length));
            Assert.True(_dev.SendCopy(a, 0, a.Length));
            Assert.Equal(1, _dev.Counters.Errors);
            Assert.Equal(1, _wire.SentCount);
        }

        private sealed class CountingDelay : NanoTcp.Drivers.IDelay
        {
            public int TotalMs;
            public void SleepMs(int ms) { TotalMs += ms; }
        }
    }
}
