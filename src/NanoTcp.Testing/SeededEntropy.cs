using System;
using NanoTcp.Device;

namespace NanoTcp.Testing
{
    /// <summary>
    /// A deterministic IEntropySource for tests: the same seed gives the same bytes, so a
    /// test's initial sequence numbers and ephemeral ports are the same every run, and two
    /// seeds give two devices different secrets. Never use it outside tests.
    /// </summary>
    public sealed class SeededEntropy : IEntropySource
    {
        private ulong _state;

        public SeededEntropy(int seed)
        {
            // splitmix64's constant spreads small seeds over the whole state.
            _state = 0x9E3779B97F4A7C15UL * (ulong)(uint)(seed + 1);
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length)
                throw new ArgumentException("Give a byte[] and a range inside it.", nameof(buffer));
            for (int i = 0; i < count; i++)
            {
                // xorshift64*: plenty for a test secret.
                _state ^= _state >> 12;
                _state ^= _state << 25;
                _state ^= _state >> 27;
                buffer[offset + i] = (byte)((_state * 0x2545F4914F6CDD1DUL) >> 56);
            }
        }
    }
}
