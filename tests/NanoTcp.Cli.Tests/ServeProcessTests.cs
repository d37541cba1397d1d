using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Xunit;

namespace NanoTcp.Cli.Tests
{
    /// <summary>Runs the built `nanotcp serve` as a process on a free loopback port and
    /// talks to it with a real HTTP client, through relay, host stack, cable, simulated
    /// W5500 and driver to the device's web server.</summary>
    public class ServeProcessTests
    {
        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
        private const int SIGINT = 2;

        [Fact]
        public void Serve_answers_page_and_json_with_the_live_connection_table_then_stops_on_ctrl_c()
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "NanoTcp.Cli.dll");
            Assert.True(File.Exists(dll), dll);
            string pcap = Path.Combine(Path.GetTempPath(), "nanotcp-serve-test-" + Environment.ProcessId + ".pcap");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            psi.ArgumentList.Add("serve");
            psi.ArgumentList.Add("--listen");
            psi.ArgumentList.Add("127.0.0.1:0"); // the OS picks a free port; serve prints it
            psi.ArgumentList.Add("--pcap");
            psi.ArgumentList.Add(pcap);
            using var p = Process.Start(psi)!;
            var output = new System.Text.StringBuilder();
            var urlSeen = new ManualResetEventSlim();
            string url = null;
            p.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (output) output.AppendLine(e.Data);
                var m = Regex.Match(e.Data, @"Open (http://127\.0\.0\.1:\d+/)");
                if (m.Success) { url = m.Groups[1].Value; urlSeen.Set(); }
            };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine("stderr: " + e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            try
            {
                Assert.True(urlSeen.Wait(TimeSpan.FromSeconds(60)), "serve printed no URL:\n" + output);

                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
                string page = http.GetStringAsync(url).Result;
                Assert.Contains("<title>NanoTcp device</title>", page);
                Assert.Contains("status.json", page);

                // Same keep-alive connection: the table must show it, established, on port 80.
                string json = http.GetStringAsync(url + "status.json").Result;
                using var doc = JsonDocument.Parse(json);
                var root = doc.RootElement;
                Assert.Equal("192.0.2.2", root.GetProperty("interface").GetProperty("ip").GetString());
                Assert.True(root.GetProperty("interface").GetProperty("link").GetBoolean());
                Assert.True(root.GetProperty("counters").GetProperty("SpiTransactions").GetInt64() > 0);
                Assert.True(root.GetProperty("counters").GetProperty("HttpRequests").GetInt64() >= 1);
                Assert.Contains(root.GetProperty("arp").EnumerateArray(), a => a.GetProperty("ip").GetString() == "192.0.2.1" && a.GetProperty("state").GetString() == "Resolved");
                bool found = false;
                foreach (var c in root.GetProperty("tcp").EnumerateArray())
                {
                    if (c.GetProperty("local").GetString() != "192.0.2.2:80" || c.GetProperty("state").GetString() != "ESTABLISHED") continue;
                    Assert.StartsWith("192.0.2.1:", c.GetProperty("remote").GetString());
                    // The page went out before this request: something was sent and acknowledged.
                    uint una = c.GetProperty("sndUna").GetUInt32(), nxt = c.GetProperty("sndNxt").GetUInt32();
                    Assert.True((int)(nxt - una) >= 0);
                    Assert.True(c.GetProperty("rcvWnd").GetInt32() > 0);
                    found = true;
                }
                Assert.True(found, "no ESTABLISHED device connection on port 80 in:\n" + json);

                string bench = http.GetStringAsync(url + "bench").Result;
                Assert.Equal(64, bench.Length);
                var missing = http.GetAsync(url + "missing").Result;
                Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
            }
            finally
            {
                // Ctrl+C is SIGINT: serve must stop cleanly and say so.
                kill(p.Id, SIGINT);
                bool exited = p.WaitForExit(30000);
                if (!exited) p.Kill(true);
                p.WaitForExit();
                Assert.True(exited, "serve did not stop on SIGINT:\n" + output);
            }
            Assert.Equal(0, p.ExitCode);
            lock (output) Assert.Contains("nanotcp serve: stopping", output.ToString());
            Assert.True(new FileInfo(pcap).Length > 24, "pcap has frames");
            File.Delete(pcap);
        }
    }
}
