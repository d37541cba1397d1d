using NanoTcp.Wire;
using DhcpMessageLayout = NanoTcp.Wire.Dhcp;

namespace NanoTcp.Net
{
    // Frame dispatch and IPv4 input filtering. Every path ends in exactly one outcome
    // counter (see InterfaceCounters); nothing here throws on wire content.
    public sealed partial class NetworkInterface
    {
        private readonly EthernetHeader _eth = new EthernetHeader();

        private void HandleFrame(int length, long nowMs)
        {
            int f = _rxFrame;
            // A device lends at most a 1514-byte frame; anything longer than our MTU, or a lent
            // range outside the device's buffer, is dropped rather than trusted.
            if (length > _options.Mtu + EthernetHeaderLength || Ethernet.TryParse(_rx, f, length, _eth) != ParseStatus.Ok)
            {
                _counters.DroppedBadLength++;
                return;
            }
            // Accept frames to our MAC and to broadcast; no multicast groups are joined.
            bool linkBroadcast = _eth.IsBroadcast;
            if (!linkBroadcast && !Ethernet.SameAddress(_rx, _eth.DestinationOffset, _mac, 0)) { _counters.DroppedNotOurMac++; return; }
            int etherType = _eth.EtherType;
            if (etherType == Ethernet.EtherTypeArp) HandleArp(_eth.PayloadOffset, _eth.PayloadLength, nowMs);
            else if (etherType == Ethernet.EtherTypeIpv4) HandleIpv4(length, linkBroadcast, nowMs);
            else _counters.DroppedUnknownEtherType++;
        }

        private void HandleIpv4(int frameLength, bool linkBroadcast, long nowMs)
        {
            ParseStatus r = Ipv4.TryParse(_rx, _rxFrame + Ethernet.HeaderLength, frameLength - Ethernet.HeaderLength, _ip);
            if (r == ParseStatus.BadChecksum) { _counters.IpChecksumErrors++; return; }
            if (r == ParseStatus.Fragment) { _counters.DroppedIpFragments++; return; }
            if (r != ParseStatus.Ok) { _counters.DroppedIpMalformed++; return; }

            uint src = _ip.Source, dst = _ip.Destination;
            uint local = LocalAddress;
            // RFC 1122 3.2.1.3: a host MUST silently discard a datagram whose source is a
            // broadcast or multicast address; our own address as source means a loop or a conflict.
            if (src == 0xFFFFFFFF || Ipv4.IsMulticast(src) || (local != 0 && src == local) ||
                (local != 0 && Ipv4.IsBroadcastFor(src, local, SubnetMask)))
            {
                _counters.DroppedIpBadSource++;
                return;
            }

            bool ipBroadcast = dst == 0xFFFFFFFF || (local != 0 && Ipv4.IsBroadcastFor(dst, local, SubnetMask));
            bool toUs = local != 0 && dst == local;
            if (!toUs && !ipBroadcast)
            {
                // RFC 2131 4.1: before it has an address a client may get its OFFER/ACK unicast
                // to the offered address; the DHCP client takes UDP to port 68 whatever the address.
                if (!(_ip.Protocol == Ipv4.ProtocolUdp && _dhcp.AcceptsAnyDestination && IsUdpToPort(DhcpMessageLayout.ClientPort)))
                {
                    _counters.DroppedIpNotForUs++;
                    return;
                }
            }
            // An ICMP error may answer this packet only if it was unicast to us at both layers
            // and came from a unique host (RFC 1122 3.2.2).
            bool mayAnswerWithError = toUs && !linkBroadcast && src != 0;

            switch (_ip.Protocol)
            {
                case Ipv4.ProtocolIcmp: HandleIcmp(toUs, nowMs); break;
                case Ipv4.ProtocolUdp: HandleUdp(mayAnswerWithError, nowMs); break;
                default:
                    IIpTransport t = FindTransport(_ip.Protocol);
                    if (t == null || !toUs)
                    {
                        _counters.DroppedUnknownProtocol++;
                        // RFC 1122 3.2.2.1: protocol unreachable for a protocol we do not speak.
                        if (t == null && mayAnswerWithError) SendIcmpError(Icmp.TypeDestinationUnreachable, Icmp.CodeProtocolUnreachable, nowMs);
                        return;
                    }
                    _counters.TransportDelivered++;
                    t.Input(src, dst, _rx, _ip.PayloadOffset, _ip.PayloadLength, nowMs);
                    break;
            }
        }

        private bool IsUdpToPort(int port)
        {
            return _ip.PayloadLength >= Udp.HeaderLength && Udp.GetDestinationPort(_rx, _ip.PayloadOffset) == port;
        }
    }
}
