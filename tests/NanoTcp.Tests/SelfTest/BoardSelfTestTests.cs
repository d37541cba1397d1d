using System.Collections.Generic;
using NanoTcp.SelfTest;
using Xunit;

namespace NanoTcp.Tests.SelfTest
{
    /// <summary>Runs the on-board self-test (boards/selftest) on desktop: every step must PASS,
    /// in the promised order, and the summary line must agree with the lines above it.</summary>
    public class BoardSelfTestTests
    {
        private sealed class Lines : ISelfTestOutput
        {
            public readonly List<string> All = new List<string>();
            public void WriteLine(string line) { All.Add(line); }
        }

        [Fact]
        public void Every_selftest_step_passes_and_the_summary_counts_them()
        {
            var output = new Lines();
            int failures = new NanoTcp.SelfTest.SelfTest(output).Run(256 * 1024, false);

            Assert.Equal(0, failures);
            Assert.StartsWith("selftest: profile full, MTU 1500, 4096-byte rings; two stacks and the cable fix ", output.All[0]);
            Assert.Equal(new[]
            {
                "PASS arp and ping",
                "PASS tcp handshake (X,0) (Y,X+1) (X+1,Y+1)",
                "PASS transfer A to B",
                "PASS transfer B to A",
                "PASS close from A (A ends in TIME-WAIT)",
                "PASS close from B (B ends in TIME-WAIT)",
                "PASS simultaneous close through CLOSING",
                "PASS urgent data",
                "PASS RST to a closed port",
                "selftest: 9 passed, 0 failed",
            }, output.All.GetRange(1, output.All.Count - 1));
        }

        [Fact]
        public void Measurements_print_every_figure_after_the_summary()
        {
            var output = new Lines();
            new NanoTcp.SelfTest.SelfTest(output).Run(64 * 1024, true);
            int summary = output.All.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^selftest: [0-9]+ passed, [0-9]+ failed$"));
            Assert.True(summary >= 0);
            string[] expected = { "bench: receive ", "bench: send ", "bench: goodput ", "bench: checksum " };
            Assert.Equal(expected.Length, output.All.Count - summary - 1);
            for (int i = 0; i < expected.Length; i++)
                Assert.StartsWith(expected[i], output.All[summary + 1 + i]);
            Assert.DoesNotContain(output.All, l => l.Contains("n/a") || l.Contains("skipped"));
        }
    }
}

namespace NanoTcp.Tests.SelfTest
{
    /// <summary>The desktop self-test's command line (System.CommandLine).</summary>
    [Xunit.Collection("Console")]
    public class SelfTestCommandLineTests
    {
        private static (int code, string output) Run(params string[] args)
        {
            var previousOut = System.Console.Out;
            var previousError = System.Console.Error;
            var text = new System.IO.StringWriter();
            System.Console.SetOut(text);
            System.Console.SetError(text);
            try { return (NanoTcp.SelfTest.Program.Main(args), text.ToString()); }
            finally
            {
                System.Console.SetOut(previousOut);
                System.Console.SetError(previousError);
            }
        }

        [Xunit.Fact]
        public void Small_profile_with_a_byte_count_and_no_bench_passes_and_exits_0()
        {
            var (code, output) = Run("65536", "--no-bench", "--profile", "small");
            Xunit.Assert.Equal(0, code);
            Xunit.Assert.Contains("selftest: profile small, MTU 576", output);
            Xunit.Assert.Contains("selftest: 9 passed, 0 failed", output);
            Xunit.Assert.DoesNotContain("bench:", output);
        }

        [Xunit.Theory]
        [Xunit.InlineData("--profile", "tiny")]
        [Xunit.InlineData("-5")]
        [Xunit.InlineData("lots")]
        public void Bad_arguments_exit_non_zero_without_running(params string[] args)
        {
            var (code, output) = Run(args);
            Xunit.Assert.NotEqual(0, code);
            Xunit.Assert.DoesNotContain("PASS arp", output);
        }
    }
}
