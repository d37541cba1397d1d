using System;
using NanoTcp.Wire;

namespace NanoTcp.Net
{
    // Sending IPv4: next hop by subnet and default gateway, header, then ARP.
    public sealed partial class NetworkInterface
    {
        private readonly Ipv4Header _ipOut = new Ipv4Header();

        /// <summary>
        /// Sends TransmitBuffer[TransportOffset..+transportLength) to destinationIp as one IPv4
        /// packet (IIpSender). The next hop is the destination on our subnet, the default gateway
        /// otherwise; broadcasts (limited and subnet) go to ff:ff:ff:ff:ff:ff, multicast to its
        /// RFC 1112 6.4 MAC. Returns false when there is no route, ARP has no slot, or the
        /// device refused the frame. A frame waiting for ARP counts as sent (true).
        /// </summary>
        public bool SendIpv4(uint destinationIp, byte protocol, int transportLength, long nowMs)
        {
            if (transportLength < 0 || transportLength > MaxTransportLength)
                throw new ArgumentOutOfRangeException("transportLength", "A transport packet is 0 to MaxTransportLength (" + MaxTransportLength.ToString() + ") bytes.");
            uint local = LocalAddress;
            bool broadcast = destinationIp == 0xFFFFFFFF || (local != 0 && Ipv4.IsBroadcastFor(destinationIp, local, SubnetMask));
            // Without an address only the DHCP client's broadcasts may leave (RFC 2131 4.1, source 0.0.0.0).
            if ((local == 0 && !broadcast) || destinationIp == 0 || (destinationIp == local && local != 0))
            {
                _counters.IpNoRoute++;
                return false;
            }

            int f = _txFrame;
            Ipv4Header h = _ipOut;
            h.TypeOfService = 0;
            h.Identification = NextIdentification();
            h.Flags = 0;
            h.TimeToLive = _options.TimeToLive;
            h.Protocol = protocol;
            h.Source = local;
            h.Destination = destinationIp;
            h.PayloadLength = transportLength;
            Ipv4.Write(_tx, f + EthernetHeaderLength, h);
            int frameLength = EthernetHeaderLength + Ipv4HeaderLength + transportLength;
            Array.Copy(_mac, 0, _tx, f + Ethernet.SourceOffset, 6);
            NetworkOrder.WriteUInt16(_tx, f + Ethernet.EtherTypeOffset, Ethernet.EtherTypeIpv4);
            _counters.IpPacketsOut++;

            if (broadcast)
            {
                Ethernet.WriteBroadcast(_tx, f + Ethernet.DestinationOffset);
                return SendFrame(_tx, frameLength);
            }
            if (Ipv4.IsMulticast(destinationIp))
            {
                // RFC 1112 6.4: 01-00-5E plus the low 23 bits of the group address.
                _tx[f] = 0x01; _tx[f + 1] = 0x00; _tx[f + 2] = 0x5E;
                _tx[f + 3] = (byte)((destinationIp >> 16) & 0x7F);
                _tx[f + 4] = (byte)(destinationIp >> 8);
                _tx[f + 5] = (byte)destinationIp;
                return SendFrame(_tx, frameLength);
            }

            uint nextHop = destinationIp;
            if ((destinationIp & SubnetMask) != (local & SubnetMask))
            {
                if (Gateway == 0) { _counters.IpNoRoute++; return false; }
                nextHop = Gateway;
            }
            return ResolveAndSend(nextHop, frameLength, nowMs);
        }

        /// <summary>Hands a whole frame, built at _txFrame (the device's headroom) in frame, to
        /// the device and counts it. After this the frame's bytes are undefined (INetDevice.Send).</summary>
        private bool SendFrame(byte[] frame, int length)
        {
            if (!_device.Send(frame, _txFrame, length))
            {
                _counters.SendFailures++;
                return false;
            }
            _counters.FramesOut++;
            _counters.BytesOut += length;
            return true;
        }
    }
}
