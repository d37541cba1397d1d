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
    /// Wireshark as a judge: tshark records the Linux side of tap0 while a test runs, NanoTcp
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
            // -n: no name resolution; -w: raw frames to a file (pcap, not pcapng, so any tool reads it).
            BackgroundProcess tshark = ns.Start("tshark", "-n", "-i", NetNamespace.TapName, "-F", "pcap", "-w", path);
            var watch = Stopwatch.StartNew();
            while (!tshark.Stderr.Contains("Capturing on"))
            {
                if (tshark.HasExited || watch.ElapsedMilliseconds > StartTimeoutMs)
                {
                    tshark.Dispose();
                    Assert.Fail("tshark did not start capturing on " + NetNamespace.TapName + ": " + tshark);
                }
                Thread.Sleep(20);
            }
            return new Capture(tshark, path, output);
        }

        /// <summary>Stops tshark (flushing its file) and checks both captures.</summary>
        public void StopAndCheck(params string[] expectedExpertMessages)
        {
            _tshark.Stop("INT");
            var problems = new StringBuilder();
            Check(LinuxPcapPath, "tshark on the Linux side", expectedExpertMessages, problems);
            if (NanoPcapPath != null) Check(NanoPcapPath, "NanoTcp's own pcap", expectedExpertMessages, problems);
            if (problems.Length > 0)
            {
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
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "icmp.check_checksum:TRUE",
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

        private static bool IsExpected(string message, string[] expected)
        {
            foreach (string e in expected) if (message.StartsWith(e, StringComparison.Ordinal)) return true;
            return false;
        }

        public void Dispose()
        {
            _tshark.Dispose();
        }
    }
}
