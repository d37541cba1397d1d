using System;
#if NANOFRAMEWORK_1_0
using System.Threading;
#else
using System.CommandLine;
#endif

namespace NanoTcp.SelfTest
{
    /// <summary>
    /// The self-test's entry point on both runtimes. Lines go through Console.WriteLine: on a
    /// board nanoFramework sends them to the debugger channel on the serial port (and, unlike
    /// Debug.WriteLine, which mscorlib marks [Conditional("DEBUG")], they survive a Release
    /// build); on desktop to standard output, and the exit code is the number of failures.
    /// </summary>
    public static class Program
    {
        /// <summary>1 MiB each way, as the self-test promises.</summary>
        public const int DefaultTransferBytes = 1024 * 1024;

#if NANOFRAMEWORK_1_0
        /// <summary>On a board: the small profile, which fits an ESP32 without PSRAM
        /// (change to SelfTestProfile.Full() on a board with PSRAM for full-size segments).</summary>
        public static void Main()
        {
            new SelfTest(new ConsoleOutput(), SelfTestProfile.Small()).Run(DefaultTransferBytes, true);
            Thread.Sleep(Timeout.Infinite);
        }
#else
        /// <summary>nanotcp-selftest [bytes-each-way] [--no-bench] [--profile small|full]</summary>
        public static int Main(string[] args)
        {
            var bytes = new Argument<int>("bytes-each-way")
            {
                Description = "Bytes to move each way in the transfer checks.",
                DefaultValueFactory = _ => DefaultTransferBytes,
                CustomParser = r =>
                {
                    string v = r.Tokens[0].Value;
                    if (int.TryParse(v, out int n) && n >= 1) return n;
                    r.AddError("bytes-each-way must be a positive whole number, such as 1048576; got '" + v + "'.");
                    return DefaultTransferBytes;
                },
            };
            var noBench = new Option<bool>("--no-bench") { Description = "Skip the measurements after the checks." };
            var profile = new Option<string>("--profile")
            {
                Description = "small: the ESP32-without-PSRAM sizes a board runs (576-byte MTU, 1 KiB rings); full: desktop sizes.",
                DefaultValueFactory = _ => "full",
            };
            profile.AcceptOnlyFromAmong("small", "full");
            var root = new RootCommand("The NanoTcp self-test: two stacks on an in-memory cable, every check PASS or FAIL, then the figures.") { bytes, noBench, profile };
            root.SetAction(parse =>
            {
                SelfTestProfile p = parse.GetValue(profile) == "small" ? SelfTestProfile.Small() : SelfTestProfile.Full();
                Console.WriteLine("NanoTcp self-test on " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", " + Environment.ProcessorCount + " CPUs");
                return new SelfTest(new ConsoleOutput(), p).Run(parse.GetValue(bytes), !parse.GetValue(noBench));
            });
            return root.Parse(args).Invoke();
        }
#endif

        private sealed class ConsoleOutput : ISelfTestOutput
        {
            public void WriteLine(string line) { Console.WriteLine(line); }
        }
    }
}
