using System;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// Zero allocation on every lifetime path of issue 13, over two full stacks on the cable:
    /// RST on Close with unread data, RST on data after Close, the FIN-WAIT-2 orphan timeout,
    /// the zero-window user timeout, SYN-ACK retries and half-open recycling under a spoofed
    /// SYN flood, ARP learning under an ARP flood, and the MUST-45 address-change abort. After
    /// the measured rounds the clock runs past every bound and both tables are empty.
    /// </summary>
    public class LifetimeAllocationTests : TraceTest
    {
        private const int Port = 8080;
        private static readonly uint Spoofed = Ipv4Address.Make(192, 0, 2, 99);
        private static readonly uint OtherAddressB = Ipv4Address.Make(192, 0, 2, 3);

        private readonly CableNet _net;
        private readonly int _listener;
        private readonly byte[] _data = new byte[3000];
        private readonly byte[] _rx = new byte[4096];
        private readonly byte[] _syn = new byte[14 + 20 + 24]; // TCP header with the MSS option
        private readonly byte[] _arp = new byte[60];
        private readonly byte[] _arpSender = { 2, 0, 0, 0, 0, 0x98 };
        private readonly TcpSegment _synSegment = new TcpSegment { DestinationPort = Port, Flags = TcpFlags.Syn, Window = 8192, Mss = 1460 };
        private readonly ArpPacket _arpPacket = new ArpPacket { Operation = Arp.OperationRequest, TargetIp = CableNet.AddressA };
        private int _spoofedPort = 1024;

        public LifetimeAllocationTests()
        {
            _arpPacket.SenderHardware = _arpSender;
            var a = new TcpOptions { Connections = 8, ListenBacklog = 4, FinWait2TimeoutMs = 5000, ZeroWindowTimeoutMs = 5000, MslMs = 1000 };
            var b = new TcpOptions { Connections = 8, ReceiveBufferSize = 536, MslMs = 1000, R2Ms = 5000 };
            _net = Checked(new CableNet(new CableOptions { DelayMs = 1 }, a, b));
            _listener = _net.A.Listen(Port);
            for (int i = 0; i < _data.Length; i++) _data[i] = (byte)i;
            // A spoofed SYN from an on-link address nobody answers ARP for.
            Ethernet.WriteHeader(_syn, 0, _net.Cable.EndA.MacAddress, 0, new byte[] { 2, 0, 0, 0, 0, 0x99 }, Ethernet.EtherTypeIpv4);
            Ipv4.Write(_syn, 14, new Ipv4Header { PayloadLength = 24, Identification = 1, TimeToLive = 64, Protocol = 6, Source = Spoofed, Destination = CableNet.AddressA });
            Ethernet.WriteBroadcast(_arp, 0);
            Ethernet.WriteHeader(_arp, 0, _arp, 0, _arpSender, Ethernet.EtherTypeArp);
        }

        private void Run(long ms) => _net.Run(ms);

        /// <summary>B connects to A's listener; c is B's handle, s A's.</summary>
        private void Open(out int c, out int s)
        {
            c = _net.B.Connect(CableNet.AddressA, Port, _net.Now);
            Run(20);
            s = _net.A.Accept(_listener);
            if (s == TcpStack.NoHandle) throw new InvalidOperationException("A accepted nothing"); // (xUnit's Assert allocates)
        }

        private void Round(int i)
        {
            int c, s;

            // 1. RFC 1122 4.2.2.13: A closes with B's data unread.
            Open(out c, out s);
            _net.B.Send(c, _data, 0, 100);
            Run(20);
            _net.A.Close(s);
            Run(20);
            _net.B.Close(c);

            // 2. Data after A closed.
            Open(out c, out s);
            _net.A.Close(s);
            Run(20);
            _net.B.Send(c, _data, 0, 100);
            Run(20);
            _net.B.Close(c);

            // 3. FIN-WAIT-2 orphan: B never closes its end.
            Open(out c, out s);
            _net.A.Close(s);
            Run(6000);
            _net.B.Close(c);

            // 4. Zero window: B never reads; A's response and FIN wait behind it.
            Open(out c, out s);
            _net.A.Send(s, _data, 0, _data.Length);
            _net.A.Close(s);
            Run(70_000);
            _net.B.Close(c);

            // 5. Spoofed SYN flood (more SYNs than the backlog) and an ARP flood.
            for (int k = 0; k < 6; k++)
            {
                _spoofedPort = _spoofedPort >= 60000 ? 1024 : _spoofedPort + 1;
                _synSegment.SourcePort = _spoofedPort;
                _synSegment.Sequence = (uint)(i * 7919 + k);
                int h = TcpHeader.Write(_syn, 34, _synSegment);
                TcpHeader.FinishChecksum(_syn, 34, h, Spoofed, CableNet.AddressA);
                _net.Cable.EndB.Send(_syn, 0, _syn.Length);
                _arpPacket.SenderIp = Ipv4Address.Make(192, 0, 2, (byte)(100 + (i * 6 + k) % 100));
                Arp.Write(_arp, 14, _arpPacket);
                _net.Cable.EndB.Send(_arp, 0, _arp.Length);
            }
            Run(70_000);

            // 6. MUST-45: B's address changes under a connection, then back.
            Open(out c, out s);
            _net.InterfaceB.SetStaticAddress(OtherAddressB, CableNet.Mask, 0, _net.Now);
            Run(20);
            _net.B.Close(c);
            _net.A.Abort(s);
            _net.InterfaceB.SetStaticAddress(CableNet.AddressB, CableNet.Mask, 0, _net.Now);
            Run(20);
        }

        [Fact]
        public void Every_lifetime_path_allocates_nothing_and_every_slot_comes_back()
        {
            for (int i = 0; i < 3; i++) Round(i);  // warm-up: JIT, ARP
            TcpCounters ca = _net.A.Counters, cb = _net.B.Counters;
            long onClose = ca.AbortOnClose, onData = ca.AbortOnData, fin2 = ca.FinWait2Timeouts, zero = ca.ZeroWindowTimeouts;
            long halfOpen = ca.HalfOpenTimeouts, recycled = ca.HalfOpenRecycled, address = cb.AddressChangeAborts;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 3; i < 23; i++) Round(i);
            long after = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(0, after - before);

            // Every rule ran in every measured round.
            Assert.Equal(20, ca.AbortOnClose - onClose);
            Assert.Equal(20, ca.AbortOnData - onData);
            Assert.Equal(20, ca.FinWait2Timeouts - fin2);
            Assert.Equal(20, ca.ZeroWindowTimeouts - zero);
            Assert.Equal(20 * 4, ca.HalfOpenTimeouts - halfOpen);       // six SYNs, a backlog of four
            Assert.Equal(20 * 2, ca.HalfOpenRecycled - recycled);
            Assert.Equal(20, cb.AddressChangeAborts - address);
            Assert.True(_net.InterfaceA.Arp.Evictions > 0);

            // Past every bound both tables are empty.
            Run(10 * 60_000);
            for (int slot = 0; slot < _net.A.ConnectionSlots; slot++) Assert.False(_net.A.IsSlotInUse(slot), "A slot " + slot + " " + _net.A.GetSlotState(slot));
            for (int slot = 0; slot < _net.B.ConnectionSlots; slot++) Assert.False(_net.B.IsSlotInUse(slot), "B slot " + slot + " " + _net.B.GetSlotState(slot));
        }
    }
}
