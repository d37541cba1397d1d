namespace NanoTcp.Device
{
    /// <summary>
    /// Where a device gets its randomness: the secret behind RFC 6528 initial sequence numbers
    /// and RFC 6056 ephemeral ports. The board implements it with what it has: the ESP32's
    /// hardware RNG, the operating system's generator on a desktop, a seeded generator in a
    /// test that wants the same run twice. Called at construction only, never per packet.
    /// </summary>
    public interface IEntropySource
    {
        /// <summary>Fills buffer[offset..offset+count) with unpredictable bytes.</summary>
        void GetBytes(byte[] buffer, int offset, int count);
    }
}
