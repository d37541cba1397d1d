#if !NANOFRAMEWORK_1_0
using System;

namespace NanoTcp.Device
{
    /// <summary>
    /// The operating system's cryptographic generator as the device's entropy source
    /// (System.Security.Cryptography.RandomNumberGenerator): what every desktop host uses
    /// (nanotcp serve, the TAP runner, the Raspberry Pi and FT232H apps, the desktop
    /// self-test). Desktop only; a board brings its own (the ESP32's hardware RNG).
    /// </summary>
    public sealed class SystemEntropy : IEntropySource
    {
        /// <summary>One instance is enough for every device of a process.</summary>
        public static readonly SystemEntropy Instance = new SystemEntropy();

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(new Span<byte>(buffer, offset, count));
        }
    }
}
#endif
