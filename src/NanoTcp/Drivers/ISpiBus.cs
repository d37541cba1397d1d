namespace NanoTcp.Drivers
{
    /// <summary>
    /// One SPI bus with one chip on it, as the chip drivers need it: a full-duplex transfer
    /// of count bytes with chip select held low for the whole transfer and released after it.
    /// On nanoFramework the board adapter maps this to SpiDevice.TransferFullDuplex with
    /// SpanByte views (no allocation); on desktop to System.Device.Spi; in tests to a
    /// simulated chip. write and read may be the same array (in-place transfer).
    /// </summary>
    public interface ISpiBus
    {
        /// <summary>
        /// The largest count one <see cref="TransferFullDuplex"/> may carry, or 0 for no limit.
        /// The drivers split longer reads and writes into several transfers of at most this
        /// size. Linux spidev refuses transfers above its bufsiz module parameter (4096 bytes by
        /// default, drivers/spi/spidev.c) with EMSGSIZE; ESP-IDF limits a DMA transfer to
        /// spi_bus_config_t.max_transfer_sz (4092 when left at 0).
        /// </summary>
        int MaxTransferBytes { get; }

        /// <summary>Clocks out write[writeOffset..+count) while clocking in
        /// read[readOffset..+count), under one chip select.</summary>
        void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count);
    }

    /// <summary>A digital output such as a chip's reset pin. Optional for the drivers.</summary>
    public interface IOutputPin
    {
        void Write(bool high);
    }

    /// <summary>
    /// Waits a number of milliseconds. Only chip initialisation waits (reset pulses, clock
    /// start-up); the packet path never does. Boards pass Thread.Sleep; tests pass a virtual
    /// delay so that they stay fast and deterministic.
    /// </summary>
    public interface IDelay
    {
        void SleepMs(int milliseconds);
    }
}
