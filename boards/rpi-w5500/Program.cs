using System;
using System.Device.Gpio;
using System.Device.Spi;
using System.IO;
using System.Threading;
using NanoTcp.Boards;
using NanoTcp.Boards.Desktop;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;

namespace NanoTcp.Boards.RpiW5500
{
    /// <summary>
    /// NanoTcp on a Raspberry Pi with a W5500 module on SPI0/CE0: the same stack and web server
    /// as the ESP32 apps, on desktop .NET. The kernel's SPI driver (/dev/spidev0.0) moves the
    /// bytes; the W5500 runs in MACRAW mode, so the Pi's own network stack never sees this
    /// interface: the W5500 gets its own MAC and IP address. Wiring: hw/rpi-w5500.md.
    /// </summary>
    public static class Program
    {
        // hw/rpi-w5500.md: SPI0 CE0, RST on GPIO24 (pin 18), INT on GPIO25 (pin 22).
        private const int DefaultClockHz = 20_000_000;
        private const int DefaultResetPin = 24;
        private const int DefaultInterruptPin = 25;

        public static int Main(string[] args)
        {
            var cmd = new CommandLine(DefaultClockHz, DefaultResetPin, DefaultInterruptPin, defaultBus: 0, defaultCs: 0);
            try
            {
                cmd.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            if (cmd.ShowHelp)
            {
                Console.WriteLine(CommandLine.Usage("nanotcp-rpi-w5500", "BCM GPIO"));
                return 0;
            }

            var clock = new MonotonicClock();
            var log = new StdoutLog(clock);
            BoardConfig config = cmd.Config;
            config.BoardName = "rpi-w5500";
            log.Line("NanoTcp rpi-w5500 starting");

            string path = $"/dev/spidev{cmd.BusId}.{cmd.ChipSelect}";
            if (!File.Exists(path))
            {
                log.Line($"{path} does not exist: enable SPI (raspi-config > Interface Options > SPI, or dtparam=spi=on) " +
                         "and remove any dtoverlay=w5500 line from config.txt, then reboot. See hw/rpi-w5500.md.");
                return 1;
            }

            var settings = new SpiConnectionSettings(cmd.BusId, cmd.ChipSelect)
            {
                ClockFrequency = cmd.SpiClockHz,
                Mode = SpiMode.Mode0,
                DataBitLength = 8,
            };
            using SpiDevice spi = SpiDevice.Create(settings);
            log.Line($"SPI: {path}, {cmd.SpiClockHz / 1_000_000.0:0.#} MHz, mode 0");

            using var gpio = new GpioController();
            using GpioOutputPin reset = cmd.ResetPin >= 0 ? new GpioOutputPin(gpio, cmd.ResetPin, initialHigh: true) : null;
            using GpioInterruptPin interrupt = cmd.InterruptPin >= 0 ? new GpioInterruptPin(gpio, cmd.InterruptPin) : null;
            log.Line($"GPIO: reset {(reset == null ? "not wired" : "GPIO" + cmd.ResetPin)}, interrupt {(interrupt == null ? "not wired" : "GPIO" + cmd.InterruptPin)}");
            config.IdlePollMs = interrupt != null ? 50 : 2;

            var chip = new W5500Device(new SpiDeviceBus(spi), config.MacAddress, reset, new ThreadDelay());
            chip.InterruptPin = interrupt;
            try
            {
                chip.Initialize();
            }
            catch (InvalidOperationException e)
            {
                log.Line("W5500: " + e.Message);
                log.Line("W5500: check the wiring table in hw/rpi-w5500.md.");
                return 1;
            }
            log.Line("W5500: found (VERSIONR 0x04), socket 0 open in MACRAW mode");

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

            var app = new BoardApp(chip, "W5500", config, new StackOptions { Secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16) }, log);
            app.Start(clock.NowMs);
            DesktopLoop.Run(app, clock, interrupt, stop.Token);
            log.Line("Stopped.");
            return 0;
        }
    }
}
