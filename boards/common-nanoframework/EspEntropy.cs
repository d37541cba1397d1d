using System;
using nanoFramework.Hardware.Esp32;
using NanoTcp.Device;

namespace NanoTcp.Boards
{
    /// <summary>
    /// The ESP32 apps' entropy for the TCP secret (RFC 6528 ISNs, RFC 6056 ports).
    ///
    /// nanoFramework 1.x exposes no call to the ESP32's hardware generator (esp_random) in
    /// mscorlib or nanoFramework.Hardware.Esp32 1.6.42; System.Random is nanoCLR's own
    /// pseudo-random generator (nf-interpreter CLR_RT_Random). This mixes it with the
    /// microsecond timer read at start-up, which varies with boot timing and DHCP and link
    /// delays, so two boards do not share a secret; it is not cryptographic strength. Replace
    /// it with a hardware source where the firmware offers one.
    /// </summary>
    public sealed class EspEntropy : IEntropySource
    {
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            ulong t = HighResTimer.GetCurrent();
            Random random = new Random((int)(t ^ (t >> 32)));
            byte[] bytes = new byte[count];
            random.NextBytes(bytes);
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = (byte)(bytes[i] ^ (byte)(t >> (8 * (i & 7))));
            }
        }
    }
}
