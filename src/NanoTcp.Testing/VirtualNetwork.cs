using System;
using System.Collections.Generic;
using System.IO;
using NanoTcp.Device;
using NanoTcp.Net;
using NanoTcp.Simulation;
using NanoTcp.Wire;

namespace NanoTcp.Testing
{
    /// <summary>
    /// A virtual Ethernet network on a virtual clock: the device under test and its peers,
    /// each on its own link to a learning switch. Nothing runs until the test says so:
    /// Step, AdvanceTime, RunUntil and RunUntilIdle poll every node and move the clock from
    /// deadline to deadline, so a test of minutes of network time finishes in milliseconds
    /// and runs the same way every time.
    ///
    /// <code>
    /// using var net = new VirtualNetwork();
    /// var device = net.AddDevice("sensor", DeviceNic.W5500, "192.0.2.2");
    /// var host = net.AddHost("pc", "192.0.2.1");
    /// var reply = host.HttpGet("192.0.2.2", "/");
    /// </code>
    ///
    /// When the kit's own waits or expectations fail it writes a pcap of the whole network and
    /// names it in the exception; wrap your own assertions in <see cref="Verify"/> to get the
    /// same for them.
    /// </summary>
    public sealed class VirtualNetwork : IDisposable
    {
        /// <summary>The subnet of the kit's shorthand addresses: 192.0.2.0/24 (TEST-NET-1).</summary>
        public const int DefaultPrefixLength = 24;
        public static readonly uint DefaultMask = Ipv4Address.MaskFromPrefix(DefaultPrefixLength);

        private readonly List<INode> _nodes = new List<INode>();
        private readonly VirtualSwitch _switch;
        private readonly string _name;

        /// <param name="name">Names the pcap written on failure (your test's name is a good choice).</param>
        /// <param name="startMs">Virtual time at start.</param>
        public VirtualNetwork(string name = "network", long startMs = 1000)
        {
            _name = name;
            Clock = new VirtualClock(startMs);
            _switch = new VirtualSwitch(() => Clock.NowMs);
        }

        public VirtualClock Clock { get; }
        public long NowMs => Clock.NowMs;
        public IReadOnlyList<INode> Nodes => _nodes;

        /// <summary>Where failure pcaps go; default: the temp folder's nanotcp-testkit/.</summary>
        public string PcapDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "nanotcp-testkit");

        /// <summary>Frames that crossed the switch so far (each counted once).</summary>
        public long FramesForwarded => _switch.FramesForwarded;

        /// <summary>Adds the device under test: a full NanoTcp stack on the chosen NIC, with a
        /// static address, built by the device composition root. configure may change the
        /// options before the device is built (sizes in o.Tcp / o.Net, a web server with the
        /// status page in o.Http and o.StatusPage, services in o.Services).</summary>
        public TestDevice AddDevice(string name, DeviceNic nic, string address, Action<DeviceOptions>? configure = null)
        {
            var d = new TestDevice(this, name, nic, Ipv4Address.Parse(address), configure);
            _nodes.Add(d);
            return d;
        }

        /// <summary>Adds a host-side peer: a NanoTcp stack with TCP client/server and HTTP client
        /// helpers (64 connections, 16 KiB rings; configure may change them).</summary>
        public HostPeer AddHost(string name, string address, Action<DeviceOptions>? configure = null)
        {
            var h = new HostPeer(this, name, Ipv4Address.Parse(address), configure);
            _nodes.Add(h);
            return h;
        }

        /// <summary>Adds a raw peer that sends hand-made TCP segments and checks the replies.</summary>
        public RawPeer AddRawPeer(string name, string address)
        {
            var r = new RawPeer(this, name, Ipv4Address.Parse(address));
            _nodes.Add(r);
            return r;
        }

        /// <summary>Adds your own node (it must be attached to a link from <see cref="AttachLink"/>).</summary>
        public void AddNode(INode node) => _nodes.Add(node ?? throw new ArgumentNullException(nameof(node)));

        /// <summary>A new link to the switch for a NIC with this MAC; its Cable.EndA is the node's side.</summary>
        public Link AttachLink(string name, byte[] mac) => _switch.Attach(name, mac, NowMs);

        internal byte[] NextMac()
        {
            int n = _switch.Links.Count + 1;
            return new byte[] { 0x02, 0x4E, 0x54, 0x00, (byte)(n >> 8), (byte)n };
        }

        /// <summary>Polls every node once and forwards what they sent; the clock does not move.</summary>
        public void Step()
        {
            long now = NowMs;
            _switch.Forward(now);
            foreach (INode n in _nodes) n.Poll(now);
            _switch.Forward(now);
        }

        /// <summary>Earliest time any node or link has work, or long.MaxValue when all is quiet.</summary>
        public long NextDeadline()
        {
            long now = NowMs, next = _switch.NextDelivery();
            foreach (INode n in _nodes)
            {
                long d = n.NextDeadline(now);
                if (d < next) next = d;
            }
            return next;
        }

        /// <summary>Runs the network for ms milliseconds of virtual time, deadline by deadline.</summary>
        public void AdvanceTime(long ms)
        {
            if (ms < 0) throw new ArgumentOutOfRangeException(nameof(ms), "Time only moves forward; pass 0 or more milliseconds.");
            long end = NowMs + ms;
            for (int guard = 0; guard < 10_000_000; guard++)
            {
                Step();
                long next = NextDeadline();
                if (next <= NowMs) next = NowMs + 1; // work is due now: poll again a millisecond on
                if (next > end) { Clock.AdvanceTo(end); Step(); return; }
                Clock.AdvanceTo(next);
            }
            throw Fail("AdvanceTime(" + ms + ") did not reach its end: a node keeps asking to be polled now");
        }

        /// <summary>Runs until condition() holds, at most maxMs of virtual time; throws TestKitException
        /// (with the pcap) if it never does.</summary>
        public void RunUntil(Func<bool> condition, long maxMs, string what = "the condition")
        {
            if (!TryRunUntil(condition, maxMs))
                throw Fail("waited " + maxMs + " ms of virtual time for " + what + ", and it did not happen");
        }

        /// <summary>Like RunUntil but returns false instead of throwing.</summary>
        public bool TryRunUntil(Func<bool> condition, long maxMs)
        {
            if (condition == null) throw new ArgumentNullException(nameof(condition), "Pass the condition to wait for, e.g. () => device.Tcp.CountInState(TcpState.Established) == 1.");
            long end = NowMs + maxMs;
            while (true)
            {
                Step();
                if (condition()) return true;
                if (NowMs >= end) return false;
                long next = NextDeadline();
                if (next <= NowMs) next = NowMs + 1;
                // Never jump past the bound, and look at the condition at least every 10 ms
                // (the application may act on its own clock, between network events).
                if (next > NowMs + 10) next = NowMs + 10;
                if (next > end) next = end;
                Clock.AdvanceTo(next);
            }
        }

        /// <summary>
        /// Runs until nothing is in flight and no node has work due within quietMs (timers further
        /// away, such as TIME-WAIT or keep-alive, do not count), at most maxMs of virtual time.
        /// </summary>
        public void RunUntilIdle(long maxMs = 60_000, long quietMs = 1000)
        {
            long end = NowMs + maxMs;
            while (true)
            {
                Step();
                long next = NextDeadline();
                if (_switch.FramesInFlight() == 0 && next > NowMs + quietMs) return;
                if (NowMs >= end) throw Fail("the network was still busy after " + maxMs + " ms of virtual time");
                if (next <= NowMs) next = NowMs + 1;
                if (next > end) next = end;
                Clock.AdvanceTo(next);
            }
        }

        /// <summary>
        /// Runs your assertions; if any throws, writes the pcap of the network and rethrows with
        /// its path in the message (for any test framework's assertion exceptions).
        /// </summary>
        public void Verify(Action assertions)
        {
            if (assertions == null) throw new ArgumentNullException(nameof(assertions));
            try { assertions(); }
            catch (TestKitException) { throw; }
            catch (Exception e)
            {
                string path = WritePcap();
                Console.Error.WriteLine("NanoTcp test kit: the test failed; pcap of the network: " + path);
                throw new TestKitException(e.Message, path);
            }
        }

        /// <summary>Writes everything that crossed the switch so far as a pcap and returns its path.</summary>
        public string WritePcap(string? path = null)
        {
            path ??= Path.Combine(PcapDirectory, Sanitize(_name) + "-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff") + ".pcap");
            return _switch.WritePcap(path);
        }

        internal TestKitException Fail(string message)
        {
            string path = WritePcap();
            Console.Error.WriteLine("NanoTcp test kit: " + message + "; pcap of the network: " + path);
            return new TestKitException(message, path);
        }

        private static string Sanitize(string s)
        {
            char[] c = s.ToCharArray();
            for (int i = 0; i < c.Length; i++) if (!char.IsLetterOrDigit(c[i]) && c[i] != '-') c[i] = '_';
            return new string(c);
        }

        public void Dispose()
        {
            foreach (INode n in _nodes) (n as IDisposable)?.Dispose();
        }
    }
}
