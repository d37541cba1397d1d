using NanoTcp.Drivers;

namespace NanoTcp.Simulation.Enc28j60
{
    /// <summary>
    /// An SPI bus with no working chip on it: MISO floats high (pulled up, or a missing
    /// connection on many boards) or is stuck low. Answers every byte with the same value.
    /// </summary>
    public sealed class DeadSpiBus : ISpiBus
    {
        private readonly byte _miso;

        /// <param name="miso">What every clocked-in byte reads: 0xFF for all ones, 0x00 for all zeros.</param>
        public DeadSpiBus(byte miso) { _miso = miso; }

        /// <summary>Transactions attempted (tests bound the retries with it).</summary>
        public int Transactions { get; private set; }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            Transactions++;
            for (int i = 0; i < count; i++) read[readOffset + i] = _miso;
        }
    }
}
