using System;
using NanoTcp.Wire;
using DhcpMessageLayout = NanoTcp.Wire.Dhcp;

namespace NanoTcp.Net
{
    // UDP (RFC 768, RFC 1122 4.1): demultiplexing to sockets and the DHCP client, sending.
    public sealed partial class NetworkInterface
    {
        private int _nextEphemeralPort = 49152;
        private readonly UdpDatagram _udpIn = new UdpDatagram();
        private readonly UdpDatagram _udpOut = new UdpDatagram();

        /// <summary>
        /// Binds a UDP socket to localPort (1..65535), or to a free ephemeral port (49152..65535)
        /// when localPort is 0. Throws when the port is taken or all NetOptions.UdpSockets are open.
        /// </summary>
        public UdpSocket OpenUdp(int localPort)
        {
            if (localPort < 0 || localPort > 65535) throw new ArgumentOutOfRangeException("localPort", "A UDP port is 1 to 65535, or 0 for a free ephemeral port.");
            if (localPort == DhcpMessageLayout.ClientPort && _dhcp.State != DhcpState.Off)
                throw new InvalidOperationException("UDP port 68 belongs to the DHCP client while it runs; use static addressing to bind it.");
            if (localPort == 0)
            {
                for (int tries = 0; tries < 16384 && localPort == 0; tries++)
                {
                    int candidate = _nextEphemeralPort;
                    _nextEphemeralPort = _nextEphemeralPort == 65535 ? 49152 : _nextEphemeralPort + 1;
                    if (FindUdpSocket(candidate) == null) localPort = candidate;
                }
            }
            else if (FindUdpSocket(localPort) != null)
            {
                throw new InvalidOperationException("UDP port " + localPort.ToString() + " is already open; close that socket first.");
            }
            for (int i = 0; i < _udp.Length; i++)
            {
                if (!_udp[i].IsOpen)
                {
                    _udp[i].Open(localPort);
                    return _udp[i];
                }
            }
            throw new InvalidOperationException("All " + _udp.Length.ToString() + " UDP sockets are open; close one or raise NetOptions.UdpSockets.");
        }

        /// <summary>Socket slot i (0..UdpSocketCount-1), open or not, for status pages.</summary>
        public UdpSocket GetUdpSocket(int index) { return _udp[index]; }
        public int UdpSocketCount { get { return _udp.Length; } }

        private UdpSocket FindUdpSocket(int port)
        {
            for (int i = 0; i < _udp.Length; i++)
                if (_udp[i].IsOpen && _udp[i].LocalPort == port) return _udp[i];
            return null;
        }

        private void HandleUdp(bool mayAnswerWithError, long nowMs)
        {
            UdpDatagram d = _udpIn;
            ParseStatus r = Udp.TryParse(_rx, _ip.PayloadOffset, _ip.PayloadLength, _ip.Source, _ip.Destination, d);
            if (r == ParseStatus.BadChecksum) { _counters.UdpChecksumErrors++; return; }
            if (r != ParseStatus.Ok) { _counters.DroppedUdpMalformed++; return; }
            int port = d.DestinationPort;
            if (port == DhcpMessageLayout.ClientPort && _dhcp.State != DhcpState.Off)
            {
                if (_dhcp.Input(_rx, d.PayloadOffset, d.PayloadLength, nowMs)) _counters.DhcpIn++;
                else _counters.DroppedDhcpIgnored++;
                return;
            }
            UdpSocket s = FindUdpSocket(port);
            if (s == null)
            {
                _counters.DroppedUdpNoPort++;
                // RFC 1122 4.1.3.1: SHOULD send port unreachable (never for broadcasts, 3.2.2).
                if (mayAnswerWithError) SendIcmpError(Icmp.TypeDestinationUnreachable, Icmp.CodePortUnreachable, nowMs);
                return;
            }
            if (s.Deliver(_ip.Source, d.SourcePort, _rx, d.PayloadOffset, d.PayloadLength)) _counters.UdpDelivered++;
            else _counters.DroppedUdpReceiveFull++;
        }

        private void UdpIcmpError(int type, int code, uint remote, int quotedUdpOffset)
        {
            UdpSocket s = FindUdpSocket(Udp.GetSourcePort(_rx, quotedUdpOffset));
            if (s != null) s.NoteIcmpError(type, code, remote, Udp.GetDestinationPort(_rx, quotedUdpOffset));
        }

        /// <summary>Datagram with payloadLength bytes already at _tx[TransportOffset + 8].</summary>
        internal bool SendUdp(int sourcePort, uint destinationIp, int destinationPort, int payloadLength, long nowMs)
        {
            UdpDatagram d = _udpOut;
            d.SourcePort = sourcePort;
            d.DestinationPort = destinationPort;
            d.PayloadLength = payloadLength;
            Udp.Write(_tx, TransportOffset, d, LocalAddress, destinationIp);
            _counters.UdpDatagramsOut++;
            return SendIpv4(destinationIp, Ipv4.ProtocolUdp, Udp.HeaderLength + payloadLength, nowMs);
        }
    }
}
