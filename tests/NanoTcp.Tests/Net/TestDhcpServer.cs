using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Tests.Net
{
    /// <summary>
    /// A scripted DHCP server (RFC 2131 server side, just enough) on a NanoTcp interface's UDP
    /// port 67: OFFERs OfferAddress to any DISCOVER, ACKs REQUESTs for it, or NAKs when told to,
    /// or stays silent. Replies are broadcast (RFC 2131 4.1 allows it; the client takes either).
    /// </summary>
    public sealed class TestDhcpServer
    {
        private readonly NetworkInterface _iface;
        private readonly UdpSocket _socket;
        private readonly byte[] _in = new byte[1500];
        private readonly byte[] _out = new byte[600];
        private readonly DhcpMessage _msg = new DhcpMessage();

        public uint OfferAddress = Ipv4Address.Make(192, 0, 2, 10);
        public uint LeaseSeconds = 3600;
        /// <summary>Ignore every message (a server that went away).</summary>
        public bool Silent;
        /// <summary>NAK this many REQUESTs before ACKing again.</summary>
        public int NakCount;

        public int Discovers, Requests, Offers, Acks, Naks;
        /// <summary>ciaddr of the last REQUEST (0 when selecting, the client's address when renewing/rebinding).</summary>
        public uint LastRequestClientAddress;

        public TestDhcpServer(NetworkInterface iface)
        {
            _iface = iface;
            _socket = iface.OpenUdp(Dhcp.ServerPort);
        }

        public void Poll(long nowMs)
        {
            int n;
            while ((n = _socket.ReceiveFrom(_in, 0, _in.Length)) >= 0)
            {
                if (Silent || Dhcp.TryParse(_in, 0, n, _msg) != ParseStatus.Ok || _msg.Op != Dhcp.OpRequest) continue;
                if (_msg.MessageType == Dhcp.Discover)
                {
                    Discovers++;
                    Reply(Dhcp.Offer, OfferAddress, nowMs);
                    Offers++;
                }
                else if (_msg.MessageType == Dhcp.Request)
                {
                    Requests++;
                    LastRequestClientAddress = _msg.ClientAddress;
                    if (NakCount > 0) { NakCount--; Reply(Dhcp.Nak, 0, nowMs); Naks++; }
                    else { Reply(Dhcp.Ack, OfferAddress, nowMs); Acks++; }
                }
            }
        }

        private void Reply(int type, uint yiaddr, long nowMs)
        {
            byte[] mac = new byte[6];
            System.Array.Copy(_in, Dhcp.ClientHardwareOffset, mac, 0, 6);
            int p = Dhcp.WriteHeader(_out, 0, new DhcpMessage { Op = Dhcp.OpReply, TransactionId = _msg.TransactionId, YourAddress = yiaddr, ClientHardware = mac });
            p = Dhcp.PutByte(_out, p, Dhcp.OptionMessageType, type);
            p = Dhcp.PutUInt32(_out, p, Dhcp.OptionServerIdentifier, _iface.LocalAddress);
            if (type != Dhcp.Nak)
            {
                p = Dhcp.PutUInt32(_out, p, Dhcp.OptionLeaseTime, LeaseSeconds);
                p = Dhcp.PutUInt32(_out, p, Dhcp.OptionSubnetMask, _iface.SubnetMask);
                p = Dhcp.PutUInt32(_out, p, Dhcp.OptionRouter, _iface.LocalAddress);
            }
            p = Dhcp.PutEnd(_out, p);
            _socket.SendTo(Ipv4Address.Broadcast, Dhcp.ClientPort, _out, 0, p, nowMs);
        }
    }
}
