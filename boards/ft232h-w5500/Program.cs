using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using Iot.Device.Ft232H;
using NanoTcp.Boards;
using NanoTcp.Boards.Desktop;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;

namespace NanoTcp.Boards.Ft232hW5500
{
    /// <summary>
    /// NanoTcp from any PC (Windows, Linux, macOS) through an FTDI FT232H USB adapter to a
    /// W5500 module: the same stack and web server as the ESP32 apps. The FT232H's MPSSE engine
    /// does the SPI (Iot.Device.Bindings 4.2.0, Ft232HDevice); the W5500 runs in MACRAW mode and
    /// gets its own MAC and IP address, independent of the PC's network. Wiring:
    /// hw/ft232h-w5500.md.
    /// </summary>
    public static class Program
    {
        // hw/ft232h-w5500.md: D0 SCK, D1 MOSI, D2 MISO, D3 CS, D4 RST, D5 INT.
        // MPSSE clock = 60 MHz / ((1 + divisor) * 2): 10 MHz is exact (divisor 2).
        private const int DefaultClockHz = 10_000_000;
        private const int DefaultResetPin = 4;
        private const int DefaultInterruptPin = 5;
        private const int DefaultChipSelect = 3;

        public static int Main(string[] args)
        {
            var cmd = new CommandLine(DefaultClockHz, DefaultResetPin, DefaultInterruptPin, defaultBus: 0, defaultCs: DefaultChipSelect);
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
                Console.WriteLine(CommandLine.Usage("nanotcp-ft232h-w5500", "FT232H pin number (D0..D7 = 0..7, C0..C7 = 8..15)"));
                return 0;
            }

            var clock = new MonotonicClock();
            var log = new StdoutLog(clock);
            BoardConfig config = cmd.Config;
            config.BoardName = "ft232h-w5500";
            log.Line("NanoTcp ft232h-w5500 starting");

            List<Ft232HDevice> adapters;
            try
            {
                adapters = Ft232HDevice.GetFt232H();
            }
            catch (Exception e) when (e is DllNotFoundException || e is TypeInitializationException || e is EntryPointNotFoundException)
            {
                log.Line("FTDI D2XX library not found (" + e.GetType().Name + "): install FTDI's D2XX driver " +
                         "(libftd2xx on Linux/macOS, ftd2xx.dll on Windows). See hw/ft232h-w5500.md.");
                return 1;
            }
            if (adapters.Count <= cmd.DeviceIndex)
            {
                log.Line($"No FT232H at index {cmd.DeviceIndex} ({adapters.Count} found). Plug it in; on Linux unload ftdi_sio " +
                         "(sudo rmmod ftdi_sio) or add a udev rule so D2XX can open it.");
                return 1;
            }

            using Ft232HDevice ft = adapters[cmd.DeviceIndex];
            log.Line($"FT232H: {ft.Description} serial {ft.SerialNumber}");

            var settings = new SpiConnectionSettings(0, cmd.ChipSelect)
            {
                ClockFrequency = cmd.SpiClockHz,
                Mode = SpiMode.Mode0,
                DataBitLength = 8,
                ChipSelectLineActiveState = PinValue.Low,
            };
            using SpiDevice spi = ft.CreateSpiDevice(settings, new[] { 0, 1, 2, cmd.ChipSelect });
            log.Line($"SPI: D0 SCK, D1 MOSI, D2 MISO, CS pin {cmd.ChipSelect}, {cmd.SpiClockHz / 1_000_000.0:0.#} MHz, mode 0");

            // The board's GpioController knows the SPI pins are taken and refuses to reuse them.
            using GpioController gpio = ft.CreateGpioController();
            using GpioOutputPin reset = cmd.ResetPin >= 0 ? new GpioOutputPin(gpio, cmd.ResetPin, initialHigh: true) : null;
            using GpioInterruptPin interrupt = cmd.InterruptPin >= 0 ? new GpioInterruptPin(gpio, cmd.InterruptPin) : null;
            log.Line($"GPIO: reset {(reset == null ? "not wired" : "pin " + cmd.ResetPin)}, interrupt {(interrupt == null ? "not wired" : "pin " + cmd.InterruptPin)}");
            // Each INT read is a USB round trip too; poll the pin at the idle period.
            config.IdlePollMs = interrupt != null ? 20 : 5;

            var chip = new W5500Device(new SpiDeviceBus(spi), config.MacAddress, reset, new ThreadDelay());
            chip.InterruptPin = interrupt;
            try
            {
                chip.Initialize();
            }
            catch (InvalidOperationException e)
            {
                log.Line("W5500: " + e.Message);
                log.Line("W5500: check the wiring table in hw/ft232h-w5500.md.");
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
