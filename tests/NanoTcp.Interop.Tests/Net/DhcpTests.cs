using System.Diagnostics;
using System.IO;
using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Net;
using NanoTcp.Wire;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Net
{
    /// <summary>
    /// NanoTcp's DHCP client (RFC 2131) against dnsmasq inside the namespace: a lease, then a
    /// renewal. dnsmasq's shortest lease is 2 minutes; it sends T1 = 10 s on request (option 58),
    /// so the renewal comes after about 10 s of real time instead of 60.
    /// </summary>
    public sealed class DhcpTests
    {
        private readonly ITestOutputHelper _output;

        public DhcpTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void Dnsmasq_leases_NanoTcp_an_address_and_NanoTcp_renews_it_at_T1()
        {
            InteropEnvironment.RequireProgram("dnsmasq", "dnsmasq-base");
            using (NetNamespaceDnsmasq dhcp = new NetNamespaceDnsmasq())
            using (NanoOnTap nano = NanoOnTap.Start(_output, capture: true, configure: o => { o.Dhcp = true; o.Address = 0; }, beforeStack: dhcp.StartIn))
            {
                TapServeRunnerAssert.Bound(nano, 30000);
                uint address = nano.Runner.Invoke(r => r.Interface.LocalAddress);
                Assert.InRange(address, Ipv4Address.Parse("192.0.2.50"), Ipv4Address.Parse("192.0.2.60"));
                Assert.Equal(Ipv4Address.MaskFromPrefix(24), nano.Runner.Invoke(r => r.Interface.SubnetMask));
                Assert.Equal(NanoOnTap.LinuxAddress, nano.Runner.Invoke(r => r.Interface.Dhcp.ServerAddress));
                long acks = nano.Runner.Invoke(r => r.Interface.Dhcp.AcksReceived);

                // T1 = 10 s: the client renews (unicast DHCPREQUEST) and gets a second ACK.
                Assert.True(nano.Runner.WaitUntil(r => r.Interface.Dhcp.AcksReceived > acks, 40000),
                    "no renewal within 40 s; DHCP state " + nano.Runner.Invoke(r => r.Interface.Dhcp.State) + "\n" + dhcp.Log);
                Assert.Equal(DhcpState.Bound, nano.Runner.Invoke(r => r.Interface.Dhcp.State));
                Assert.Equal(address, nano.Runner.Invoke(r => r.Interface.LocalAddress));
                string log = dhcp.Log;
                Assert.True(Count(log, "DHCPACK(tap0) " + Ipv4Address.ToString(address)) >= 2, "dnsmasq did not log two ACKs:\n" + log);

                // The leased address works.
                ProcessResult ping = nano.Ns.Exec(20000, "ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", Ipv4Address.ToString(address));
                Assert.True(ping.ExitCode == 0, "ping of the leased address failed: " + ping);
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        private static int Count(string text, string what)
        {
            int n = 0, at = 0;
            while ((at = text.IndexOf(what, at, System.StringComparison.Ordinal)) >= 0) { n++; at += what.Length; }
            return n;
        }
    }

    /// <summary>dnsmasq as a DHCP-only server (no DNS) on tap0 of a test namespace.</summary>
    public sealed class NetNamespaceDnsmasq : System.IDisposable
    {
        private BackgroundProcess _dnsmasq;
        private string _dir;

        public void StartIn(NetNamespace ns)
        {
            _dir = Path.Combine(Path.GetTempPath(), ns.Name + "-dnsmasq");
            Directory.CreateDirectory(_dir);
            _dnsmasq = ns.Own(ns.Start("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--interface=" + NetNamespace.TapName, "--bind-interfaces", "--log-dhcp", "--log-facility=-",
                "--dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m",
                "--dhcp-option=option:T1,10", "--dhcp-option=option:T2,60",
                "--dhcp-leasefile=" + Path.Combine(_dir, "leases"), "--pid-file=" + Path.Combine(_dir, "pid")));
            var watch = Stopwatch.StartNew();
            while (!Log.Contains("DHCP, IP range"))
            {
                if (_dnsmasq.HasExited || watch.ElapsedMilliseconds > 10000) Assert.Fail("dnsmasq did not start: " + _dnsmasq);
                System.Threading.Thread.Sleep(20);
            }
        }

        public string Log { get { return _dnsmasq == null ? "" : _dnsmasq.Stdout + _dnsmasq.Stderr; } }

        public void Dispose()
        {
            if (_dnsmasq != null) _dnsmasq.Dispose();
            try { if (_dir != null) Directory.Delete(_dir, true); } catch (System.Exception) { }
        }
    }

    internal static class TapServeRunnerAssert
    {
        public static void Bound(NanoOnTap nano, int timeoutMs)
        {
            Assert.True(nano.Runner.WaitUntil(r => r.Interface.Dhcp.State == DhcpState.Bound && r.Interface.LocalAddress != 0, timeoutMs),
                "NanoTcp got no lease within " + timeoutMs + " ms; state " + nano.Runner.Invoke(r => r.Interface.Dhcp.State));
        }
    }
}
