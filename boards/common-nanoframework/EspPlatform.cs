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

    /// <summary>The ESP32 apps' main loop: poll, then sleep until the next deadline or INT.</summary>
    public static class EspLoop
    {
        /// <param name="interrupt">The chip's INT line, or null to wake on deadlines only.</param>
        public static void Run(BoardApp app, GpioInterruptPin interrupt)
        {
            while (true)
            {
                long now = EspClock.NowMs();
                app.Poll(now);
                long wakeAt = now + app.SleepBudgetMs(now);
                // Sleep in 1 ms steps so that INT going low wakes the loop early.
                while (EspClock.NowMs() < wakeAt && (interrupt == null || !interrupt.Asserted))
                {
                    Thread.Sleep(1);
                }
            }
        }
    }
}
