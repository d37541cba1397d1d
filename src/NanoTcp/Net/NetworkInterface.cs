using System;
using NanoTcp.Drivers;
using NanoTcp.Wire;

namespace NanoTcp.Net
{
    /// <summary>
    /// One Ethernet interface and the protocols on it: ARP, IPv4, ICMP echo, UDP sockets,
    /// the DHCP client, and the transports (TCP) registered with it.
    /// One thread, one loop: call Poll(nowMs) whenever NextDeadline(nowMs) has passed or the
    /// device signals a frame; the interface never reads a clock and never starts a thread.
    ///
    /// Files: this one (construction, configuration, Poll), .Input.cs (frame dispatch and
    /// IPv4 filtering), .Output.cs (SendIpv4 and routing), .Arp.cs, .Icmp.cs, .Udp.cs;
    /// DhcpClient.cs holds the DHCP state machine.
    ///
    /// Buffers (no frame is copied between the stack and the device, INetDevice):
    /// _rx/_rxFrame is the frame the device lent us, parsed where the device holds it; _tx is
    /// the one transmit buffer shared by transports and the interface's own replies
    /// (sequential use only: nothing is sent while a reply is half-built), with the device's
    /// TransmitHeadroom in front of the frame (which starts at _txFrame) so the driver writes
    /// its SPI preamble there and sends in place; _arpTx holds ARP packets (same headroom) so
    /// a request can go out while _tx holds the frame waiting for it.
    /// </summary>
    public sealed partial class NetworkInterface : IIpSender
    {
        public const int EthernetHeaderLength = 14;
        public const int Ipv4HeaderLength = 20;
        /// <summary>Transports registered with AddTransport at most.</summary>
        public const int MaxTransports = 4;
        /// <summary>Largest INetDevice.TransmitHeadroom an interface accepts.</summary>
        public const int MaxTransmitHeadroom = 64;

        private readonly INetDevice _device;
        private readonly NetOptions _options;
        private readonly byte[] _tx;
        private readonly int _txFrame;      // where frames start in _tx and _arpTx: the device's TransmitHeadroom
        private byte[] _rx;                 // the frame the device lent (valid until its next Receive)
        private int _rxFrame;               // where that frame starts in _rx
        private readonly byte[] _arpTx;
        private readonly byte[] _mac;
        private readonly Ipv4Header _ip = new Ipv4Header();
        private readonly InterfaceCounters _counters = new InterfaceCounters();
        private readonly ArpCache _arp;
        private readonly UdpSocket[] _udp;
        private readonly DhcpClient _dhcp;
        private readonly IIpTransport[] _transports = new IIpTransport[MaxTransports];
        private int _transportCount;
        private int _ipIdentification;
        private bool _framesMayWait;

        public NetworkInterface(INetDevice device, NetOptions options)
        {
            if (device == null) throw new ArgumentNullException("device", "Pass the INetDevice (a chip driver, cable end or TapDevice) this interface runs on.");
            if (options == null) options = new NetOptions();
            options.Validate();
            byte[] mac = device.MacAddress;
            if (mac == null || mac.Length != 6) throw new ArgumentException("The device's MacAddress must be 6 bytes; set it before creating the interface.", "device");
            int headroom = device.TransmitHeadroom;
            if (headroom < 0 || headroom > MaxTransmitHeadroom) throw new ArgumentException("The device's TransmitHeadroom must be 0 to 64 bytes (its SPI preamble in front of a frame).", "device");
            _device = device;
            _options = options;
            _mac = new byte[6];
            Array.Copy(mac, _mac, 6);
            int frame = options.Mtu + EthernetHeaderLength;
            _txFrame = headroom;
            _tx = new byte[headroom + frame];
            _arpTx = new byte[headroom + Ethernet.MinimumFrameLength];
            // Held frames keep the headroom too: they go to the device in place once ARP resolves.
            _arp = new ArpCache(options.ArpCacheEntries, headroom + frame);
            _udp = new UdpSocket[options.UdpSockets];
            for (int i = 0; i < _udp.Length; i++) _udp[i] = new UdpSocket(this, options.UdpReceiveBufferSize);
            _dhcp = new DhcpClient(this);
            _ipIdentification = (_mac[4] << 8) | _mac[5];
            _icmpErrorWindowStart = long.MinValue / 2; // "long ago" without overflow in now - start
        }

        public INetDevice Device { get { return _device; } }
        public NetOptions Options { get { return _options; } }
        /// <summary>Our MAC address (a copy taken from the device at construction).</summary>
        public byte[] MacAddress { get { return _mac; } }
        public InterfaceCounters Counters { get { return _counters; } }
        public ArpCache Arp { get { return _arp; } }
        public DhcpClient Dhcp { get { return _dhcp; } }

        public uint LocalAddress { get; private set; }
        public uint SubnetMask { get; private set; }
        public uint Gateway { get; private set; }
        /// <summary>First DNS server from DHCP (0 when none); informational.</summary>
        public uint DnsServer { get; internal set; }

        /// <summary>The transmit buffer (IIpSender): the frame starts at FrameOffset, the transport header at TransportOffset.</summary>
        public byte[] TransmitBuffer { get { return _tx; } }
        /// <summary>Where a frame starts in TransmitBuffer: the device's TransmitHeadroom.</summary>
        public int FrameOffset { get { return _txFrame; } }
        public int TransportOffset { get { return _txFrame + EthernetHeaderLength + Ipv4HeaderLength; } }
        public int MaxTransportLength { get { return _options.Mtu - Ipv4HeaderLength; } }

        /// <summary>Registers a transport (TCP) to receive packets of its protocol number.</summary>
        public void AddTransport(IIpTransport transport)
        {
            if (transport == null) throw new ArgumentNullException("transport", "Pass the transport (for example a TcpStack) to register.");
            byte p = transport.Protocol;
            if (p == Ipv4.ProtocolIcmp || p == Ipv4.ProtocolUdp)
                throw new ArgumentException("ICMP and UDP are built into NetworkInterface; register only other protocols such as TCP (6).", "transport");
            for (int i = 0; i < _transportCount; i++)
                if (_transports[i].Protocol == p) throw new InvalidOperationException("A transport for IP protocol " + p.ToString() + " is already registered on this interface.");
            if (_transportCount == MaxTransports) throw new InvalidOperationException("At most " + MaxTransports.ToString() + " transports can be registered on one interface.");
            _transports[_transportCount++] = transport;
        }

        /// <summary>Static configuration: address, mask, default gateway (0 for none).
        /// Stops the DHCP client and announces the address with a gratuitous ARP.</summary>
        public void SetStaticAddress(uint address, uint subnetMask, uint gateway, long nowMs)
        {
            if (address == 0 || address == 0xFFFFFFFF || Ipv4.IsMulticast(address))
                throw new ArgumentException("Give a unicast host address such as 192.0.2.2.", "address");
            // A mask is contiguous ones from the top (RFC 950; RFC 1122 3.3.1.1 reads it that way).
            uint inverted = ~subnetMask;
            if ((inverted & (inverted + 1)) != 0)
                throw new ArgumentException("The subnet mask must be contiguous ones, such as 255.255.255.0 (Ipv4Address.MaskFromPrefix(24)).", "subnetMask");
            if (gateway != 0 && (gateway & subnetMask) != (address & subnetMask))
                throw new ArgumentException("The gateway " + Ipv4Address.ToString(gateway) + " is not on the subnet of " + Ipv4Address.ToString(address) + "; use a gateway inside the subnet or 0 for none.", "gateway");
            _dhcp.Stop();
            Configure(address, subnetMask, gateway, nowMs);
        }

        /// <summary>Starts (or restarts) the DHCP client; the address is unset until a lease is bound.</summary>
        public void StartDhcp(long nowMs)
        {
            Deconfigure();
            _dhcp.Start(nowMs);
        }

        /// <summary>Sets the address (static or DHCP) and announces it (RFC 5227 2.3 announcement).</summary>
        internal void Configure(uint address, uint subnetMask, uint gateway, long nowMs)
        {
            bool changed = address != LocalAddress;
            if (changed) _arp.Clear();
            LocalAddress = address;
            SubnetMask = subnetMask;
            Gateway = gateway;
            if (changed) SendGratuitousArp();
        }

        internal void Deconfigure()
        {
            LocalAddress = 0;
            SubnetMask = 0;
            Gateway = 0;
            DnsServer = 0;
            _arp.Clear();
        }

        /// <summary>Takes every waiting frame from the device (at most FramesPerPoll), runs the
        /// protocol machines and timers, and sends what is ready.</summary>
        public void Poll(long nowMs)
        {
            _framesMayWait = false;
            int budget = _options.FramesPerPoll;
            while (true)
            {
                if (budget-- == 0) { _framesMayWait = true; break; }
                // INetDevice: the device lends the frame; it is parsed where it lies, not copied.
                int length = _device.Receive(out _rx, out _rxFrame);
                if (length <= 0) break;
                _counters.FramesIn++;
                _counters.BytesIn += length;
                HandleFrame(length, nowMs);
            }
            PollArp(nowMs);
            _dhcp.Poll(nowMs);
            for (int i = 0; i < _transportCount; i++) _transports[i].Poll(nowMs);
        }

        /// <summary>Earliest absolute time at which Poll has timer work, or long.MaxValue
        /// (frames arriving earlier are signalled by the device or found by polling).</summary>
        public long NextDeadline(long nowMs)
        {
            if (_framesMayWait) return nowMs;
            long deadline = ArpDeadline();
            long d = _dhcp.NextDeadline();
            if (d < deadline) deadline = d;
            for (int i = 0; i < _transportCount; i++)
            {
                d = _transports[i].NextDeadline(nowMs);
                if (d < deadline) deadline = d;
            }
            return deadline;
        }

        private IIpTransport FindTransport(byte protocol)
        {
            for (int i = 0; i < _transportCount; i++)
                if (_transports[i].Protocol == protocol) return _transports[i];
            return null;
        }

        private int NextIdentification()
        {
            _ipIdentification = (_ipIdentification + 1) & 0xFFFF;
            return _ipIdentification;
        }
    }
}
