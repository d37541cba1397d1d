using System;
using System.Text;
using NanoTcp.Interop.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Http
{
    /// <summary>curl against NanoTcp's device web server over the Linux kernel's TCP.</summary>
    public sealed class HttpTests
    {
        private const string Base = "http://" + NetNamespace.NanoIp;
        private readonly ITestOutputHelper _output;

        public HttpTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void Curl_gets_the_status_page_and_the_bench_body()
        {
            InteropEnvironment.RequireProgram("curl", "curl");
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                ProcessResult page = nano.Ns.Exec(20000, "curl", "-sS", "--max-time", "10", "-i", Base + "/");
                Assert.True(page.ExitCode == 0, "curl failed: " + page);
                Assert.StartsWith("HTTP/1.1 200", page.Stdout);
                Assert.Contains("NanoTcp", page.Stdout);

                ProcessResult bench = nano.Ns.Exec(20000, "curl", "-sS", "--max-time", "10", "-o", "/dev/stdout", "-w", "\n%{http_code} %{size_download}", Base + "/bench");
                Assert.True(bench.ExitCode == 0, "curl failed: " + bench);
                Assert.EndsWith("200 64", bench.Stdout.TrimEnd());
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        [InteropFact]
        public void Curl_makes_1000_requests_on_one_keep_alive_connection()
        {
            InteropEnvironment.RequireProgram("curl", "curl");
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                ProcessResult r = nano.Ns.ExecWithInput(180000, Config(1000), "curl", "-sS", "--max-time", "150", "-K", "-", "-w", "%{http_code} %{num_connects}\n");
                Assert.True(r.ExitCode == 0, "curl failed: " + r);
                int[] counts = Tally(r.Stdout, 1000);
                Assert.Equal(1000, counts[0]);   // all 200 OK
                Assert.Equal(1, counts[1]);      // one TCP connection for all of them
                _output.WriteLine("1000 keep-alive requests took " + r.Elapsed.TotalSeconds.ToString("0.00") + " s");
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        [InteropFact]
        public void Curl_makes_50_parallel_connections_and_all_are_answered()
        {
            InteropEnvironment.RequireProgram("curl", "curl");
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                ProcessResult r = nano.Ns.ExecWithInput(120000, Config(50), "curl", "-sS", "--max-time", "60",
                    "--parallel", "--parallel-immediate", "--parallel-max", "50", "-K", "-", "-w", "%{http_code} %{num_connects}\n");
                Assert.True(r.ExitCode == 0, "curl failed: " + r);
                int[] counts = Tally(r.Stdout, 50);
                Assert.Equal(50, counts[0]);
                Assert.Equal(50, counts[1]);     // --parallel-immediate: a connection each
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        /// <summary>A curl config with n transfers of /bench, bodies thrown away.</summary>
        private static string Config(int n)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.Append("url = \"").Append(Base).Append("/bench\"\noutput = \"/dev/null\"\n");
            return sb.ToString();
        }

        /// <summary>[number of 200 answers, total new connections] from "%{http_code} %{num_connects}" lines.</summary>
        private static int[] Tally(string stdout, int expectedLines)
        {
            int ok = 0, connects = 0, lines = 0;
            foreach (string line in stdout.Split('\n'))
            {
                string[] f = line.Trim().Split(' ');
                if (f.Length != 2) continue;
                lines++;
                if (f[0] == "200") ok++;
                connects += int.Parse(f[1]);
            }
            Assert.True(lines == expectedLines, "expected " + expectedLines + " results, got " + lines + ":\n" + stdout);
            return new[] { ok, connects };
        }
    }
}
