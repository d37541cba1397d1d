using System;
using System.IO;
using NanoTcp.Simulation.Tap;
using NanoTcp.Testing.Tap;
using NanoTcp.Wire;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>
    /// A namespace with NanoTcp running on its TAP: the TapServeRunner of `nanotcp serve --tap`
    /// hosted in this process (the TAP is opened inside the namespace, then the loop runs on
    /// its own thread). Optionally captures both sides: tshark on the Linux side of tap0 and
    /// NanoTcp's own pcap. Dispose stops everything and deletes the namespace.
    /// </summary>
    public sealed class NanoOnTap : IDisposable
    {
        public const int TcpPortRangeStart = 5000;
        public static readonly uint NanoAddress = Ipv4Address.Parse(NetNamespace.NanoIp);
        public static readonly uint LinuxAddress = Ipv4Address.Parse(NetNamespace.LinuxIp);

        public readonly NetNamespace Ns;
        public readonly TapServeRunner Runner;
        public readonly Capture Capture;
        private readonly string _dir;

        private NanoOnTap(NetNamespace ns, TapServeRunner runner, Capture capture, string dir)
        {
            Ns = ns;
            Runner = runner;
            Capture = capture;
            _dir = dir;
        }

        /// <summary>
        /// Starts NanoTcp on 192.0.2.2/24 (or by DHCP when configure sets Dhcp). With capture,
        /// tshark records the Linux side before the stack sends its first frame; beforeStack
        /// starts Linux-side servers (dnsmasq) that must be up before NanoTcp's first frame.
        /// </summary>
        public static NanoOnTap Start(ITestOutputHelper output, bool capture = true, Action<TapServeOptions> configure = null, Action<NetNamespace> beforeStack = null)
        {
            NetNamespace ns = NetNamespace.Create();
            try
            {
                string dir = Path.Combine(Path.GetTempPath(), ns.Name);
                Directory.CreateDirectory(dir);
                var options = new TapServeOptions
                {
                    TapName = NetNamespace.TapName,
                    Address = NanoAddress,
                    PrefixLength = NetNamespace.PrefixLength,
                };
                Capture cap = null;
                if (capture)
                {
                    cap = ns.Own(Capture.StartLinuxSide(ns, Path.Combine(dir, "linux.pcap"), output));
                    options.PcapPath = Path.Combine(dir, "nanotcp.pcap");
                    cap.NanoPcapPath = options.PcapPath;
                }
                if (configure != null) configure(options);
                if (beforeStack != null) beforeStack(ns);
                TapDevice tap = ns.OpenTap(options.MacAddress);
                if (cap != null)
                {
                    byte[] probe = Capture.ProbeFrame(tap.MacAddress);
                    cap.WaitUntilCapturing(() => tap.Send(probe, 0, probe.Length));
                }
                var runner = new TapServeRunner(options, tap, new TestOutputWriter(output));
                ns.Own(new Stopper(runner));
                runner.Start();
                return new NanoOnTap(ns, runner, cap, dir);
            }
            catch
            {
                ns.Dispose();
                throw;
            }
        }

        /// <summary>Stops the stack (closing its pcap) and the capture, then checks both files with tshark.</summary>
        public void StopAndCheckCaptures(params string[] expectedExpertMessages)
        {
            Runner.Dispose();
            if (Capture == null) return;
            Capture.StopAndCheck(expectedExpertMessages);
        }

        public void Dispose()
        {
            try { Ns.Dispose(); }
            finally
            {
                // NANOTCP_KEEP_CAPTURES=1 keeps every test's pcaps (for looking at a failure).
                bool keep = Environment.GetEnvironmentVariable("NANOTCP_KEEP_CAPTURES") == "1" || (Capture != null && !Capture.Clean);
                try { if (!keep) Directory.Delete(_dir, true); else Console.WriteLine("interop: captures kept in " + _dir); } catch (Exception) { }
            }
        }

        /// <summary>Fails the test when the loop thread died.</summary>
        public void AssertLoopHealthy()
        {
            if (Runner.Failure != null) Assert.Fail("The NanoTcp loop failed: " + Runner.Failure);
        }

        private sealed class Stopper : IDisposable
        {
            private readonly TapServeRunner _runner;
            public Stopper(TapServeRunner runner) { _runner = runner; }
            public void Dispose() { _runner.Dispose(); }
        }
    }

    /// <summary>Routes the runner's log lines to the test output.</summary>
    public sealed class TestOutputWriter : TextWriter
    {
        private readonly ITestOutputHelper _output;
        public TestOutputWriter(ITestOutputHelper output) { _output = output; }
        public override System.Text.Encoding Encoding { get { return System.Text.Encoding.UTF8; } }
        public override void WriteLine(string value)
        {
            if (_output == null) return;
            try { _output.WriteLine(value ?? ""); } catch (InvalidOperationException) { /* the test has ended */ }
        }
        public override void Write(char value) { }
    }
}
