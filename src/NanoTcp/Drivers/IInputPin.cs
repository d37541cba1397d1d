namespace NanoTcp.Drivers
{
    /// <summary>
    /// A digital input such as a chip's interrupt line (W5500 INTn, ENC28J60 INT, both active
    /// low). Optional for the drivers: without it they poll the chip's registers.
    /// </summary>
    public interface IInputPin
    {
        /// <summary>True when the pin reads high.</summary>
        bool Read();
    }
}
