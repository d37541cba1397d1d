using System;
using System.Collections.Generic;
using System.Text;
using NanoTcp.Simulation;
using NanoTcp.Wire;

namespace NanoTcp.Testing
{
    /// <summary>
    /// A peer with no TCP of its own: it answers ARP, sends the TCP segments you write by
    /// hand, and keeps every TCP segment it receives, for "send this, expect exactly these,
    /// then nothing" tests of the device's TCP.
    /// </summary>
    public sealed class RawPeer : INode
    {
        private readonly VirtualNetwork _network;
        private readonly byte[] _mac;
        private readonly byte[] _frame = new byte[1514];
        private readonly byte[] _out = new byte[1514];
        private readonly Dictionary<uint, byte[]> _arp = new Dictionary<uint, byte[]>();
        private readonly List<RawSegment> _received = new List<RawSegment>();
        private readonly Ipv4Header _ip = new Ipv4Header();
        private readonly EthernetHeader _eth = new EthernetHeader();
        private readonly ArpPacket _arpPacket = new ArpPacket();

        internal RawPeer(VirtualNetwork network, string name, uint address)
        {
            _network = network;
            Name = name;
            Address = address;
            _mac = network.NextMac();
            Link = network.AttachLink(name, _mac);
        }

        public string Name { get; }
        public uint Address { get; }
        public Link Link { get; }

        /// <summary>Every TCP segment received and not yet consumed by an Expect call.</summary>
        public IReadOnlyList<RawSegment> Received => _received;

        /// <summary>Frames received that were neither ARP nor TCP to us (ICMP, UDP...).</summary>
        public int OtherFrames { get; private set; }

        /// <summary>Sends a hand-made segment to the given address (ARP is resolved first, on the virtual clock).</summary>
        public void Send(string destination, RawSegment segment) => Send(Ipv4Address.Parse(destination), segment);

        public void Send(uint destination, RawSegment segment)
        {
            byte[] mac = Resolve(destination);
            int length = segment.WriteTo(_out, 14 + 20, Address, destination);
            Ipv4.Write(_out, 14, new Ipv4Header
            {
                Identification = 1, Flags = Ipv4.FlagDontFragment, TimeToLive = 64, Protocol = Ipv4.ProtocolTcp,
                Source = Address, Destination = destination, PayloadLength = length,
            });
            Ethernet.WriteHeader(_out, 0, mac, 0, _mac, Ethernet.EtherTypeIpv4);
            Link.Cable.EndA.Send(_out, 0, 14 + 20 + length);
        }

        /// <summary>
        /// Runs the network for settleMs of virtual time, then checks that exactly these segments
        /// arrived, in this order, and nothing else. Consumes them. Fails with the pcap otherwise.
        /// </summary>
        public IReadOnlyList<RawSegment> ExpectExactly(long settleMs, params SegmentPattern[] expected)
        {
            _network.AdvanceTime(settleMs);
            bool ok = _received.Count == expected.Length;
            for (int i = 0; ok && i < expected.Length; i++) ok = expected[i].Matches(_received[i]);
            if (!ok)
            {
                var m = new StringBuilder(Name + " expected exactly:");
                foreach (SegmentPattern p in expected) m.Append("\n  ").Append(p);
                if (expected.Length == 0) m.Append("\n  (nothing)");
                m.Append("\nbut received:");
                foreach (RawSegment s in _received) m.Append("\n  ").Append(s);
                if (_received.Count == 0) m.Append("\n  (nothing)");
                throw _network.Fail(m.ToString());
            }
            var got = _received.ToArray();
            _received.Clear();
            return got;
        }

        /// <summary>ExpectExactly with a 500 ms settle time (longer than the 200 ms delayed ACK).</summary>
        public IReadOnlyList<RawSegment> ExpectExactly(params SegmentPattern[] expected) => ExpectExactly(500, expected);

        /// <summary>Runs the network for settleMs and fails if any TCP segment arrived.</summary>
        public void ExpectNothing(long settleMs = 500) => ExpectExactly(settleMs);

        public void Poll(long nowMs)
        {
            int n;
            while ((n = Link.Cable.EndA.ReceiveCopy(_frame)) > 0) Handle(n);
        }

        public long NextDeadline(long nowMs) => long.MaxValue;

        private byte[] Resolve(uint destination)
        {
            if (_arp.TryGetValue(destination, out byte[]? mac)) return mac;
            int length = 14 + Arp.PacketLength;
            Ethernet.WriteHeader(_out, 0, Broadcast, 0, _mac, Ethernet.EtherTypeArp);
            Arp.Write(_out, 14, new ArpPacket { Operation = Arp.OperationRequest, SenderHardware = _mac, SenderIp = Address, TargetIp = destination });
            Link.Cable.EndA.Send(_out, 0, Math.Max(length, 60));
            _network.RunUntil(() => _arp.ContainsKey(destination), 5_000, Name + "'s ARP request for " + Ipv4Address.ToString(destination));
            return _arp[destination];
        }

        private static readonly byte[] Broadcast = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

        private void Handle(int n)
        {
            if (Ethernet.TryParse(_frame, 0, n, _eth) != ParseStatus.Ok) { OtherFrames++; return; }
            int type = _eth.EtherType;
            if (type == Ethernet.EtherTypeArp && Arp.TryParse(_frame, _eth.PayloadOffset, _eth.PayloadLength, _arpPacket) == ParseStatus.Ok)
            {
                ArpPacket a = _arpPacket;
                byte[] senderMac = new byte[6];
                Array.Copy(_frame, a.SenderHardwareOffset, senderMac, 0, 6);
                _arp[a.SenderIp] = senderMac;
                if (a.Operation == Arp.OperationRequest && a.TargetIp == Address)
                {
                    Ethernet.WriteHeader(_out, 0, senderMac, 0, _mac, Ethernet.EtherTypeArp);
                    Arp.Write(_out, 14, new ArpPacket
                    {
                        Operation = Arp.OperationReply, SenderHardware = _mac, SenderIp = Address,
                        TargetHardware = senderMac, TargetIp = a.SenderIp,
                    });
                    Link.Cable.EndA.Send(_out, 0, 60);
                }
                return;
            }
            if (type != Ethernet.EtherTypeIpv4 || Ipv4.TryParse(_frame, _eth.PayloadOffset, _eth.PayloadLength, _ip) != ParseStatus.Ok
                || _ip.Destination != Address || _ip.Protocol != Ipv4.ProtocolTcp)
            {
                OtherFrames++;
                return;
            }
            RawSegment? segment = RawSegment.Parse(_frame, _ip.PayloadOffset, _ip.PayloadLength, _ip.Source, _ip.Destination);
            if (segment == null) { OtherFrames++; return; }
            _received.Add(segment);
        }
    }
}
