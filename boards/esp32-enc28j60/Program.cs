using System;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NanoTcp.Drivers.Enc28j60;
using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Boards.Esp32Enc28j60
{
    /// <summary>
    /// NanoTcp on an ESP32-DevKitC with an ENC28J60 module (nanoFramework 1.x firmware).
    /// Wiring: hw/esp32-enc28j60.md (the same pins as the W5500 app). Flashing and
    /// deploying: README.md next to this file.
    ///
    /// Start-up: map the SPI pins, open the SpiDevice with the ENC28J60's CS, bring the chip
    /// up (retrying every 5 s with the driver's wiring diagnosis on the console), then DHCP
    /// with a static fallback and the web server on port 80.
    /// </summary>
    public static class Program
    {
        // ---- Pins (ESP32 GPIO numbers), see hw/esp32-enc28j60.md ----
        private const int PinSck = 18;
        private const int PinMosi = 23;
        private const int PinMiso = 19;
        private const int PinCs = 5;
        private const int PinInt = 4;     // -1 when INT is not wired: the loop then polls
        private const int PinReset = 26;  // -1 when RESET is not wired: the driver soft-resets

        // nanoFramework "SPI1" is ESP-IDF's HSPI host; its default pins are remapped below.
        private const int SpiBus = 1;

        // ENC28J60: SPI mode 0 only, at most 20 MHz; at least 8 MHz because of the errata on
        // MAC/MII access at low clocks (hw-facts B1). 10 MHz = 80 MHz APB / 8 exactly.
        private const int SpiClockHz = 10000000;

        private const int RetryInitMs = 5000;

        public static void Main()
        {
            ConsoleLog log = new ConsoleLog();
            log.Line("NanoTcp esp32-enc28j60 starting");

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
            config.BoardName = "esp32-enc28j60";
            // Change the last three bytes when several boards share a network.
            config.MacAddress = new byte[] { 0x02, 0x4E, 0x54, 0xE2, 0x00, 0x01 };
            // Used when no DHCP server answers within config.DhcpTimeoutMs: edit for your network.
            config.StaticAddress = Ipv4Address.Make(192, 168, 1, 201);
            config.StaticSubnetMask = Ipv4Address.Make(255, 255, 255, 0);
            config.StaticGateway = Ipv4Address.Make(192, 168, 1, 1);
            config.IdlePollMs = interrupt != null ? 50 : 2;

            SpiDeviceBus bus = new SpiDeviceBus(spi);
            Enc28j60Device chip = new Enc28j60Device(bus, config.MacAddress, reset, new ThreadDelay());
            while (!TryInitialize(chip, log))
            {
                Thread.Sleep(RetryInitMs);
            }

            StackOptions options = new StackOptions();
            options.TcpConnections = 6;
            options.TcpReceiveBufferSize = 2048;
            options.TcpSendBufferSize = 2048;
            options.Secret = EspEntropy.NewSecret(); // RFC 6528 ISNs, RFC 6056 ports: the hardware RNG

            BoardApp app = new BoardApp(chip, "ENC28J60", config, options, log);
            app.Start(EspClock.NowMs());
            EspLoop.Run(app, interrupt);
        }

        private static bool TryInitialize(Enc28j60Device chip, ConsoleLog log)
        {
            try
            {
                chip.Initialize();
                log.Line("ENC28J60: found, silicon revision EREVID 0x" + chip.Revision.ToString("X2"));
                return true;
            }
            catch (InvalidOperationException e)
            {
                // The driver names the likely wiring fault (MISO floating, no clock, no power...).
                log.Line(e.Message);
                log.Line("ENC28J60: check the wiring table in hw/esp32-enc28j60.md; retrying in " + (RetryInitMs / 1000).ToString() + " s");
                return false;
            }
        }
    }
}
