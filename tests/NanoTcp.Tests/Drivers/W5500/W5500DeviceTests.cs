using System;
using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Simulation;
using NanoTcp.Simulation.W5500;
using Xunit;

namespace NanoTcp.Tests.Drivers.W5500
{
    /// <summary>W5500Device against the simulated chip: initialisation, frames both ways, SPI budget.</summary>
    public class W5500DeviceTests
    {
        private static readonly byte[] Mac = { 0x02, 0x55, 0x00, 0x00, 0x00, 0x01 };
        private readonly FrameQueueWire _wire = new FrameQueueWire();
        private readonly W5500Chip _chip;
        private readonly W5500Device _dev;
        private readonly byte[] _buf = new byte[1600];

        public W5500DeviceTests()
        {
            _chip = new W5500Chip(_wire);
            _dev = new W5500Device(_chip, Mac);
            _dev.Initialize();
        }

        private byte[] Frame(int length, int seed) => FrameQueueWire.MakeFrame(Mac, length, seed);

        [Fact]
        public void Initialize_opens_socket0_in_macraw_with_the_mac_filter_and_all_memory()
        {
            Assert.Equal(0xA4, _chip.PeekRegister(1, 0x00)); // Sn_MR = MFEN | MMB | MACRAW: no multicast until asked
            Assert.Equal(0x42, _chip.PeekRegister(1, 0x03)); // Sn_SR = SOCK_MACRAW
            Assert.Equal(16, _chip.PeekRegister(1, 0x1E));
            Assert.Equal(16, _chip.PeekRegister(1, 0x1F));
            for (int n = 1; n < 8; n++)
            {
                Assert.Equal(0, _chip.PeekRegister(4 * n + 1, 0x1E));
                Assert.Equal(0, _chip.PeekRegister(4 * n + 1, 0x1F));
            }
            for (int k = 0; k < 6; k++) Assert.Equal(Mac[k], _chip.PeekRegister(0, 0x09 + k));
            Assert.True(_dev.LinkUp);
        }

        [Fact]
        public void Initialize_pulses_the_reset_pin_and_waits_the_datasheet_times()
        {
            var wire = new FrameQueueWire();
            var chip = new W5500Chip(wire);
            var delay = new RecordingDelay();
            var dev = new W5500Device(chip, Mac, chip.ResetPin, delay);
            dev.Initialize();
            Assert.True(delay.TotalMs >= 2); // >= 500 us low, >= 1 ms PLL lock (DS 5.5.1)
            Assert.Equal(0x42, chip.PeekRegister(1, 0x03));
        }

        [Fact]
        public void Calls_before_Initialize_say_what_to_do()
        {
            var dev = new W5500Device(new W5500Chip(new FrameQueueWire()), Mac);
            var e = Assert.Throws<InvalidOperationException>(() => dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Contains("Initialize", e.Message);
        }

        [Theory]
        [InlineData(0xFF, "MISO")]
        [InlineData(0x00, "SCLK")]
        public void Dead_chip_gives_a_wiring_error_within_bounded_retries(byte miso, string hint)
        {
            var bus = new DeadSpiBus(miso);
            var dev = new W5500Device(bus, Mac);
            var e = Assert.Throws<InvalidOperationException>(() => dev.Initialize());
            Assert.Contains(hint, e.Message);
            Assert.Contains(miso == 0xFF ? "0xFF" : "0x00", e.Message);
            Assert.True(bus.Transactions <= 1 + 2 * W5500Device.MaxVersionPolls, "transactions: " + bus.Transactions);
        }

        [Fact]
        public void Wrong_version_names_the_value_read()
        {
            var spi = new TamperingSpi(new W5500Chip(new FrameQueueWire()));
            spi.Tamper = (hdr, _, read, off, count) =>
            {
                if (hdr[0] == 0x00 && hdr[1] == 0x39 && hdr[2] == 0x00) read[off + 3] = 0x51;
                return false;
            };
            var dev = new W5500Device(spi, Mac);
            var e = Assert.Throws<InvalidOperationException>(() => dev.Initialize());
            Assert.Contains("VERSIONR read 0x51", e.Message);
        }

        [Theory]
        [InlineData(60)]
        [InlineData(61)]
        [InlineData(100)]
        [InlineData(576)]
        [InlineData(1000)]
        [InlineData(1513)]
        [InlineData(1514)]
        public void Frames_of_60_to_1514_bytes_arrive_intact(int length)
        {
            var f = Frame(length, length);
            _wire.Inject(f, length);
            int n = _dev.ReceiveCopy(_buf, 0, _buf.Length);
            Assert.Equal(length, n);
            Assert.Equal(f, _buf.AsSpan(0, n).ToArray());
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length));
        }

        [Theory]
        [InlineData(60)]
        [InlineData(61)]
        [InlineData(100)]
        [InlineData(576)]
        [InlineData(1000)]
        [InlineData(1513)]
        [InlineData(1514)]
        public void Frames_of_60_to_1514_bytes_are_sent_intact(int length)
        {
            var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, length, length);
            Assert.True(_dev.SendCopy(f, 0, length));
            Assert.Equal(f, _wire.TakeSent());
        }

        [Fact]
        public void Short_frames_are_padded_to_60_bytes()
        {
            var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 42, 1);
            Assert.True(_dev.SendCopy(f, 0, 42));
            var sent = _wire.TakeSent();
            Assert.Equal(60, sent.Length);
            Assert.Equal(f, sent.AsSpan(0, 42).ToArray());
            Assert.All(sent.AsSpan(42).ToArray(), b => Assert.Equal(0, b));
            Assert.Equal(60, (_chip.PeekRegister(1, 0x24) << 8) | _chip.PeekRegister(1, 0x25)); // Sn_TX_WR advanced by 60
        }

        [Fact]
        public void Send_rejects_frames_outside_14_to_1514_with_a_clear_message()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => _dev.SendCopy(new byte[1600], 0, 1515));
            Assert.Contains("1514", e.Message);
        }

        [Fact]
        public void Receive_pointer_wraps_at_the_end_of_buffer_memory()
        {
            // 40 frames of 1000 bytes = 40 KB through a 16 KB buffer: the pointer passes the end twice.
            for (int i = 0; i < 40; i++)
            {
                var f = Frame(1000, i);
                _wire.Inject(f, f.Length);
                Assert.Equal(1000, _dev.ReceiveCopy(_buf, 0, _buf.Length));
                Assert.Equal(f, _buf.AsSpan(0, 1000).ToArray());
            }
            int rd = (_chip.PeekRegister(1, 0x28) << 8) | _chip.PeekRegister(1, 0x29);
            Assert.Equal(40 * 1002, rd);
            Assert.Equal(0, _dev.Counters.Errors);
        }

        [Fact]
        public void Transmit_pointer_wraps_at_the_end_of_buffer_memory()
        {
            for (int i = 0; i < 40; i++)
            {
                var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 1000, i);
                Assert.True(_dev.SendCopy(f, 0, f.Length));
                Assert.Equal(f, _wire.TakeSent());
            }
            Assert.Equal(40 * 1000, (_chip.PeekRegister(1, 0x24) << 8) | _chip.PeekRegister(1, 0x25));
        }

        [Fact]
        public void Tx_write_pointer_wraps_past_0xFFFF()
        {
            // 70 x 1000 bytes: Sn_TX_WR passes 65535 and wraps to the low 16 bits (DS 4.2).
            for (int i = 0; i < 70; i++)
            {
                var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 1000, i);
                Assert.True(_dev.SendCopy(f, 0, f.Length));
                Assert.Equal(f, _wire.TakeSent());
            }
            Assert.Equal((70 * 1000) & 0xFFFF, (_chip.PeekRegister(1, 0x24) << 8) | _chip.PeekRegister(1, 0x25));
        }

        [Fact]
        public void Rx_read_pointer_wraps_past_0xFFFF()
        {
            for (int i = 0; i < 70; i++)
            {
                var f = Frame(1000, i);
                _wire.Inject(f, f.Length);
                Assert.Equal(1000, _dev.ReceiveCopy(_buf, 0, _buf.Length));
                Assert.Equal(f, _buf.AsSpan(0, 1000).ToArray());
            }
            Assert.Equal((70 * 1002) & 0xFFFF, (_chip.PeekRegister(1, 0x28) << 8) | _chip.PeekRegister(1, 0x29));
        }

        [Fact]
        public void One_received_frame_costs_at_most_4_spi_transactions()
        {
            var f = Frame(1514, 3);
            _wire.Inject(f, f.Length);
            long before = _dev.Counters.SpiTransactions;
            Assert.Equal(1514, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            long spent = _dev.Counters.SpiTransactions - before;
            Assert.True(spent <= 4, "spent " + spent);
        }

        [Fact]
        public void Several_waiting_frames_are_read_in_one_burst()
        {
            for (int i = 0; i < 10; i++) _wire.Inject(Frame(100, i), 100);
            _chip.Step();
            long before = _dev.Counters.SpiTransactions;
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(100, _dev.ReceiveCopy(_buf, 0, _buf.Length));
                Assert.Equal(Frame(100, i), _buf.AsSpan(0, 100).ToArray());
            }
            long spent = _dev.Counters.SpiTransactions - before;
            Assert.Equal(4, spent); // status, burst, Sn_RX_RD, RECV for all ten
            Assert.True(spent / 10.0 < 1.0);
        }

        [Fact]
        public void Frames_beyond_the_burst_buffer_come_in_the_next_burst()
        {
            // 20 x 1514 = 30 KB cannot wait in 16 KB of chip memory at once; feed 10 (15 KB).
            for (int i = 0; i < 10; i++) _wire.Inject(Frame(1514, i), 1514);
            _chip.Step();
            long before = _dev.Counters.SpiTransactions;
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(1514, _dev.ReceiveCopy(_buf, 0, _buf.Length));
                Assert.Equal(Frame(1514, i), _buf.AsSpan(0, 1514).ToArray());
            }
            long spent = _dev.Counters.SpiTransactions - before;
            Assert.True(spent <= 4 * 10, "spent " + spent);
            Assert.True(spent < 4 * 10, "a 4 KB burst holds two full frames, so fewer than 4 per frame: " + spent);
        }

        [Theory]
        [InlineData(1520)]
        [InlineData(4096)]
        [InlineData(16384)]
        public void Random_sizes_in_random_batches_arrive_intact_and_in_order(int burstCapacity)
        {
            // Partial frames carried from one burst to the next, across the buffer end and the
            // 16-bit pointer wrap (300 frames of up to 1514 bytes pass 64 KB several times).
            var dev = new W5500Device(_chip, Mac, null, null, burstCapacity);
            dev.Initialize();
            var rng = new Random(burstCapacity);
            int sent = 0, received = 0;
            while (received < 300)
            {
                int batch = rng.Next(1, 10), bytes = 0;
                for (int i = 0; i < batch && sent < 300; i++)
                {
                    int size = 60 + (sent * 7919 % 1455);
                    if (bytes + size + 2 > 16 * 1024) break;
                    bytes += size + 2;
                    var f = Frame(size, sent++);
                    _wire.Inject(f, size);
                }
                _chip.Step();
                int n;
                while ((n = dev.ReceiveCopy(_buf, 0, _buf.Length)) > 0)
                {
                    int size = 60 + (received * 7919 % 1455);
                    Assert.Equal(size, n);
                    Assert.Equal(Frame(size, received), _buf.AsSpan(0, n).ToArray());
                    received++;
                }
                Assert.Equal(sent, received);
            }
            Assert.Equal(0, dev.Counters.Errors);
            Assert.Equal(0, _chip.RxOverflowDrops);
            Assert.True(dev.Counters.SpiTransactions > 0);
        }

        [Fact]
        public void One_sent_frame_costs_at_most_4_spi_transactions()
        {
            var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 1514, 1);
            for (int i = 0; i < 5; i++)
            {
                long before = _dev.Counters.SpiTransactions;
                Assert.True(_dev.SendCopy(f, 0, f.Length));
                long spent = _dev.Counters.SpiTransactions - before;
                Assert.True(spent <= 4, "spent " + spent);
            }
            Assert.Equal(5, _wire.SentCount);
        }

        [Fact]
        public void Only_one_send_is_in_flight_and_the_next_frame_waits_in_tx_memory()
        {
            _chip.SendLatencyTransactions = 50; // the previous SEND is still on the wire
            var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 200, 1);
            var g = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 300, 2);
            Assert.True(_dev.SendCopy(f, 0, f.Length));
            Assert.True(_dev.SendCopy(g, 0, g.Length));   // taken: it waits behind the SEND in flight
            Assert.Equal(0, _chip.CommandsWhileBusy);
            Assert.Equal(0, _dev.Counters.Drops);
            for (int i = 0; i < 100 && _wire.SentCount < 2; i++) _dev.ReceiveCopy(_buf, 0, _buf.Length);
            Assert.Equal(f, _wire.TakeSent());
            Assert.Equal(g, _wire.TakeSent());
            Assert.Equal(0, _chip.CommandsWhileBusy);
        }

        [Fact]
        public void Link_down_and_up()
        {
            _chip.SetLink(false);
            Assert.False(_dev.LinkUp);
            _wire.Inject(Frame(60, 1), 60);
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length)); // nothing arrives on a dead wire
            var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 60, 1);
            Assert.False(_dev.SendCopy(f, 0, 60));  // refused: a SEND on a down link may never complete
            Assert.Equal(0, _chip.SendsHung);
            _chip.SetLink(true);
            Assert.True(_dev.LinkUp);
            Assert.True(_dev.SendCopy(f, 0, 60));
            Assert.Equal(1, _wire.SentCount);
            _wire.Inject(Frame(60, 2), 60);
            Assert.Equal(60, _dev.ReceiveCopy(_buf, 0, _buf.Length));
        }

        [Fact]
        public void Lent_frame_survives_a_send_until_the_next_receive()
        {
            // INetDevice: the frame is lent from the driver's burst buffer until the next Receive;
            // a Send in between goes from the caller's buffer and must not disturb it.
            _wire.Inject(Frame(500, 1), 500);
            _wire.Inject(Frame(100, 2), 100);
            _chip.Step();
            int n = _dev.Receive(out byte[] lent, out int at);
            Assert.Equal(500, n);
            var outbound = Frame(1514, 3);
            Assert.True(_dev.SendCopy(outbound, 0, outbound.Length));
            Assert.Equal(Frame(500, 1), lent.AsSpan(at, n).ToArray());
            Assert.Equal(100, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(Frame(100, 2), _buf.AsSpan(0, 100).ToArray());
        }

        [Fact]
        public void Send_writes_the_spi_header_into_the_callers_headroom_and_sends_in_one_transaction()
        {
            Assert.Equal(3, _dev.TransmitHeadroom);
            var frame = Frame(1514, 4);
            var buffer = new byte[3 + 1514];
            Array.Copy(frame, 0, buffer, 3, frame.Length);
            Assert.Throws<ArgumentOutOfRangeException>(() => _dev.Send(buffer, 2, 1514));
            _dev.Counters.Reset();
            Assert.True(_dev.Send(buffer, 3, 1514));
            _chip.Step();
            Assert.Equal(frame, _wire.TakeSent());
            // One transaction each: header + frame, the status read (Sn_MR..Sn_RX_WR), Sn_TX_WR, Sn_CR = SEND.
            Assert.Equal(4, _dev.Counters.SpiTransactions);
            Assert.Equal((3 + 1514) + (3 + 0x2C) + (3 + 2) + (3 + 1), _dev.Counters.SpiBytes);
        }

        [Fact]
        public void Implausible_length_header_is_read_again_before_anything_is_dropped()
        {
            var spi = new TamperingSpi(_chip);
            var dev = new W5500Device(spi, Mac);
            dev.Initialize();
            _wire.Inject(Frame(100, 1), 100);
            _wire.Inject(Frame(100, 2), 100);
            spi.Tamper = (hdr, _, read, off, count) =>
            {
                if (hdr[2] == 0x18) { read[off + 3] = 0x7F; return true; } // first RX-buffer read: header 0x7F66
                return false;
            };
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(1, dev.Counters.Errors);
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length)); // read again: a flipped bit costs no frame
            Assert.Equal(Frame(100, 1), _buf.AsSpan(0, 100).ToArray());
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
        }

        [Fact]
        public void Implausible_length_header_read_twice_drains_the_buffer_and_counts_an_error()
        {
            var spi = new TamperingSpi(_chip);
            var dev = new W5500Device(spi, Mac);
            dev.Initialize();
            _wire.Inject(Frame(100, 1), 100);
            _wire.Inject(Frame(100, 2), 100);
            int spoiled = 0;
            spi.Tamper = (hdr, _, read, off, count) =>
            {
                if (hdr[2] == 0x18) { read[off + 3] = 0x7F; return ++spoiled == 2; }
                return false;
            };
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(2, dev.Counters.Errors);
            _wire.Inject(Frame(100, 3), 100);
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length)); // recovered: later frames flow
            Assert.Equal(Frame(100, 3), _buf.AsSpan(0, 100).ToArray());
        }

        [Fact]
        public void Torn_size_read_is_detected_and_read_again()
        {
            var spi = new TamperingSpi(_chip);
            var dev = new W5500Device(spi, Mac);
            dev.Initialize();
            _wire.Inject(Frame(100, 1), 100);
            spi.Tamper = (hdr, _, read, off, count) =>
            {
                // a status read (socket 0 registers from 0x00) where Sn_RX_RSR reads 0x01xx instead of 0x00xx
                if (hdr[0] == 0 && hdr[1] == 0 && hdr[2] == 0x08 && count > 0x2C) { read[off + 3 + 0x26] ^= 0x01; return true; }
                return false;
            };
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(Frame(100, 1), _buf.AsSpan(0, 100).ToArray());
            Assert.Equal(0, dev.Counters.Errors);
        }

        [Fact]
        public void Chip_reset_behind_the_drivers_back_is_recovered()
        {
            _chip.ResetPin.Write(false);
            _chip.ResetPin.Write(true);
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(1, _dev.Counters.Errors);
            Assert.Equal(0x42, _chip.PeekRegister(1, 0x03));
            _wire.Inject(Frame(80, 1), 80);
            Assert.Equal(80, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            var f = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 80, 1);
            Assert.True(_dev.SendCopy(f, 0, 80));
            Assert.Equal(f, _wire.TakeSent());
        }

        [Fact]
        public void Frames_for_other_stations_are_filtered_by_the_chip()
        {
            _wire.Inject(FrameQueueWire.MakeFrame(new byte[] { 0x02, 9, 9, 9, 9, 9 }, 60, 1), 60);
            _wire.Inject(FrameQueueWire.MakeFrame(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 60, 2), 60);
            Assert.Equal(60, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(0xFF, _buf[0]);
            Assert.Equal(0, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(1, _chip.FramesFiltered);
        }

        [Fact]
        public void With_an_interrupt_line_an_idle_poll_costs_no_spi_transaction()
        {
            var wire = new FrameQueueWire();
            var chip = new W5500Chip(wire);
            var dev = new W5500Device(chip, Mac) { InterruptPin = chip.InterruptPin };
            dev.Initialize();
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length)); // the first poll after open looks once
            long before = dev.Counters.SpiTransactions;
            for (int i = 0; i < 10; i++) Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(before, dev.Counters.SpiTransactions);
            Assert.False(dev.InterruptPending);
            wire.Inject(Frame(60, 1), 60);
            chip.Step();
            Assert.True(dev.InterruptPending);
            Assert.Equal(60, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(chip.InterruptPin.Read()); // Sn_IR.RECV cleared with the RECV command
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length)); // one follow-up status read
            long idle = dev.Counters.SpiTransactions;
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(idle, dev.Counters.SpiTransactions);
        }

        [Fact]
        public void Frame_arriving_between_status_read_and_interrupt_clear_is_not_lost()
        {
            var wire = new FrameQueueWire();
            var chip = new W5500Chip(wire);
            var spi = new TamperingSpi(chip);
            var dev = new W5500Device(spi, Mac) { InterruptPin = chip.InterruptPin };
            dev.Initialize();
            wire.Inject(Frame(60, 1), 60);
            chip.Step();
            spi.Tamper = (hdr, _, read, off, count) =>
            {
                if (hdr[2] == 0x18) { wire.Inject(Frame(60, 2), 60); return true; } // arrives during the burst
                return false;
            };
            Assert.Equal(60, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(chip.InterruptPin.Read()); // its RECV flag was cleared together with ours...
            Assert.Equal(60, dev.ReceiveCopy(_buf, 0, _buf.Length)); // ...but the follow-up read finds it
            Assert.Equal(Frame(60, 2), _buf.AsSpan(0, 60).ToArray());
        }

        [Fact]
        public void Steady_state_traffic_allocates_nothing()
        {
            var rxFrame = Frame(1000, 1);
            var txFrame = FrameQueueWire.MakeFrame(new byte[] { 0x02, 7, 7, 7, 7, 7 }, 1000, 2);
            var sink = new byte[1600];
            for (int i = 0; i < 50; i++) // warm up (JIT, first-use paths)
            {
                _wire.Inject(rxFrame, 1000);
                _dev.ReceiveCopy(_buf, 0, _buf.Length);
                _dev.SendCopy(txFrame, 0, 1000);
                _wire.TakeSent(sink);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                _wire.Inject(rxFrame, 1000);
                _dev.ReceiveCopy(_buf, 0, _buf.Length);
                _dev.SendCopy(txFrame, 0, 1000);
                _wire.TakeSent(sink);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.Equal(1050, _dev.Counters.FramesIn);
            Assert.Equal(1050, _dev.Counters.FramesOut);
        }
    }
}
