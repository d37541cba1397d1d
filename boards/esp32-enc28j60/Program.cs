using System;
using NanoTcp.Drivers.Enc28j60;
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
        // ENC28J60: SPI mode 0 only, at most 20 MHz; at least 8 MHz because of the errata on
        // MAC/MII access at low clocks (hw-facts B1). 10 MHz = 80 MHz APB / 8 exactly.
        private const int SpiClockHz = 10000000;

        public static void Main()
        {
            EspBoard board = new EspBoard("esp32-enc28j60", SpiClockHz);
            // Change the last three bytes when several boards share a network.
            byte[] mac = new byte[] { 0x02, 0x4E, 0x54, 0xE2, 0x00, 0x01 };
            Enc28j60Device chip = new Enc28j60Device(board.Bus, mac, board.Reset, new ThreadDelay());
            while (!TryInitialize(chip, board.Log))
            {
                board.WaitBeforeRetry("hw/esp32-enc28j60.md");
            }

            // The static address is the fallback when no DHCP server answers: edit for your network.
            board.Run(chip, chip.Counters, "esp32-enc28j60", "ENC28J60", Ipv4Address.Make(192, 168, 1, 201));
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
                return false;
            }
        }
    }
}
