using System.Device.Gpio;
using System.Device.Spi;
using System.IO;
using System.Threading;
using NanoTcp.Boards.Desktop;

namespace NanoTcp.Boards.RpiW5500
{
    /// <summary>
    /// NanoTcp on a Raspberry Pi with a W5500 module on SPI0/CE0: the same stack, web server
    /// and status page as the ESP32 apps and `nanotcp serve`, on desktop .NET. The kernel's
    /// SPI driver (/dev/spidev0.0) moves the bytes; the W5500 runs in MACRAW mode, so the Pi's
    /// own network stack never sees this interface: the W5500 gets its own MAC and IP
    /// address. Wiring: hw/rpi-w5500.md.
    /// </summary>
    public static class Program
    {
        // hw/rpi-w5500.md: SPI0 CE0, RST on GPIO24 (pin 18), INT on GPIO25 (pin 22).
        private static readonly BoardDefaults Defaults = new BoardDefaults
        {
            SpiClockHz = 20_000_000,
            ResetPin = 24,
            InterruptPin = 25,
            BusId = 0,
            ChipSelect = 0,
            PinWord = "BCM GPIO",
        };

        public static int Main(string[] args)
        {
            return new BoardCommandLine("NanoTcp on a Raspberry Pi with a W5500 on /dev/spidevB.C (see hw/rpi-w5500.md).", Defaults, Run).Invoke(args);
        }

        private static int Run(BoardSettings settings, CancellationToken cancel)
        {
            var clock = new MonotonicClock();
            var log = new StdoutLog(clock);
            log.Line("NanoTcp rpi-w5500 starting");

            string path = $"/dev/spidev{settings.BusId}.{settings.ChipSelect}";
            if (!File.Exists(path))
            {
                log.Line($"{path} does not exist: enable SPI (raspi-config > Interface Options > SPI, or dtparam=spi=on) " +
                         "and remove any dtoverlay=w5500 line from config.txt, then reboot. See hw/rpi-w5500.md.");
                return 1;
            }

            var spiSettings = new SpiConnectionSettings(settings.BusId, settings.ChipSelect)
            {
                ClockFrequency = settings.SpiClockHz,
                Mode = SpiMode.Mode0,
                DataBitLength = 8,
            };
            using SpiDevice spi = SpiDevice.Create(spiSettings);
            log.Line($"SPI: {path}, {settings.SpiClockHz / 1_000_000.0:0.#} MHz, mode 0");

            using var gpio = new GpioController();
            using CancellationTokenSource stop = DesktopBoard.StopOnCtrlC();
            using CancellationTokenSource both = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancel);
            return DesktopBoard.RunW5500("rpi-w5500", settings, spi, gpio, (50, 2), "hw/rpi-w5500.md", log, clock, both.Token);
        }
    }
}
