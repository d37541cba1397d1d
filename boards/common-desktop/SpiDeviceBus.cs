using System;
using System.Device.Spi;
using NanoTcp.Drivers;

namespace NanoTcp.Boards.Desktop
{
    /// <summary>
    /// Desktop .NET's System.Device.Spi.SpiDevice (System.Device.Gpio 4.2.0) as the ISpiBus the
    /// chip drivers talk to: the Raspberry Pi's /dev/spidevB.C (UnixSpiDevice) or an FTDI
    /// FT232H (Iot.Device.Ft232H.Ft232HSpi). Shared by boards/rpi-w5500 and boards/ft232h-w5500.
    ///
    /// One call = one SpiDevice.TransferFullDuplex = one chip-select window. Both backends hold
    /// CS for exactly one transfer: UnixSpiDevice issues one SPI_IOC_MESSAGE(1) ioctl (the
    /// kernel raises CS after the last spi_ioc_transfer), and Ft232HSpi asserts CS, clocks the
    /// bytes, and releases CS inside TransferFullDuplex (dotnet/iot v4.2.0
    /// src/devices/Ft232H/Ftx232HDevice.cs SpiWriteRead). Both chips need this: a W5500 frame
    /// is address + control + data under one SCSn low (W5500 DS 2.2, VDM mode).
    ///
    /// No allocation per call: the spans are views over the caller's byte[] range.
    /// write and read may be the same array: both backends read the whole write span before
    /// they store into the read span (spidev copies through its own bounce buffer; Ft232HSpi
    /// copies the write span into its command buffer first).
    /// </summary>
    public sealed class SpiDeviceBus : ISpiBus
    {
        private readonly SpiDevice _device;
        private long _transactions;
        private long _bytes;

        /// <summary>Linux spidev's default bufsiz (drivers/spi/spidev.c): longer transfers fail with EMSGSIZE.</summary>
        public const int SpidevDefaultMaxTransfer = 4096;

        /// <param name="device">A SpiDevice opened on the chip's chip-select line, 8-bit
        /// words, MSB first, mode 0 (W5500: mode 0 or 3; ENC28J60: mode 0 only).</param>
        /// <param name="maxTransferBytes">The largest single transfer the backend takes: 4096 for
        /// /dev/spidev with the default bufsiz (raise it with spidev.bufsiz=N on the kernel
        /// command line and pass N here); the drivers split longer transfers.</param>
        public SpiDeviceBus(SpiDevice device, int maxTransferBytes = SpidevDefaultMaxTransfer)
        {
            _device = device ?? throw new ArgumentNullException(nameof(device),
                "Open the SpiDevice first, e.g. SpiDevice.Create(new SpiConnectionSettings(0, 0)) for /dev/spidev0.0.");
            if (maxTransferBytes < 64)
            {
                throw new ArgumentOutOfRangeException(nameof(maxTransferBytes),
                    "maxTransferBytes must be at least 64; spidev's default is 4096 (SpidevDefaultMaxTransfer).");
            }
            MaxTransferBytes = maxTransferBytes;
        }

        /// <inheritdoc />
        public int MaxTransferBytes { get; }

        /// <summary>The SpiDevice this bus drives.</summary>
        public SpiDevice Device => _device;

        /// <summary>Transfers performed (one chip-select window each).</summary>
        public long Transactions => _transactions;

        /// <summary>Bytes clocked in each direction.</summary>
        public long Bytes => _bytes;

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            // Span constructors check the ranges (ArgumentOutOfRangeException): a driver bug,
            // never wire input, so throwing is right.
            _device.TransferFullDuplex(
                new ReadOnlySpan<byte>(write, writeOffset, count),
                new Span<byte>(read, readOffset, count));
            _transactions++;
            _bytes += count;
        }
    }
}
