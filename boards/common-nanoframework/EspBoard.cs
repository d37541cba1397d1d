using System;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Wire;

namespace NanoTcp.Boards
{
    /// <summary>
    /// The start-up both ESP32 apps share (hw/esp32-w5500.md and hw/esp32-enc28j60.md use the
    /// same pins): SPI1 mapped to the chip's pins, the reset and interrupt lines, and, once the
    /// chip driver is up, the device built by DeviceStack and run by BoardApp in EspLoop.
    /// </summary>
    public sealed class EspBoard
    {
        // ---- Pins (ESP32 GPIO numbers), see hw/esp32-w5500.md and hw/esp32-enc28j60.md ----
        public const int PinSck = 18;
        public const int PinMosi = 23;
        public const int PinMiso = 19;
        public const int PinCs = 5;
        /// <summary>The chip's INT line; change to -1 when it is not wired (the loop then polls).</summary>
        public const int PinInt = 4;
        /// <summary>The chip's reset line; change to -1 when it is not wired (the driver soft-resets).</summary>
        public const int PinReset = 26;

        // nanoFramework "SPI1" is ESP-IDF's HSPI host; its default pins (MOSI 23, MISO 25,
        // CLK 19) are remapped below (nanoFramework's ESP32 pin configuration).
        private const int SpiBus = 1;

        /// <summary>Seconds between attempts to bring the chip up.</summary>
        public const int RetryInitMs = 5000;

        private readonly ConsoleLog _log = new ConsoleLog();

        /// <summary>Maps the pins, opens the SpiDevice with the chip's CS and the GPIO lines.</summary>
        /// <param name="clockHz">The SPI clock the chip allows (W5500: 20 MHz here; ENC28J60: 10 MHz).</param>
        public EspBoard(string name, int clockHz)
        {
            _log.Line("NanoTcp " + name + " starting");
            Configuration.SetPinFunction(PinMosi, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(PinMiso, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(PinSck, DeviceFunction.SPI1_CLOCK);

            SpiConnectionSettings settings = new SpiConnectionSettings(SpiBus, PinCs);
            settings.ClockFrequency = clockHz;
            settings.Mode = SpiMode.Mode0;
            settings.DataBitLength = 8;
            Bus = new SpiDeviceBus(SpiDevice.Create(settings));
            _log.Line("SPI" + SpiBus.ToString() + ": SCK " + PinSck.ToString() + ", MOSI " + PinMosi.ToString() +
                      ", MISO " + PinMiso.ToString() + ", CS " + PinCs.ToString() + ", " + (clockHz / 1000000).ToString() + " MHz, mode 0");

            GpioController gpio = new GpioController();
            Reset = PinReset >= 0 ? new GpioOutputPin(gpio, PinReset, true) : null;
            Interrupt = PinInt >= 0 ? new GpioInterruptPin(gpio, PinInt) : null;
        }

        public ConsoleLog Log { get { return _log; } }
        public SpiDeviceBus Bus { get; private set; }
        public GpioOutputPin Reset { get; private set; }
        /// <summary>The chip's INT line, or null when PinInt is -1.</summary>
        public GpioInterruptPin Interrupt { get; private set; }

        /// <summary>
        /// Builds the device on the initialised chip driver with the ESP32-without-PSRAM profile
        /// (4 connections, the web server and status page, DHCP with a static fallback after
        /// 20 s) and runs it forever.
        /// </summary>
        /// <param name="staticFallback">Used when no DHCP server answers: edit it for your
        /// network in Program.cs (a /24 with the gateway at .1).</param>
        public void Run(INetDevice chip, DriverCounters counters, string name, string chipName, uint staticFallback)
        {
            DeviceOptions options = DeviceProfiles.Esp32WithoutPsram(chip);
            options.DriverCounters = counters;
            options.Name = name;
            options.Chip = chipName;
            options.Address.StaticAddress = staticFallback;
            options.Address.StaticSubnetMask = Ipv4Address.MaskFromPrefix(24);
            options.Address.StaticGateway = (staticFallback & 0xFFFFFF00u) | 1u;
            options.Entropy = new EspEntropy();
            BoardApp app = new BoardApp(options, _log);
            // With INT wired the loop sleeps until INT or the next deadline; without it, it
            // polls the chip every 2 ms.
            app.IdlePollMs = Interrupt != null ? 50 : 2;
            app.Start(EspClock.NowMs());
            EspLoop.Run(app, Interrupt);
        }

        /// <summary>Waits RetryInitMs after a failed bring-up, saying so.</summary>
        public void WaitBeforeRetry(string wiringDoc)
        {
            _log.Line("Check the wiring table in " + wiringDoc + "; retrying in " + (RetryInitMs / 1000).ToString() + " s");
            Thread.Sleep(RetryInitMs);
        }
    }
}
