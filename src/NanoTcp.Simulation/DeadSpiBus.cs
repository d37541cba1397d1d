using NanoTcp.Drivers;

namespace NanoTcp.Simulation
{
    /// <summary>
    /// An SPI bus on which no chip answers: every byte clocked in reads <c>misoValue</c>.
    /// 0xFF models a floating or pulled-up MISO (chip unpowered, CS not wired); 0x00 a MISO
    /// stuck low (no clock, chip held in reset, short to ground).
    /// </summary>
    public sealed class DeadSpiBus : ISpiBus
    {
        private readonly byte _miso;

        public DeadSpiBus(byte misoValue)
        {
            _miso = misoValue;
        }

        /// <inheritdoc />
        public int MaxTransferBytes => 0;

        /// <summary>Transfers seen, so tests can prove the driver gave up after a bounded number.</summary>
        public long Transactions { get; private set; }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            Transactions++;
            for (int i = 0; i < count; i++)
            {
                read[readOffset + i] = _miso;
            }
        }
    }
}
