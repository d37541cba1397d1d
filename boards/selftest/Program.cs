using System;
#if NANOFRAMEWORK_1_0
using System.Diagnostics;
using System.Threading;
#endif

namespace NanoTcp.SelfTest
{
    /// <summary>
    /// The self-test's entry point on both runtimes. On a board the lines go to the serial
    /// console (Debug.WriteLine, which nanoFramework routes to the debugger/serial output);
    /// on desktop to standard output, and the exit code is the number of failures.
    /// </summary>
    public static class Program
    {
        /// <summary>1 MiB each way, as the self-test promises.</summary>
        public const int DefaultTransferBytes = 1024 * 1024;

#if NANOFRAMEWORK_1_0
        public static void Main()
        {
            new SelfTest(new DebugOutput()).Run(DefaultTransferBytes, true);
            Thread.Sleep(Timeout.Infinite);
        }

        private sealed class DebugOutput : ISelfTestOutput
        {
            public void WriteLine(string line) { Debug.WriteLine(line); }
        }
#else
        /// <summary>nanotcp-selftest [bytes] [--no-bench]</summary>
        public static int Main(string[] args)
        {
            int bytes = DefaultTransferBytes;
            bool measure = true;
            foreach (string a in args)
            {
                if (a == "--no-bench") measure = false;
                else if (!int.TryParse(a, out bytes) || bytes < 1)
                {
                    Console.Error.WriteLine("usage: selftest [bytes-each-way] [--no-bench]   (bytes: a positive whole number, default 1048576)");
                    return 2;
                }
            }
            Console.WriteLine("NanoTcp self-test on " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", " + Environment.ProcessorCount + " CPUs");
            return new SelfTest(new ConsoleOutput()).Run(bytes, measure);
        }

        private sealed class ConsoleOutput : ISelfTestOutput
        {
            public void WriteLine(string line) { Console.WriteLine(line); }
        }
#endif
    }
}
