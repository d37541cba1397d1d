using System;
using System.Device.Spi;
using NanoTcp.Drivers;

namespace NanoTcp.Boards.Tests
{
    /// <summary>
    /// A desktop System.Device.Spi.SpiDevice whose wire is a simulated chip (any ISpiBus, e.g.
    /// the W5500Chip register model): what /dev/spidev0.0 or an FT232H would be on real
    /// hardware. SpiDevice is abstract on desktop .NET, so the adapter under test cannot tell
    /// the difference. Every TransferFullDuplex is one chip-select window on the chip.
    /// Copies through preallocated scratch arrays, so the double itself allocates nothing and
    /// allocation tests measure the adapter.
    /// </summary>
    internal sealed class SimulatedSpiDevice : SpiDevice
    {
        private readonly ISpiBus _chip;
        private readonly SpiConnectionSettings _settings;
        private readonly byte[] _mosi;
        private readonly byte[] _miso;

        public SimulatedSpiDevice(ISpiBus chip, int maxTransfer = 4096)
        {
            _chip = chip;
            _settings = new SpiConnectionSettings(0, 0) { ClockFrequency = 20_000_000, Mode = SpiMode.Mode0 };
            _mosi = new byte[maxTransfer];
            _miso = new byte[maxTransfer];
        }

        /// <summary>Chip-select windows opened so far.</summary>
        public int Transfers { get; private set; }

        /// <summary>Length of the last window.</summary>
        public int LastLength { get; private set; }

        public override SpiConnectionSettings ConnectionSettings => _settings;

        public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            if (writeBuffer.Length != readBuffer.Length)
            {
                // UnixSpiDevice rejects this too.
                throw new ArgumentException("Write and read buffers must have the same length.");
            }

            int n = writeBuffer.Length;
            // Clock everything out first, like spidev's bounce buffer, so in-place works.
            writeBuffer.CopyTo(_mosi);
            _chip.TransferFullDuplex(_mosi, 0, _miso, 0, n);
            new ReadOnlySpan<byte>(_miso, 0, n).CopyTo(readBuffer);
            Transfers++;
            LastLength = n;
        }

        public override void Read(Span<byte> buffer)
        {
            Span<byte> zeros = _mosi.AsSpan(0, buffer.Length);
            zeros.Clear();
            TransferFullDuplex(zeros, buffer);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            TransferFullDuplex(buffer, _miso.AsSpan(0, buffer.Length));
        }
    }
}
