using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using Iot.Device.Ft232H;
using NanoTcp.Boards.Desktop;

namespace NanoTcp.Boards.Ft232hW5500
{
    /// <summary>
    /// NanoTcp from any PC (Windows, Linux, macOS) through an FTDI FT232H USB adapter to a
    /// W5500 module: the same stack, web server and status page as the ESP32 apps and
    /// `nanotcp serve`. The FT232H's MPSSE engine does the SPI (Iot.Device.Bindings 4.2.0,
    /// Ft232HDevice); the W5500 runs in MACRAW mode and gets its own MAC and IP address,
    /// independent of the PC's network. Wiring: hw/ft232h-w5500.md.
    /// </summary>
    public static class Program
    {
        // hw/ft232h-w5500.md: D0 SCK, D1 MOSI, D2 MISO, D3 CS, D4 RST, D5 INT.
        // MPSSE clock = 60 MHz / ((1 + divisor) * 2): 10 MHz is exact (divisor 2).
        private static readonly BoardDefaults Defaults = new BoardDefaults
        {
            SpiClockHz = 10_000_000,
            ResetPin = 4,
            InterruptPin = 5,
            BusId = 0,
            ChipSelect = 3,
            PinWord = "FT232H pin number (D0..D7 = 0..7, C0..C7 = 8..15)",
        };

        public static int Main(string[] args)
        {
            return new BoardCommandLine("NanoTcp from a PC through an FTDI FT232H to a W5500 (see hw/ft232h-w5500.md).", Defaults, Run).Invoke(args);
        }

        private static int Run(BoardSettings settings, CancellationToken cancel)
        {
            var clock = new MonotonicClock();
            var log = new StdoutLog(clock);
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
            if (adapters.Count <= settings.DeviceIndex)
            {
                log.Line($"No FT232H at index {settings.DeviceIndex} ({adapters.Count} found). Plug it in; on Linux unload ftdi_sio " +
                         "(sudo rmmod ftdi_sio) or add a udev rule so D2XX can open it.");
                return 1;
            }

            using Ft232HDevice ft = adapters[settings.DeviceIndex];
            log.Line($"FT232H: {ft.Description} serial {ft.SerialNumber}");

            var spiSettings = new SpiConnectionSettings(0, settings.ChipSelect)
            {
                ClockFrequency = settings.SpiClockHz,
                Mode = SpiMode.Mode0,
                DataBitLength = 8,
                ChipSelectLineActiveState = PinValue.Low,
            };
            using SpiDevice spi = ft.CreateSpiDevice(spiSettings, new[] { 0, 1, 2, settings.ChipSelect });
            log.Line($"SPI: D0 SCK, D1 MOSI, D2 MISO, CS pin {settings.ChipSelect}, {settings.SpiClockHz / 1_000_000.0:0.#} MHz, mode 0");

            // The board's GpioController knows the SPI pins are taken and refuses to reuse them.
            using GpioController gpio = ft.CreateGpioController();
            using CancellationTokenSource stop = DesktopBoard.StopOnCtrlC();
            using CancellationTokenSource both = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancel);
            // Each INT read is a USB round trip too; poll the pin at the idle period.
            return DesktopBoard.RunW5500("ft232h-w5500", settings, spi, gpio, (20, 5), "hw/ft232h-w5500.md", log, clock, both.Token);
        }
    }
}
