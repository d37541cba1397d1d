using System;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Boards.Esp32W5500
{
    /// <summary>
    /// NanoTcp on an ESP32-DevKitC with a W5500 module (nanoFramework 1.x firmware).
    /// Wiring: hw/esp32-w5500.md. Flashing and deploying: README.md next to this file.
    ///
    /// Start-up: map the SPI pins, open the SpiDevice with the W5500's CS, bring the chip up
    /// (retrying every 5 s with the driver's wiring diagnosis on the console), then DHCP with
    /// a static fallback and the web server on port 80. After that one loop polls the stack;
    /// it sleeps while nothing is due and wakes early when the W5500 pulls INT low.
    /// </summary>
    public static class Program
    {
        // ---- Pins (ESP32 GPIO numbers), see hw/esp32-w5500.md ----
        private const int PinSck = 18;
        private const int PinMosi = 23;
        private const int PinMiso = 19;
        private const int PinCs = 5;
        private const int PinInt = 4;     // -1 when INT is not wired: the loop then polls
        private const int PinReset = 26;  // -1 when RST is not wired: the driver soft-resets

        // nanoFramework "SPI1" is ESP-IDF's HSPI host; its default pins (MOSI 23, MISO 25,
        // CLK 19) are remapped below (nanoframework.md 2.1).
        private const int SpiBus = 1;

        // W5500: mode 0 or 3, up to 80 MHz on paper (hw-facts A1); the ESP32 GPIO matrix
        // allows 26 MHz full duplex, so 20 MHz leaves margin for jumper wires.
        private const int SpiClockHz = 20000000;

        private const int RetryInitMs = 5000;

        public static void Main()
        {
            ConsoleLog log = new ConsoleLog();
            log.Line("NanoTcp esp32-w5500 starting");

            Configuration.SetPinFunction(PinMosi, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(PinMiso, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(PinSck, DeviceFunction.SPI1_CLOCK);

            SpiConnectionSettings settings = new SpiConnectionSettings(SpiBus, PinCs);
            settings.ClockFrequency = SpiClockHz;
            settings.Mode = SpiMode.Mode0;
            settings.DataBitLength = 8;
            SpiDevice spi = SpiDevice.Create(settings);
            log.Line("SPI" + SpiBus.ToString() + ": SCK " + PinSck.ToString() + ", MOSI " + PinMosi.ToString() +
                     ", MISO " + PinMiso.ToString() + ", CS " + PinCs.ToString() + ", " + (SpiClockHz / 1000000).ToString() + " MHz, mode 0");

            GpioController gpio = new GpioController();
            GpioOutputPin reset = PinReset >= 0 ? new GpioOutputPin(gpio, PinReset, true) : null;
            GpioInterruptPin interrupt = PinInt >= 0 ? new GpioInterruptPin(gpio, PinInt) : null;

            BoardConfig config = new BoardConfig();
            config.BoardName = "esp32-w5500";
            // Change the last three bytes when several boards share a network.
            config.MacAddress = new byte[] { 0x02, 0x4E, 0x54, 0x55, 0x00, 0x01 };
            // Used when no DHCP server answers within config.DhcpTimeoutMs: edit for your network.
            config.StaticAddress = Ipv4Address.Make(192, 168, 1, 200);
            config.StaticSubnetMask = Ipv4Address.Make(255, 255, 255, 0);
            config.StaticGateway = Ipv4Address.Make(192, 168, 1, 1);
            // With INT wired the loop sleeps until INT or the next deadline; without it, it
            // polls the chip every 2 ms.
            config.IdlePollMs = interrupt != null ? 50 : 2;

            SpiDeviceBus bus = new SpiDeviceBus(spi);
            W5500Device chip = new W5500Device(bus, config.MacAddress, reset, new ThreadDelay());
            chip.InterruptPin = interrupt;
            while (!TryInitialize(chip, log))
            {
                Thread.Sleep(RetryInitMs);
            }

            // Sizes for an ESP32 without PSRAM (about 110 KB of managed heap): a few
            // connections with 2 KB rings leave room for the app.
            StackOptions options = new StackOptions();
            options.TcpConnections = 6;
            options.TcpReceiveBufferSize = 2048;
            options.TcpSendBufferSize = 2048;
            options.Secret = EspEntropy.NewSecret(); // RFC 6528 ISNs, RFC 6056 ports: the hardware RNG

            BoardApp app = new BoardApp(chip, "W5500", config, options, log);
            app.Start(EspClock.NowMs());
            EspLoop.Run(app, interrupt);
        }

        private static bool TryInitialize(W5500Device chip, ConsoleLog log)
        {
            try
            {
                chip.Initialize();
                log.Line("W5500: found (VERSIONR 0x04), socket 0 open in MACRAW mode");
                return true;
            }
            catch (InvalidOperationException e)
            {
                // The driver names the likely wiring fault (MISO floating, no clock, no power...).
                log.Line("W5500: " + e.Message);
                log.Line("W5500: check the wiring table in hw/esp32-w5500.md; retrying in " + (RetryInitMs / 1000).ToString() + " s");
                return false;
            }
        }
    }
}
