using System.Threading;
using nanoFramework.Hardware.Esp32;
using NanoTcp.Drivers;

namespace NanoTcp.Boards
{
    /// <summary>Thread.Sleep as the drivers' IDelay (only chip start-up waits).</summary>
    public sealed class ThreadDelay : IDelay
    {
        public void SleepMs(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }

    /// <summary>
    /// The time the stack is given. nanoFramework's mscorlib v1 has no Environment.TickCount
    /// or Stopwatch, and DateTime.UtcNow jumps when the clock is set, so the ESP32 apps use the
    /// esp_timer count: HighResTimer.GetCurrent() is "micro seconds since boot" (monotonic).
    /// </summary>
    public static class EspClock
    {
        public static long NowMs()
        {
            return (long)(HighResTimer.GetCurrent() / 1000UL);
        }
    }
}
