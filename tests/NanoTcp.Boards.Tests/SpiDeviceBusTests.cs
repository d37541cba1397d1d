using System;
using NanoTcp.Boards.Desktop;
using Xunit;

namespace NanoTcp.Boards.Tests
{
    public class SpiDeviceBusTests
    {
        [Fact]
        public void Transfer_uses_exactly_the_offset_windows_of_both_arrays()
        {
            var chip = new RecordingChip();
            var bus = new SpiDeviceBus(new SimulatedSpiDevice(chip));
            byte[] write = new byte[32];
            for (int i = 0; i < write.Length; i++) write[i] = (byte)(0xA0 + i);
            byte[] read = new byte[32];
            for (int i = 0; i < read.Length; i++) read[i] = 0xEE;

            bus.TransferFullDuplex(write, 5, read, 11, 9);

            Assert.Equal(9, chip.LastCount);
            for (int i = 0; i < 9; i++)
            {
                Assert.Equal(write[5 + i], chip.LastMosi[i]);
                Assert.Equal(RecordingChip.Answer(i, write[5 + i]), read[11 + i]);
            }

            for (int i = 0; i < 11; i++) Assert.Equal(0xEE, read[i]);
            for (int i = 20; i < read.Length; i++) Assert.Equal(0xEE, read[i]);
        }

        [Fact]
        public void Each_call_is_one_chip_select_window_and_is_counted()
        {
            var chip = new RecordingChip();
            var device = new SimulatedSpiDevice(chip);
            var bus = new SpiDeviceBus(device);
            byte[] buf = new byte[1517];

            bus.TransferFullDuplex(buf, 0, buf, 0, 3);
            bus.TransferFullDuplex(buf, 0, buf, 0, 1517);
            bus.TransferFullDuplex(buf, 0, buf, 0, 4);

            Assert.Equal(3, device.Transfers);
            Assert.Equal(3, chip.Windows);
            Assert.Equal(4, device.LastLength);
            Assert.Equal(3, bus.Transactions);
            Assert.Equal(3 + 1517 + 4, bus.Bytes);
        }

        [Fact]
        public void Same_array_for_write_and_read_is_an_in_place_transfer()
        {
            var chip = new RecordingChip();
            var bus = new SpiDeviceBus(new SimulatedSpiDevice(chip));
            byte[] buf = { 0x00, 0x39, 0x00, 0x00, 0x55 };

            bus.TransferFullDuplex(buf, 0, buf, 0, 4);

            Assert.Equal(new byte[] { 0x00, 0x39, 0x00, 0x00 }, chip.LastMosi.AsSpan(0, 4).ToArray());
            Assert.Equal(RecordingChip.Answer(1, 0x39), buf[1]);
            Assert.Equal(RecordingChip.Answer(3, 0x00), buf[3]);
            Assert.Equal(0x55, buf[4]);
        }

        [Fact]
        public void Zero_count_does_not_open_a_chip_select_window()
        {
            var chip = new RecordingChip();
            var device = new SimulatedSpiDevice(chip);
            var bus = new SpiDeviceBus(device);

            bus.TransferFullDuplex(new byte[1], 0, new byte[1], 0, 0);

            Assert.Equal(0, device.Transfers);
            Assert.Equal(0, bus.Transactions);
        }

        [Fact]
        public void Range_past_the_array_throws_and_leaves_the_bus_idle()
        {
            var chip = new RecordingChip();
            var device = new SimulatedSpiDevice(chip);
            var bus = new SpiDeviceBus(device);

            Assert.Throws<ArgumentOutOfRangeException>(() => bus.TransferFullDuplex(new byte[8], 4, new byte[8], 0, 5));
            Assert.Throws<ArgumentOutOfRangeException>(() => bus.TransferFullDuplex(new byte[8], 0, new byte[8], 6, 3));
            Assert.Equal(0, device.Transfers);
        }

        [Fact]
        public void Constructor_without_device_says_how_to_open_one()
        {
            var e = Assert.Throws<ArgumentNullException>(() => new SpiDeviceBus(null));
            Assert.Contains("SpiDevice.Create", e.Message);
        }

        [Fact]
        public void Steady_state_transfers_allocate_nothing()
        {
            var chip = new RecordingChip();
            var bus = new SpiDeviceBus(new SimulatedSpiDevice(chip));
            byte[] write = new byte[1600];
            byte[] read = new byte[1600];
            bus.TransferFullDuplex(write, 0, read, 0, 1517); // warm-up (JIT)

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                bus.TransferFullDuplex(write, 3, read, 3, 3 + (i % 1500));
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.Equal(1001, chip.Windows);
        }
    }
}
