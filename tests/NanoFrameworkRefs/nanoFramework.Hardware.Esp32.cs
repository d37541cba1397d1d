// REFERENCE DECLARATIONS - NEVER SHIPPED, NEVER RUN (throwing bodies).
// Public surface the board apps use from nanoFramework.Hardware.Esp32
// (NuGet nanoFramework.Hardware.Esp32 1.6.42), signatures copied from:
//   repo   nanoframework/nanoFramework.Hardware.Esp32, branch main, tag v1.6.42
//   commit 579dbaf231d7fa7ab2672d81176a4a59b7d60bfb
//   paths  nanoFramework.Hardware.Esp32/Configuration.cs,
//          nanoFramework.Hardware.Esp32/DeviceTypePins.cs (DeviceFunction, values kept),
//          nanoFramework.Hardware.Esp32/HighResTimer.cs (GetCurrent: "micro seconds since boot")
// Only members the apps call are declared; DeviceFunction lists the SPI members only.

using System;
using NanoTcp.NanoFrameworkRefs;

namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) { throw ReferenceOnly.Fail(); }

        public static int GetFunctionPin(DeviceFunction function) { throw ReferenceOnly.Fail(); }
    }

    /// <summary>Values as in DeviceTypePins.cs: DeviceTypes.SPI (0x10000) + bus * 0x100 + signal.</summary>
    public enum DeviceFunction
    {
        SPI1_MOSI = 0x10000 + (1 * 0x100) + 0,
        SPI1_MISO = 0x10000 + (1 * 0x100) + 1,
        SPI1_CLOCK = 0x10000 + (1 * 0x100) + 2,

        SPI2_MOSI = 0x10000 + (2 * 0x100) + 0,
        SPI2_MISO = 0x10000 + (2 * 0x100) + 1,
        SPI2_CLOCK = 0x10000 + (2 * 0x100) + 2,
    }

    public class HighResTimer : IDisposable
    {
        public HighResTimer() { throw ReferenceOnly.Fail(); }

        /// <summary>Microseconds since boot (esp_timer), monotonic.</summary>
        public static UInt64 GetCurrent() { throw ReferenceOnly.Fail(); }

        public void Dispose() { throw ReferenceOnly.Fail(); }
    }
}
