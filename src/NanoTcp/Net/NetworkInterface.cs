using System;
using NanoTcp.Drivers;

namespace NanoTcp.Net
{
    /// <summary>
    /// One Ethernet interface and the protocols on it: ARP, IPv4, ICMP echo, UDP sockets,
    /// the DHCP client, and the transports (TCP) registered with it.
    /// One thread, one loop: call Poll(nowMs) whenever NextDeadline(nowMs) has passed or the
    /// device signals a frame; the interface never reads a clock and never starts a thread.
    /// </summary>
    public sealed partial class NetworkInterface : IIpSender
    {
        // CONTRACT SKELETON: the foundation issue fills this class in (ARP, IPv4, ICMP, UDP, DHCP).

        public const int EthernetHeaderLength = 14;
        public const int Ipv4HeaderLength = 20;

        private readonly INetDevice _device;
        private readonly StackOptions _options;
        private readonly byte[] _tx;

        public NetworkInterface(INetDevice device, StackOptions options)
        {
            if (device == null) throw new ArgumentNullException("device", "Pass the INetDevice (a chip driver, cable end or TapDevice) this interface runs on.");
            if (options == null) options = new StackOptions();
            options.Validate();
            _device = device;
            _options = options;
            _tx = new byte[options.Mtu + EthernetHeaderLength];
        }

        public INetDevice Device { get { return _device; } }
        public StackOptions Options { get { return _options; } }

        public uint LocalAddress { get; private set; }
        public uint SubnetMask { get; private set; }
        public uint Gateway { get; private set; }

        public byte[] TransmitBuffer { get { return _tx; } }
        public int TransportOffset { get { return EthernetHeaderLength + Ipv4HeaderLength; } }
        public int MaxTransportLength { get { return _options.Mtu - Ipv4HeaderLength; } }

        /// <summary>Registers a transport (TCP) to receive packets of its protocol number.</summary>
        public void AddTransport(IIpTransport transport)
        {
            throw new NotImplementedException();
        }

        /// <summary>Static configuration: address, mask, default gateway (0 for none).</summary>
        public void SetStaticAddress(uint address, uint subnetMask, uint gateway, long nowMs)
        {
            throw new NotImplementedException();
        }

        public bool SendIpv4(uint destinationIp, byte protocol, int transportLength, long nowMs)
        {
            throw new NotImplementedException();
        }

        /// <summary>Takes every waiting frame from the device, runs the protocol machines and
        /// timers, and sends what is ready.</summary>
        public void Poll(long nowMs)
        {
            throw new NotImplementedException();
        }

        /// <summary>Earliest absolute time at which Poll has timer work, or long.MaxValue
        /// (frames arriving earlier are signalled by the device or found by polling).</summary>
        public long NextDeadline(long nowMs)
        {
            throw new NotImplementedException();
        }
    }
}
