using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using NanoTcp.Interop.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Cli
{
    /// <summary>
    /// The command line itself: `nanotcp serve --tap tap0 --ip 192.0.2.2/24 --pcap FILE` as a
    /// child process inside the namespace (the way a user runs it),
    /// answering ping, curl and the echo/discard/source services, and stopping cleanly on SIGINT.
    /// </summary>
    public sealed class CliServeTapTests
    {
        private readonly ITestOutputHelper _output;

        public CliServeTapTests(ITestOutputHelper output) { _output = output; }

        private const string ServicesCheck = @"
import socket, sys
h = sys.argv[1]
s = socket.create_connection((h, 7), timeout=10); s.sendall(b'echo me'); got = b''
while len(got) < 7: got += s.recv(100)
assert got == b'echo me', got; s.close()
s = socket.create_connection((h, 9), timeout=10); s.sendall(b'x' * 100000); s.shutdown(socket.SHUT_WR)
assert s.recv(1) == b'', 'discard did not close'; s.close()
s = socket.create_connection((h, 19), timeout=10); got = b''
while len(got) < 100000: got += s.recv(65536)
s.close(); print('services ok')
";

        [InteropFact]
        public void Nanotcp_serve_tap_answers_ping_curl_echo_discard_source_and_stops_on_SIGINT()
        {
            string dll = CliDll();
            using (NetNamespace ns = NetNamespace.Create())
            {
                string pcap = Path.Combine(Path.GetTempPath(), ns.Name + ".pcap");
                try
                {
                    BackgroundProcess serve = ns.Start("dotnet", dll, "serve", "--tap", NetNamespace.TapName, "--ip", NetNamespace.NanoIp + "/24", "--pcap", pcap);
                    var watch = Stopwatch.StartNew();
                    while (!serve.Stdout.Contains("serving"))
                    {
                        if (serve.HasExited || watch.ElapsedMilliseconds > 60000) Assert.Fail("nanotcp serve --tap did not start: " + serve);
                        Thread.Sleep(50);
                    }
                    ProcessResult ping = ns.Exec(20000, "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", NetNamespace.NanoIp);
                    Assert.True(ping.ExitCode == 0, "ping failed: " + ping + "\n" + serve);
                    ProcessResult curl = ns.Exec(20000, "curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "http://" + NetNamespace.NanoIp + "/bench");
                    Assert.Equal("200 64", curl.Stdout.Trim());
                    ProcessResult services = ns.Exec(60000, "python3", "-c", ServicesCheck, NetNamespace.NanoIp);
                    Assert.True(services.ExitCode == 0, "echo/discard/source: " + services);

                    serve.Stop("INT", 20000);
                    Assert.True(serve.HasExited, "nanotcp serve did not stop on SIGINT");
                    Assert.True(serve.ExitCode == 0, "nanotcp serve exited " + serve.ExitCode + ": " + serve);
                    Assert.True(Capture.Count(pcap, "icmp.type == 0") >= 3, "the --pcap file lacks the echo replies");
                    Assert.True(Capture.Count(pcap, "http.response.code == 200") >= 1, "the --pcap file lacks the HTTP answer");
                }
                finally
                {
                    try { File.Delete(pcap); } catch (Exception) { }
                }
            }
        }

        /// <summary>The CLI built next to this test assembly (tests/X/bin/CONFIG/TFM → src/NanoTcp.Cli/bin/CONFIG/TFM).</summary>
        internal static string CliDll()
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            string config = tfm.Parent.Name;
            string root = tfm.Parent.Parent.Parent.Parent.Parent.FullName;
            string dll = Path.Combine(root, "src", "NanoTcp.Cli", "bin", config, tfm.Name, "NanoTcp.Cli.dll");
            Assert.True(File.Exists(dll), "The CLI is not built at " + dll + " (the test project builds it through its ProjectReference).");
            return dll;
        }
    }
}
