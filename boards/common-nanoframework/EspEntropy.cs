using System;
using nanoFramework.Hardware.Esp32;
using NanoTcp.Device;

namespace NanoTcp.Boards
{
    /// <summary>
    /// The ESP32 apps' entropy for the TCP secret (RFC 6528 ISNs, RFC 6056 ports): the chip's
    /// hardware random number generator. nanoFramework has no separate call for it because
    /// System.Random is it: the ESP32 firmware replaces nanoCLR's portable generator with one
    /// that ignores the seed and returns esp_random() (nf-interpreter
    /// targets/ESP32/_nanoCLR/targetRandom.cpp, commit 19e8883: NextBytes fills each byte from
    /// esp_random()). ESP-IDF documents esp_random as true random while Wi-Fi, Bluetooth or the
    /// bootloader's entropy source runs, and as pseudo-random otherwise (an Ethernet-only app
    /// runs with the radio off), so the microsecond timer at start-up (boot, chip bring-up,
    /// DHCP and link delays) is mixed in as well; mixing cannot make it weaker.
    /// </summary>
    public sealed class EspEntropy : IEntropySource
    {
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            byte[] bytes = new byte[count];
            new Random().NextBytes(bytes);
            ulong t = HighResTimer.GetCurrent();
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = (byte)(bytes[i] ^ (byte)(t >> (8 * (i & 7))));
            }
        }
    }
}
