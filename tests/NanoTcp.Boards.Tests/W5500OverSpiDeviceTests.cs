using System;
using NanoTcp.Boards.Desktop;
using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Simulation;
using NanoTcp.Simulation.W5500;
using Xunit;

namespace NanoTcp.Boards.Tests
{
    /// <summary>
    /// The desktop apps' chip path end to end, minus the wires: W5500Device → SpiDeviceBus →
    /// a System.Device.Spi.SpiDevice subclass → the simulated W5500's registers → a cable.
    /// </summary>
    public class W5500OverSpiDeviceTests
    {
        private static readonly byte[] Mac = { 0x02, 0x4E, 0x54, 0x00, 0x00, 0x01 };

        private sealed class Rig
        {
            public readonly Cable Cable = new Cable(new CableOptions(), 16);
            public readonly W5500Chip Chip;
            public readonly SimulatedSpiDevice Spi;
            public readonly SpiDeviceBus Bus;
            public readonly W5500Device Driver;

            public Rig()
            {
                Chip = new W5500Chip(Cable.EndA);
                Spi = new SimulatedSpiDevice(Chip);
                Bus = new SpiDeviceBus(Spi);
                Driver = new W5500Device(Bus, Mac, Chip.ResetPin, null);
            }
        }

        [Fact]
        public void Chip_comes_up_in_MACRAW_through_the_SpiDevice_adapter()
        {
            var rig = new Rig();

            rig.Driver.Initialize();

            Assert.True(rig.Driver.LinkUp);
            Assert.Equal(0x42, rig.Chip.PeekRegister(1, 0x03)); // Sn_SR = SOCK_MACRAW (hw-facts A3)
            // Every driver transaction went through the adapter as exactly one chip-select window.
            Assert.Equal(rig.Chip.Transactions, rig.Bus.Transactions);
            Assert.Equal(rig.Spi.Transfers, rig.Bus.Transactions);
        }

        [Fact]
        public void Frames_cross_the_adapter_in_both_directions()
        {
            var rig = new Rig();
            rig.Driver.Initialize();
            byte[] frame = new byte[60];
            for (int i = 0; i < 6; i++) frame[i] = 0xFF;          // broadcast destination
            Array.Copy(Mac, 0, frame, 6, 6);
            frame[12] = 0x88; frame[13] = 0xB5;                    // local experimental EtherType
            for (int i = 14; i < frame.Length; i++) frame[i] = (byte)i;

            Assert.True(rig.Driver.SendCopy(frame, 0, frame.Length));
            rig.Chip.Step();
            byte[] wire = new byte[1600];
            int n = rig.Cable.EndB.ReceiveCopy(wire, 0, wire.Length);
            Assert.Equal(frame.Length, n);
            Assert.Equal(frame, wire.AsSpan(0, n).ToArray());

            byte[] back = (byte[])frame.Clone();
            Array.Copy(Mac, 0, back, 0, 6);                        // to the chip's own MAC
            back[6] = 0x02; back[7] = 0x99;
            Assert.True(rig.Cable.EndB.Send(back, 0, back.Length));
            rig.Chip.Step();
            byte[] got = new byte[1600];
            int m = rig.Driver.ReceiveCopy(got, 0, got.Length);
            Assert.Equal(back.Length, m);
            Assert.Equal(back, got.AsSpan(0, m).ToArray());
        }

        [Theory]
        [InlineData(0xFF, "MISO")]
        [InlineData(0x00, "SCLK")]
        public void A_miswired_chip_fails_start_up_with_the_drivers_wiring_hint(byte miso, string hint)
        {
            // What the Raspberry Pi and FT232H apps print when nothing answers on the bus.
            var device = new SimulatedSpiDevice(new DeadSpiBus(miso));
            var driver = new W5500Device(new SpiDeviceBus(device), Mac);

            var e = Assert.Throws<InvalidOperationException>(() => driver.Initialize());

            Assert.Contains("W5500 not responding", e.Message);
            Assert.Contains(hint, e.Message);
            Assert.InRange(device.Transfers, 1, 200);
        }
    }
}
