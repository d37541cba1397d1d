using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NanoTcp.Net;
using NanoTcp.Simulation;
using NanoTcp.Tests.Net;
using NanoTcp.Wire;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Simulation
{
    public class PcapTsharkTests
    {
        private readonly ITestOutputHelper _out;
        public PcapTsharkTests(ITestOutputHelper output) { _out = output; }

        /// <summary>DHCP exchange, ARP, ping, UDP both ways and a port unreachable, recorded at A's end.</summary>
        static string RecordTraffic()
        {
            string path = Path.Combine(Path.GetTempPath(), $"nanotcp-{Guid.NewGuid():N}.pcap");
            PcapWriter pcap = null;
            var clock = new VirtualClock(1000);
            var p = new SimPair(configure: false, wrapA: d => pcap = new PcapWriter(d, path, clock));
            // SimPair has its own clock; use it for the pcap timestamps by driving both together.
            p.B.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, p.Now);
            var server = new TestDhcpServer(p.B);
            p.AfterPoll = now => { server.Poll(now); if (clock.NowMs < now) clock.AdvanceTo(now); };
            p.A.StartDhcp(p.Now);
            p.RunFor(2000);
            Assert.Equal(DhcpState.Bound, p.A.Dhcp.State);
            uint a = p.A.LocalAddress;
            for (int i = 0; i < 3; i++) { p.A.Ping(SimPair.AddressB, 1, i, p.Now); p.B.Ping(a, 2, i, p.Now); p.RunFor(1000); }
            var ua = p.A.OpenUdp(0);
            var ub = p.B.OpenUdp(9999);
            byte[] msg = System.Text.Encoding.ASCII.GetBytes("NanoTcp over the simulated cable");
            ua.SendTo(SimPair.AddressB, 9999, msg, 0, msg.Length, p.Now);
            p.RunFor(10);
            byte[] rx = new byte[100];
            int n = ub.ReceiveFrom(rx, 0, rx.Length);
            ub.SendTo(ub.RemoteAddress, ub.RemotePort, rx, 0, n, p.Now);
            ua.SendTo(SimPair.AddressB, 4444, msg, 0, 1, p.Now); // closed: ICMP port unreachable
            ua.SendTo(Ipv4Address.Broadcast, 4444, msg, 0, 3, p.Now);
            p.RunFor(1000);
            Assert.Equal(1, p.A.Counters.IcmpErrorsIn);
            pcap.Dispose();
            return path;
        }

        static (int code, string stdout) Run(string file, string args)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var proc = Process.Start(psi);
            string o = proc.StandardOutput.ReadToEnd();
            string e = proc.StandardError.ReadToEnd();
            if (!proc.WaitForExit(60_000)) { proc.Kill(); throw new TimeoutException("tshark did not finish in 60 s"); }
            if (proc.ExitCode != 0) o += e; // stderr only matters on failure ("Running as root" noise otherwise)
            return (proc.ExitCode, o);
        }

        static bool HaveTshark() =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "tshark")));

        [Fact]
        public void Pcap_file_has_the_classic_header_and_one_record_per_frame()
        {
            string path = RecordTraffic();
            try
            {
                byte[] f = File.ReadAllBytes(path);
                Assert.Equal(0xA1B2C3D4u, BitConverter.ToUInt32(f, 0));
                Assert.Equal(2, BitConverter.ToUInt16(f, 4));
                Assert.Equal(4, BitConverter.ToUInt16(f, 6));
                Assert.Equal(1u, BitConverter.ToUInt32(f, 20)); // LINKTYPE_ETHERNET
                int records = 0, pos = 24;
                uint lastSec = 0, lastUsec = 0;
                while (pos < f.Length)
                {
                    uint sec = BitConverter.ToUInt32(f, pos), usec = BitConverter.ToUInt32(f, pos + 4);
                    int incl = (int)BitConverter.ToUInt32(f, pos + 8);
                    Assert.Equal(incl, (int)BitConverter.ToUInt32(f, pos + 12));
                    Assert.InRange(incl, 14, 1514); // sent frames are recorded as handed to the device, before padding
                    Assert.True(usec < 1_000_000);
                    Assert.True(sec > lastSec || (sec == lastSec && usec >= lastUsec), "timestamps follow the virtual clock");
                    lastSec = sec; lastUsec = usec;
                    pos += 16 + incl;
                    records++;
                }
                Assert.Equal(f.Length, pos);
                Assert.True(records > 15);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Tshark_finds_no_malformed_packet_and_no_bad_checksum()
        {
            if (!HaveTshark())
            {
                _out.WriteLine("SKIPPED: tshark is not installed (apt-get install tshark); nothing was checked.");
                return;
            }
            string path = RecordTraffic();
            try
            {
                string prefs = "-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE";  // ICMP checksums are always verified by tshark
                var (code, expert) = Run("tshark", $"-n -r {path} {prefs} -q -z expert");
                _out.WriteLine(expert);
                Assert.Equal(0, code);
                Assert.DoesNotContain("Malformed", expert, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("checksum", expert, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Errors (", expert);

                // And tshark really decoded what we sent (not just an empty file).
                var (_, protocols) = Run("tshark", $"-n -r {path} {prefs} -T fields -e frame.protocols");
                Assert.Contains("eth:ethertype:arp", protocols);
                Assert.Contains("eth:ethertype:ip:icmp:data", protocols);
                Assert.Contains("eth:ethertype:ip:udp:dhcp", protocols);
                Assert.Contains("eth:ethertype:ip:udp:data", protocols);
                var (_, dhcpTypes) = Run("tshark", $"-n -r {path} -Y dhcp -T fields -e dhcp.option.dhcp");
                Assert.Equal(new[] { "1", "2", "3", "5" }, dhcpTypes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToArray());
                var (_, status) = Run("tshark", $"-n -r {path} {prefs} -T fields -e ip.checksum.status -e udp.checksum.status -e icmp.checksum.status");
                // proto_checksum status: 0 bad, 1 good, 2 unverified, 3 not present.
                string[] statuses = status.Split(new[] { '\t', '\n' }, StringSplitOptions.RemoveEmptyEntries);
                Assert.DoesNotContain("0", statuses);
                Assert.DoesNotContain("2", statuses); // validation really ran on every checksum
                Assert.True(statuses.Count(x => x == "1") > 20);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void Tshark_check_is_not_vacuous_a_bad_udp_checksum_is_reported()
        {
            if (!HaveTshark()) { _out.WriteLine("SKIPPED: tshark is not installed; nothing was checked."); return; }
            string path = Path.Combine(Path.GetTempPath(), $"nanotcp-{Guid.NewGuid():N}.pcap");
            try
            {
                var clock = new VirtualClock();
                var dev = new ScriptedDevice(new byte[] { 2, 0, 0, 0, 0, 0x0b });
                byte[] bad = NanoTcp.Tests.Fixtures.Frames.Bytes(NanoTcp.Tests.Fixtures.Frames.Udp);
                bad[50] ^= 0x01; // payload bit: the UDP checksum no longer matches
                dev.Inbox.Enqueue(bad);
                using (var pcap = new PcapWriter(dev, path, clock)) pcap.Receive(out _, out _);
                var (_, expert) = Run("tshark", $"-n -r {path} -o udp.check_checksum:TRUE -q -z expert");
                _out.WriteLine(expert);
                Assert.Contains("checksum", expert, StringComparison.OrdinalIgnoreCase);
            }
            finally { File.Delete(path); }
        }
    }
}
