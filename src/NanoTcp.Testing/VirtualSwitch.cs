using System;
using System.Collections.Generic;
using System.IO;
using NanoTcp.Drivers;
using NanoTcp.Simulation;

namespace NanoTcp.Testing
{
    /// <summary>
    /// A learning Ethernet switch: every node hangs on its own Cable (a Link, with its own
    /// faults); the switch owns the far end of each cable and forwards frames by destination
    /// MAC, flooding broadcasts and unknown destinations. Every frame it forwards is recorded
    /// once into an in-memory pcap, written out when a test fails.
    /// </summary>
    internal sealed class VirtualSwitch
    {
        private readonly List<Link> _links = new List<Link>();
        private readonly Dictionary<long, Link> _macTable = new Dictionary<long, Link>();
        private readonly MemoryStream _pcap = new MemoryStream();
        private readonly PcapWriter _recorder;

        public VirtualSwitch(Func<long> nowMs)
        {
            _recorder = new PcapWriter(new Sink(), _pcap, nowMs);
        }

        public IReadOnlyList<Link> Links => _links;
        public long FramesForwarded { get; private set; }

        public Link Attach(string name, byte[] nodeMac, long nowMs)
        {
            var options = new CableOptions { MacA = nodeMac, MacB = new byte[] { 0x02, 0x5A, 0, 0, 0, (byte)_links.Count }, Seed = 1 + _links.Count };
            var link = new Link(name, new Cable(options, 256));
            link.Cable.SetTime(nowMs);
            _links.Add(link);
            return link;
        }

        /// <summary>Moves every frame waiting at the switch's ends to its destination link(s).</summary>
        public bool Forward(long nowMs)
        {
            bool moved = false;
            foreach (Link l in _links) l.Cable.SetTime(nowMs);
            foreach (Link from in _links)
            {
                int n;
                // The lent frame is forwarded as it lies: cable ends and the pcap recorder have no
                // headroom and never write into what they send.
                while ((n = from.Cable.EndB.Receive(out byte[] frame, out int at)) > 0)
                {
                    moved = true;
                    FramesForwarded++;
                    _recorder.Send(frame, at, n);
                    if (n < 14) continue;
                    _macTable[Mac(frame, at + 6)] = from;
                    bool group = (frame[at] & 1) != 0;
                    if (!group && _macTable.TryGetValue(Mac(frame, at), out Link? to))
                    {
                        if (to != from) to.Cable.EndB.Send(frame, at, n);
                        continue;
                    }
                    foreach (Link other in _links)
                        if (other != from) other.Cable.EndB.Send(frame, at, n);
                }
            }
            return moved;
        }

        /// <summary>Earliest time a frame in flight on any link arrives.</summary>
        public long NextDelivery()
        {
            long next = long.MaxValue;
            foreach (Link l in _links)
                if (l.Cable.InFlight > 0 && l.Cable.NextDeliveryMs < next) next = l.Cable.NextDeliveryMs;
            return next;
        }

        public int FramesInFlight()
        {
            int n = 0;
            foreach (Link l in _links) n += l.Cable.InFlight;
            return n;
        }

        public string WritePcap(string path)
        {
            _recorder.Flush();
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, _pcap.ToArray());
            return path;
        }

        private static long Mac(byte[] b, int o)
        {
            return ((long)b[o] << 40) | ((long)b[o + 1] << 32) | ((long)b[o + 2] << 24) | ((long)b[o + 3] << 16) | ((long)b[o + 4] << 8) | b[o + 5];
        }

        /// <summary>The recorder's inner device: takes every frame, goes nowhere.</summary>
        private sealed class Sink : INetDevice
        {
            public byte[] MacAddress { get; } = new byte[6];
            public bool LinkUp => true;
            public int TransmitHeadroom => 0;
            public int Receive(out byte[] buffer, out int offset) { buffer = null; offset = 0; return 0; }
            public bool Send(byte[] buffer, int offset, int length) => true;
            public void AddMulticastAddress(byte[] mac, int offset) { }
        }
    }

    /// <summary>One node's cable to the switch. Set Faults to make this link lossy; unplug it with LinkUp.</summary>
    public sealed class Link
    {
        internal Link(string name, Cable cable) { Name = name; Cable = cable; }

        public string Name { get; }
        public Cable Cable { get; }

        /// <summary>The fault rates of this link (drop, duplicate, reorder, bit flips, delay), changeable at any time.</summary>
        public CableOptions Faults => Cable.Options;

        /// <summary>Plugged in or not: while false the node's NIC reports link down.</summary>
        public bool LinkUp { get => Cable.LinkUp; set => Cable.LinkUp = value; }
    }
}
