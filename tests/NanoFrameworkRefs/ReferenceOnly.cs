// REFERENCE DECLARATIONS - NEVER SHIPPED, NEVER RUN.
// See README.md in this folder. Every member here throws; the only purpose of these files is
// to let `dotnet build NanoTcp.sln` compile the ESP32 board apps against the exact public
// signatures of nanoFramework's hardware libraries, which are not served on this machine.

namespace NanoTcp.NanoFrameworkRefs
{
    internal static class ReferenceOnly
    {
        internal const string Message =
            "Reference declaration from tests/NanoFrameworkRefs: compile-time stand-in for a nanoFramework library. " +
            "Deploy the board app with the real NuGet packages (see boards/esp32-*/packages.config).";

        internal static System.Exception Fail()
        {
            return new System.NotImplementedException(Message);
        }
    }
}
