using System;
using NanoTcp.Drivers.W5500;
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
        // W5500: mode 0 or 3, up to 80 MHz on paper (hw-facts A1); the ESP32 GPIO matrix
        // allows 26 MHz full duplex, so 20 MHz leaves margin for jumper wires.
        private const int SpiClockHz = 20000000;

        public static void Main()
        {
            EspBoard board = new EspBoard("esp32-w5500", SpiClockHz);
            // Change the last three bytes when several boards share a network.
            byte[] mac = new byte[] { 0x02, 0x4E, 0x54, 0x55, 0x00, 0x01 };
            W5500Device chip = new W5500Device(board.Bus, mac, board.Reset, new ThreadDelay());
            chip.InterruptPin = board.Interrupt;
            while (!TryInitialize(chip, board.Log))
            {
                board.WaitBeforeRetry("hw/esp32-w5500.md");
            }

            // The static address is the fallback when no DHCP server answers: edit for your network.
            board.Run(chip, chip.Counters, "esp32-w5500", "W5500", Ipv4Address.Make(192, 168, 1, 200));
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
                return false;
            }
        }
    }
}
