using System;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using NanoTcp.Device;
using NanoTcp.Drivers.W5500;

namespace NanoTcp.Boards.Desktop
{
    /// <summary>stdout with the seconds since start, so a log shows the DHCP and link timing.</summary>
    public sealed class StdoutLog : IBoardLog
    {
        private readonly MonotonicClock _clock;

        public StdoutLog(MonotonicClock clock) => _clock = clock;

        public void Line(string text) => Console.WriteLine($"[{_clock.NowMs / 1000.0,9:F3}] {text}");
    }

    /// <summary>
    /// What the desktop W5500 apps (Raspberry Pi, FT232H) share once their SPI device and GPIO
    /// controller are open: the reset and INT pins, the W5500 driver, the device built by
    /// DeviceStack from DeviceProfiles.Desktop (the same profile `nanotcp serve` runs, so the
    /// board serves the same status page and JSON), and the loop until Ctrl+C.
    /// </summary>
    public static class DesktopBoard
    {
        /// <param name="name">The board's name for the console and the status page ("rpi-w5500").</param>
        /// <param name="idlePollMs">Longest sleep between polls: (with INT wired, without it).</param>
        /// <param name="wiringDoc">Where the wiring table is, for the error message.</param>
        /// <returns>The process exit code.</returns>
        public static int RunW5500(string name, BoardSettings settings, SpiDevice spi, GpioController gpio,
            (int withInterrupt, int without) idlePollMs, string wiringDoc, StdoutLog log, MonotonicClock clock, CancellationToken stop)
        {
            using GpioOutputPin reset = settings.ResetPin >= 0 ? new GpioOutputPin(gpio, settings.ResetPin, initialHigh: true) : null;
            using GpioInterruptPin interrupt = settings.InterruptPin >= 0 ? new GpioInterruptPin(gpio, settings.InterruptPin) : null;
            log.Line($"GPIO: reset {(reset == null ? "not wired" : "pin " + settings.ResetPin)}, interrupt {(interrupt == null ? "not wired" : "pin " + settings.InterruptPin)}");

            var chip = new W5500Device(new SpiDeviceBus(spi), settings.MacAddress, reset, new ThreadDelay());
            chip.InterruptPin = interrupt;
            try
            {
                chip.Initialize();
            }
            catch (InvalidOperationException e)
            {
                log.Line("W5500: " + e.Message);
                log.Line("W5500: check the wiring table in " + wiringDoc + ".");
                return 1;
            }
            log.Line("W5500: found (VERSIONR 0x04), socket 0 open in MACRAW mode");

            DeviceOptions options = DeviceProfiles.Desktop(chip);
            options.DriverCounters = chip.Counters;
            options.Name = name;
            options.Chip = "W5500";
            options.Entropy = SystemEntropy.Instance;
            options.Address = settings.Address;
            options.Http.Port = settings.HttpPort;
            var app = new BoardApp(options, log);
            app.IdlePollMs = interrupt != null ? idlePollMs.withInterrupt : idlePollMs.without;
            app.Start(clock.NowMs);
            DesktopLoop.Run(app, clock, interrupt, stop);
            log.Line("Stopped.");
            return 0;
        }

        /// <summary>A token cancelled by Ctrl+C.</summary>
        public static CancellationTokenSource StopOnCtrlC()
        {
            var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            return stop;
        }
    }

    /// <summary>
    /// The desktop apps' main loop: poll, then sleep until the next deadline or until the
    /// chip pulls INT low, until Ctrl+C.
    /// </summary>
    public static class DesktopLoop
    {
        public static void Run(BoardApp app, MonotonicClock clock, GpioInterruptPin interrupt, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                long now = clock.NowMs;
                app.Poll(now);
                long wakeAt = now + app.SleepBudgetMs(now);
                while (clock.NowMs < wakeAt && !stop.IsCancellationRequested && (interrupt == null || !interrupt.Asserted))
                {
                    Thread.Sleep(1);
                }
            }
        }
    }
}
