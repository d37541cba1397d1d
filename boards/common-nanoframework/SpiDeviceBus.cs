using System;
using System.Device.Spi;
using NanoTcp.Drivers;

namespace NanoTcp.Boards
{
    /// <summary>
    /// nanoFramework's SpiDevice as the ISpiBus the chip drivers talk to. Shared by the ESP32
    /// board apps (boards/esp32-w5500, boards/esp32-enc28j60).
    ///
    /// One call = one SpiDevice.TransferFullDuplex = one chip-select window: the SpiDevice is
    /// opened with the chip's CS pin in SpiConnectionSettings.ChipSelectLine, and the native
    /// driver asserts CS for exactly one transfer (System.Device.Spi README: "When specifying a
    /// GPIO number the driver takes care of this for you"). Both chips need that: a W5500 frame
    /// is address + control + data under one SCSn low (W5500 DS 2.2, "VDM"), an ENC28J60
    /// RBM/WBM streams until CS rises (ENC28J60 DS 4.2).
    ///
    /// No allocation per call: SpanByte is a ref struct over the caller's byte[] with offset
    /// and length, and nanoFramework's native SPI code honours the span's start and length
    /// (nf-interpreter sys_dev_spi_native_System_Device_Spi_SpiDevice.cpp), so nothing is copied
    /// on the managed side.
    /// </summary>
    public sealed class SpiDeviceBus : ISpiBus
    {
        private readonly SpiDevice _device;
        private long _transactions;
        private long _bytes;

        /// <param name="device">An SpiDevice created with the chip's CS pin as ChipSelectLine,
        /// SpiBusConfiguration.FullDuplex (the default), 8-bit data, MSB first.</param>
        public SpiDeviceBus(SpiDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException("device", "Create the SpiDevice first: SpiDevice.Create(new SpiConnectionSettings(bus, csPin)).");
            }

            _device = device;
        }

        /// <summary>
        /// ESP-IDF's DMA descriptor limit (SPI_MAX_DMA_LEN, 4096 - 4 = 4092 bytes), the default
        /// spi_bus_config_t.max_transfer_sz: the drivers split longer transfers.
        /// </summary>
        public int MaxTransferBytes
        {
            get { return 4092; }
        }

        /// <summary>Transfers performed (one chip-select window each).</summary>
        public long Transactions { get { return _transactions; } }

        /// <summary>Bytes clocked in each direction.</summary>
        public long Bytes { get { return _bytes; } }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            // SpanByte's constructor checks the ranges (ArgumentOutOfRangeException) - a driver
            // bug, never wire input, so letting it throw is right.
            _device.TransferFullDuplex(new SpanByte(write, writeOffset, count), new SpanByte(read, readOffset, count));
            _transactions++;
            _bytes += count;
        }
    }
}
