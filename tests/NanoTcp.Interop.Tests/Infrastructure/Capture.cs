using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>
    /// Wireshark as a judge: dumpcap records the Linux side of tap0 while a test runs, NanoTcp
    /// writes its own pcap (--pcap), and afterwards both files are read back with checksum
    /// validation on. Any malformed packet, and any expert item of severity Warning or Error
    /// (bad checksums are Errors; TCP analysis problems such as lost segments, zero windows or
    /// resets are Warnings) fails the test unless the test names it as provoked on purpose.
    /// </summary>
    public sealed class Capture : IDisposable
    {
        /// <summary>Expert severities (epan/proto.h): PI_WARN = 0x00600000, PI_ERROR = 0x00800000.</summary>
        private const int SeverityWarning = 0x00600000;
        private const int StartTimeoutMs = 20000;

        private readonly BackgroundProcess _tshark;
        private readonly ITestOutputHelper _output;
        public readonly string LinuxPcapPath;
        public string NanoPcapPath;
        public bool Clean = true;

        private Capture(BackgroundProcess tshark, string path, ITestOutputHelper output)
        {
            _tshark = tshark;
            LinuxPcapPath = path;
            _output = output;
        }

        public static Capture StartLinuxSide(NetNamespace ns, string path, ITestOutputHelper output)
        {
            InteropEnvironment.RequireProgram("tshark", "tshark");
            // dumpcap (tshark's capture engine, without the dissectors): raw frames to a pcap file
            // (-P: classic pcap, not pcapng); it flushes and exits cleanly on SIGINT.
            BackgroundProcess tshark = ns.Start("dumpcap", "-i", NetNamespace.TapName, "-P", "-w", path);
            // "Capturing on" comes before the packet socket is bound; wait until the kernel lists
            // a running packet socket on tap0's ifindex (/proc/net/packet: ... Iface R ...).
            var watch = Stopwatch.StartNew();
            string probe = "awk -v i=$(cat /sys/class/net/" + NetNamespace.TapName + "/ifindex) 'NR > 1 && $5 == i && $6 == 1' /proc/net/packet";
            while (true)
            {
                if (tshark.HasExited || watch.ElapsedMilliseconds > StartTimeoutMs)
                {
                    tshark.Dispose();
                    Assert.Fail("dumpcap did not start capturing on " + NetNamespace.TapName + ": " + tshark);
                }
                if (tshark.Stderr.Contains("Capturing on") && ns.Exec(5000, "sh", "-c", probe).Stdout.Trim().Length > 0) break;
                Thread.Sleep(20);
            }
            return new Capture(tshark, path, output);
        }

        /// <summary>
        /// libpcap drops everything while it sets up its ring, some time after the packet socket
        /// exists, so readiness is proven by seeing a frame: sendProbe writes one frame into the
        /// TAP (an IEEE 802 "local experimental" EtherType the kernel ignores) until dumpcap
        /// counts a packet (its "Packets: N" progress line).
        /// </summary>
        public void WaitUntilCapturing(Func<bool> sendProbe)
        {
            var watch = Stopwatch.StartNew();
            while (!_tshark.Stderr.Contains("Packets: "))
            {
                if (_tshark.HasExited || watch.ElapsedMilliseconds > StartTimeoutMs)
                    Assert.Fail("dumpcap saw none of the probe frames within " + StartTimeoutMs + " ms: " + _tshark);
                sendProbe();
                Thread.Sleep(100);
            }
        }

        /// <summary>A broadcast frame with EtherType 0x88B5 (IEEE 802 local experimental 1) and a short text.</summary>
        public static byte[] ProbeFrame(byte[] sourceMac)
        {
            var f = new byte[60];
            for (int i = 0; i < 6; i++) f[i] = 0xff;
            Buffer.BlockCopy(sourceMac, 0, f, 6, 6);
            f[12] = 0x88; f[13] = 0xb5;
            byte[] text = Encoding.ASCII.GetBytes("nanotcp interop capture probe");
            Buffer.BlockCopy(text, 0, f, 14, text.Length);
            return f;
        }

        /// <summary>Stops tshark (flushing its file) and checks both captures.</summary>
        public void StopAndCheck(params string[] expectedExpertMessages)
        {
            _tshark.Stop("INT", 20000);
            var problems = new StringBuilder();
            Check(LinuxPcapPath, "the Linux side (dumpcap on " + NetNamespace.TapName + ")", expectedExpertMessages, problems);
            if (NanoPcapPath != null) Check(NanoPcapPath, "NanoTcp's own pcap", expectedExpertMessages, problems);
            if (problems.Length > 0)
            {
                problems.Append("dumpcap: " + _tshark.Stderr);
                Clean = false;
                Assert.Fail("Capture problems (files kept: " + LinuxPcapPath + (NanoPcapPath != null ? ", " + NanoPcapPath : "") + "):\n" + problems);
            }
        }

        /// <summary>Frames in a capture matching a display filter (for tests that look for a specific packet).</summary>
        public static int Count(string path, string displayFilter)
        {
            ProcessResult r = ProcessRunner.Run(60000, "tshark", "-n", "-r", path, "-Y", displayFilter, "-T", "fields", "-e", "frame.number");
            if (r.ExitCode != 0) Assert.Fail("tshark could not read " + path + ": " + r);
            int n = 0;
            foreach (string line in r.Stdout.Split('\n')) if (line.Trim().Length > 0) n++;
            return n;
        }

        private void Check(string path, string what, string[] expected, StringBuilder problems)
        {
            if (!File.Exists(path)) { problems.Append(what + ": no capture file at " + path + "\n"); return; }
            int frames = Count(path, "frame");
            if (frames == 0) { problems.Append(what + ": the capture is empty\n"); return; }
            ProcessResult r = ProcessRunner.Run(120000, "tshark", "-n", "-r", path,
                // The test ports carry raw test bytes: decode them as data, so random payload is not
                // mistaken for some protocol that happens to own the port number.
                "-d", "tcp.port==5000-5010,data", "-d", "tcp.port==6000-6010,data",
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-Y", "_ws.malformed || _ws.expert.severity >= " + SeverityWarning,
                "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=/t",
                "-e", "frame.number", "-e", "_ws.expert.severity", "-e", "_ws.expert.message", "-e", "_ws.malformed", "-e", "_ws.col.info");
            if (r.ExitCode != 0) { problems.Append(what + ": tshark failed: " + r + "\n"); return; }
            var seen = new List<string>();
            foreach (string line in r.Stdout.Split('\n'))
            {
                if (line.Trim().Length == 0) continue;
                string[] f = line.Split('\t');
                string frame = f[0];
                string[] severities = f.Length > 1 ? f[1].Split('|') : new string[0];
                string[] messages = f.Length > 2 ? f[2].Split('|') : new string[0];
                bool malformed = f.Length > 3 && f[3].Length > 0;
                string info = f.Length > 4 ? f[4] : "";
                if (malformed) problems.Append(what + ": frame " + frame + " is malformed: " + info + "\n");
                for (int i = 0; i < messages.Length && i < severities.Length; i++)
                {
                    int severity;
                    if (!int.TryParse(severities[i], out severity) || severity < SeverityWarning) continue;
                    if (IsExpected(messages[i], expected)) { seen.Add(messages[i]); continue; }
                    problems.Append(what + ": frame " + frame + ": " + messages[i] + "  [" + info + "]\n");
                }
            }
            if (_output != null)
                _output.WriteLine(what + ": " + frames + " frames, " + seen.Count + " expected expert warnings" + (seen.Count > 0 ? " (" + string.Join("; ", seen) + ")" : ""));
        }

        /// <summary>
        /// Warnings that describe correct behaviour of either side: a sender that sends exactly up
        /// to the window the receiver advertised (its application reads slower than the link) is
        /// what a window is for (RFC 9293 3.8.6). With 64 KiB send rings NanoTcp can fill Linux's
        /// initial receive window.
        /// </summary>
        private static readonly string[] AlwaysBenign = { "TCP window specified by the receiver is now completely full" };

        private static bool IsExpected(string message, string[] expected)
        {
            foreach (string e in AlwaysBenign) if (message.StartsWith(e, StringComparison.Ordinal)) return true;
            foreach (string e in expected) if (message.StartsWith(e, StringComparison.Ordinal)) return true;
            return false;
        }

        public void Dispose()
        {
            _tshark.Dispose();
        }
    }
}
