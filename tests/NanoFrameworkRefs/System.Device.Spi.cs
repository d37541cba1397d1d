// REFERENCE DECLARATIONS - NEVER SHIPPED, NEVER RUN (throwing bodies).
// Public surface the board apps use from nanoFramework's System.Device.Spi assembly
// (NuGet nanoFramework.System.Device.Spi 1.3.89), signatures copied from:
//   repo   nanoframework/System.Device.Spi, branch main, tag v1.3.89
//   commit cdab4eca19fd3a9454a2931b549fdbd8224c8f32
//   paths  System.Device.Spi/SpiDevice.cs, System.Device.Spi/SpiConnectionSettings.cs,
//          System.Device.Spi/SpiMode.cs, System.Device.Spi/DataFlow.cs,
//          System.Device.Spi/SpiBusConfiguration.cs
// Only members the apps call are declared; a board app that calls anything else fails the
// compile check on purpose, so it must be added here from the source above first.

using System.Device.Gpio;
using NanoTcp.NanoFrameworkRefs;

namespace System.Device.Spi
{
    /// <summary>nanoFramework: concrete, native-backed (not abstract as on desktop .NET).</summary>
    public class SpiDevice : IDisposable
    {
        public SpiDevice(SpiConnectionSettings settings) { throw ReferenceOnly.Fail(); }

        public static SpiDevice Create(SpiConnectionSettings settings) { throw ReferenceOnly.Fail(); }

        public SpiConnectionSettings ConnectionSettings { get { throw ReferenceOnly.Fail(); } }

        /// <summary>Throws InvalidOperationException unless Configuration is FullDuplex.</summary>
        public void TransferFullDuplex(SpanByte writeBuffer, SpanByte readBuffer) { throw ReferenceOnly.Fail(); }

        public void Write(SpanByte buffer) { throw ReferenceOnly.Fail(); }

        public void Read(SpanByte buffer) { throw ReferenceOnly.Fail(); }

        public void Dispose() { throw ReferenceOnly.Fail(); }
    }

    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine = -1) { throw ReferenceOnly.Fail(); }

        public int BusId { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
        public int ChipSelectLine { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
        public SpiMode Mode { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
        public int DataBitLength { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
        public int ClockFrequency { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
        public DataFlow DataFlow { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
        public PinValue ChipSelectLineActiveState { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
        public SpiBusConfiguration Configuration { get { throw ReferenceOnly.Fail(); } set { throw ReferenceOnly.Fail(); } }
    }

    public enum SpiMode
    {
        Mode0,
        Mode1,
        Mode2,
        Mode3
    }

    public enum DataFlow
    {
        MsbFirst,
        LsbFirst,
    }

    public enum SpiBusConfiguration
    {
        FullDuplex,
        HalfDuplex,
        Simplex
    }
}
