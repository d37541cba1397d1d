using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Net;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Net
{
    /// <summary>ARP (RFC 826) and ICMP echo (RFC 792) between NanoTcp's NetworkInterface and the Linux kernel, both ways.</summary>
    public sealed class ArpAndPingTests
    {
        private readonly ITestOutputHelper _output;

        public ArpAndPingTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void Linux_pings_NanoTcp_after_resolving_its_MAC_by_ARP()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                ProcessResult ping = nano.Ns.Exec(20000, "ping", "-n", "-c", "5", "-i", "0.2", "-W", "2", NetNamespace.NanoIp);
                Assert.True(ping.ExitCode == 0, "ping failed: " + ping);
                Assert.Contains("5 received", ping.Stdout);
                string neighbour = nano.Ns.MustSh("ip neigh show " + NetNamespace.NanoIp + " dev " + NetNamespace.TapName).Stdout;
                Assert.Contains(nano.Runner.Tap.MacText, neighbour);
                Assert.True(nano.Runner.Invoke(r => r.Interface.Counters.IcmpEchoRequestsIn) >= 5);
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        [InteropFact]
        public void NanoTcp_pings_Linux_after_resolving_its_MAC_by_ARP()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                string linuxMac = nano.Ns.MustSh("cat /sys/class/net/" + NetNamespace.TapName + "/address").Stdout.Trim();
                for (int seq = 1; seq <= 3; seq++)
                {
                    int s = seq;
                    Assert.True(nano.Runner.Invoke(r => r.Interface.Ping(NanoOnTap.LinuxAddress, 0x4e54, s, r.NowMs)), "Ping refused to send");
                    Assert.True(nano.Runner.WaitUntil(r => r.Interface.LastEchoReplySequence == s && r.Interface.LastEchoReplySource == NanoOnTap.LinuxAddress, 10000),
                        "no echo reply from Linux for sequence " + s);
                }
                Assert.Equal(linuxMac, nano.Runner.Invoke(r => ArpEntry(r.Interface, NanoOnTap.LinuxAddress)));
                // The kernel answered our request and (RFC 826 "merge") noted us as well.
                string neighbour = nano.Ns.MustSh("ip neigh show " + NetNamespace.NanoIp + " dev " + NetNamespace.TapName).Stdout;
                Assert.Contains(nano.Runner.Tap.MacText, neighbour);
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        private static string ArpEntry(NetworkInterface iface, uint ip)
        {
            var mac = new byte[6];
            for (int i = 0; i < iface.Arp.Capacity; i++)
            {
                if (iface.Arp.GetAddress(i) != ip || iface.Arp.GetState(i) != ArpEntryState.Resolved) continue;
                iface.Arp.CopyMac(i, mac, 0);
                return string.Format("{0:x2}:{1:x2}:{2:x2}:{3:x2}:{4:x2}:{5:x2}", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
            }
            return null;
        }
    }
}
