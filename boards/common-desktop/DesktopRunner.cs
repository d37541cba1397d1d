using System;
using System.Threading;

namespace NanoTcp.Boards.Desktop
{
    /// <summary>stdout with the seconds since start, so a log shows the DHCP and link timing.</summary>
    public sealed class StdoutLog : IBoardLog
    {
        private readonly MonotonicClock _clock;

        public StdoutLog(MonotonicClock clock) => _clock = clock;

        public void Line(string text) => Console.WriteLine($"[{_clock.NowMs / 1000.0,9:F3}] {text}");
    }

    /// <summary>
    /// The desktop apps' main loop: poll, then sleep until the next deadline or until the
    /// chip pulls INT low, until Ctrl+C.
    /// </summary>
    public static class DesktopLoop
    {
        public static void Run(BoardApp app, MonotonicClock clock, GpioInterruptPin interrupt, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                long now = clock.NowMs;
                app.Poll(now);
                long wakeAt = now + app.SleepBudgetMs(now);
                while (clock.NowMs < wakeAt && !stop.IsCancellationRequested && (interrupt == null || !interrupt.Asserted))
                {
                    Thread.Sleep(1);
                }
            }
        }
    }
}
