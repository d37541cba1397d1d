using NanoTcp.Wire;

namespace NanoTcp.Net
{
    /// <summary>States of the RFC 2131 4.4 client state machine (figure 5), plus Off.</summary>
    public enum DhcpState
    {
        /// <summary>Not running (static addressing or never started).</summary>
        Off = 0,
        /// <summary>About to send DHCPDISCOVER.</summary>
        Init,
        /// <summary>DHCPDISCOVER sent, waiting for a DHCPOFFER.</summary>
        Selecting,
        /// <summary>DHCPREQUEST sent for an offer, waiting for DHCPACK/DHCPNAK.</summary>
        Requesting,
        /// <summary>Address in use until T1.</summary>
        Bound,
        /// <summary>After T1: DHCPREQUEST unicast to the leasing server.</summary>
        Renewing,
        /// <summary>After T2: DHCPREQUEST broadcast to any server.</summary>
        Rebinding,
    }

    /// <summary>
    /// DHCP client (RFC 2131) of one NetworkInterface. DISCOVER, OFFER, REQUEST, ACK, NAK;
    /// renew at T1 (unicast), rebind at T2 (broadcast), lease expiry drops the address and
    /// starts over. Retransmission (RFC 2131 4.1): 4 s, doubling to 64 s, randomized by
    /// -1..+1 s; in RENEWING/REBINDING half the time left until T2/lease end, at least 60 s
    /// (4.4.5). Times are absolute ms on the caller's clock (Poll's nowMs).
    ///
    /// Not implemented (said plainly): the initial 1-10 s random wait of 4.4.1, the ARP
    /// probe for a conflicting address before use (2.2 SHOULD; we announce with a gratuitous
    /// ARP instead), DHCPDECLINE, DHCPRELEASE, INIT-REBOOT, option overload (52).
    /// </summary>
    public sealed class DhcpClient
    {
        private const int FirstRetransmitMs = 4000;
        private const int MaxRetransmitMs = 64000;
        private const int MinRenewRetransmitMs = 60000;
        private const int RequestAttempts = 4;
        /// <summary>RFC 1542 2.1: BOOTP messages are at least 300 bytes; some servers drop shorter.</summary>
        private const int MinimumMessageLength = 300;

        private readonly NetworkInterface _iface;
        private readonly DhcpMessage _msg = new DhcpMessage();
        private readonly DhcpMessage _out = new DhcpMessage();
        private uint _random;
        private uint _xid;
        private long _deadline = long.MaxValue;
        private int _interval;
        private int _attempts;
        private long _exchangeStartMs;
        private long _requestSentMs;

        internal DhcpClient(NetworkInterface iface)
        {
            _iface = iface;
            byte[] mac = iface.MacAddress;
            // xorshift32 seeded from the MAC: distinct transaction ids and jitter per board.
            _random = 0x9E3779B9u ^ ((uint)mac[2] << 24 | (uint)mac[3] << 16 | (uint)mac[4] << 8 | mac[5]) ^ ((uint)mac[0] << 8 | mac[1]);
            if (_random == 0) _random = 1;
            LeaseSeconds = -1;
        }

        public DhcpState State { get; private set; }
        /// <summary>Server identifier (option 54) of the offer or lease.</summary>
        public uint ServerAddress { get; private set; }
        /// <summary>Address offered or leased (yiaddr).</summary>
        public uint LeasedAddress { get; private set; }
        /// <summary>Lease length in seconds from the last ACK (-1 before any).</summary>
        public long LeaseSeconds { get; private set; }
        /// <summary>Absolute times (ms) of T1, T2 and lease end; long.MaxValue for an infinite lease.</summary>
        public long RenewAtMs { get; private set; }
        public long RebindAtMs { get; private set; }
        public long LeaseEndsAtMs { get; private set; }
        public uint TransactionId { get { return _xid; } }

        public long DiscoversSent { get; private set; }
        public long RequestsSent { get; private set; }
        public long OffersReceived { get; private set; }
        public long AcksReceived { get; private set; }
        public long NaksReceived { get; private set; }
        public long LeasesExpired { get; private set; }

        /// <summary>True while the client has no address and takes DHCP replies sent to any IP.</summary>
        internal bool AcceptsAnyDestination
        {
            get { return State == DhcpState.Selecting || State == DhcpState.Requesting || State == DhcpState.Init; }
        }

        internal void Start(long nowMs)
        {
            State = DhcpState.Init;
            _deadline = nowMs;
            LeasedAddress = 0;
            ServerAddress = 0;
        }

        internal void Stop()
        {
            State = DhcpState.Off;
            _deadline = long.MaxValue;
        }

        internal long NextDeadline()
        {
            switch (State)
            {
                case DhcpState.Off: return long.MaxValue;
                case DhcpState.Bound: return RenewAtMs;
                case DhcpState.Renewing: return Min(_deadline, RebindAtMs);
                case DhcpState.Rebinding: return Min(_deadline, LeaseEndsAtMs);
                default: return _deadline;
            }
        }

        internal void Poll(long nowMs)
        {
            _lastNow = nowMs;
            switch (State)
            {
                case DhcpState.Init:
                    if (nowMs < _deadline) return;
                    _xid = NextRandom();
                    _exchangeStartMs = nowMs;
                    _interval = FirstRetransmitMs;
                    State = DhcpState.Selecting;
                    SendDiscover(nowMs);
                    return;
                case DhcpState.Selecting:
                    if (nowMs < _deadline) return;
                    _interval = _interval * 2 > MaxRetransmitMs ? MaxRetransmitMs : _interval * 2;
                    SendDiscover(nowMs);
                    return;
                case DhcpState.Requesting:
                    if (nowMs < _deadline) return;
                    if (_attempts >= RequestAttempts) { Restart(nowMs); return; }
                    _interval = _interval * 2 > MaxRetransmitMs ? MaxRetransmitMs : _interval * 2;
                    SendRequest(nowMs);
                    return;
                case DhcpState.Bound:
                    if (nowMs < RenewAtMs) return;
                    // RFC 2131 4.4.5: at T1 move to RENEWING and unicast a DHCPREQUEST to the server.
                    State = DhcpState.Renewing;
                    _xid = NextRandom();
                    _exchangeStartMs = nowMs;
                    SendRequest(nowMs);
                    return;
                case DhcpState.Renewing:
                    if (nowMs >= LeaseEndsAtMs) { Expire(nowMs); return; }
                    if (nowMs >= RebindAtMs)
                    {
                        // RFC 2131 4.4.5: at T2 broadcast the DHCPREQUEST to any server.
                        State = DhcpState.Rebinding;
                        SendRequest(nowMs);
                        return;
                    }
                    if (nowMs >= _deadline) SendRequest(nowMs);
                    return;
                case DhcpState.Rebinding:
                    if (nowMs >= LeaseEndsAtMs) { Expire(nowMs); return; }
                    if (nowMs >= _deadline) SendRequest(nowMs);
                    return;
            }
        }

        /// <summary>A UDP payload to port 68. Returns true when the client used it.</summary>
        internal bool Input(byte[] b, int offset, int length, long nowMs)
        {
            _lastNow = nowMs;
            if (Dhcp.TryParse(b, offset, length, _msg) != ParseStatus.Ok) return false;
            if (_msg.Op != Dhcp.OpReply || _msg.TransactionId != _xid) return false;
            if (!Ethernet.SameAddress(b, _msg.ClientHardwareOffset, _iface.MacAddress, 0)) return false;
            switch (State)
            {
                case DhcpState.Selecting:
                    if (_msg.MessageType != Dhcp.Offer || _msg.ServerIdentifier == 0 || !IsUsableAddress(_msg.YourAddress)) return false;
                    // RFC 2131 4.4.1: take the first acceptable offer and request it.
                    OffersReceived++;
                    LeasedAddress = _msg.YourAddress;
                    ServerAddress = _msg.ServerIdentifier;
                    State = DhcpState.Requesting;
                    _interval = FirstRetransmitMs;
                    _attempts = 0;
                    SendRequest(nowMs);
                    return true;
                case DhcpState.Requesting:
                case DhcpState.Renewing:
                case DhcpState.Rebinding:
                    if (_msg.MessageType == Dhcp.Nak)
                    {
                        // RFC 2131 4.4.2 / 3.1(5): a DHCPNAK sends the client back to INIT.
                        if (State == DhcpState.Requesting && _msg.ServerIdentifier != 0 && _msg.ServerIdentifier != ServerAddress) return false;
                        NaksReceived++;
                        Restart(nowMs);
                        return true;
                    }
                    if (_msg.MessageType != Dhcp.Ack || !IsUsableAddress(_msg.YourAddress) || _msg.LeaseSeconds < 0) return false;
                    if (State == DhcpState.Requesting && _msg.YourAddress != LeasedAddress) return false;
                    AcksReceived++;
                    Bind(nowMs);
                    return true;
                default:
                    return false;
            }
        }

        private void Bind(long nowMs)
        {
            // RFC 2131 4.4.1: the lease starts when the DHCPREQUEST was sent.
            long start = _requestSentMs;
            LeaseSeconds = _msg.LeaseSeconds;
            if (_msg.ServerIdentifier != 0) ServerAddress = _msg.ServerIdentifier;
            LeasedAddress = _msg.YourAddress;
            if (LeaseSeconds == 0xFFFFFFFFL)
            {
                RenewAtMs = RebindAtMs = LeaseEndsAtMs = long.MaxValue; // RFC 2132 9.2: infinite
            }
            else
            {
                long lease = LeaseSeconds * 1000;
                // RFC 2131 4.4.5: T1 defaults to 0.5 * lease, T2 to 0.875 * lease.
                long t1 = _msg.RenewalSeconds >= 0 ? _msg.RenewalSeconds * 1000 : lease / 2;
                long t2 = _msg.RebindingSeconds >= 0 ? _msg.RebindingSeconds * 1000 : lease * 7 / 8;
                if (t2 > lease || t2 <= 0) t2 = lease * 7 / 8;
                if (t1 > t2 || t1 <= 0) t1 = t2 * 4 / 7;
                RenewAtMs = start + t1;
                RebindAtMs = start + t2;
                LeaseEndsAtMs = start + lease;
            }
            uint mask = _msg.SubnetMask;
            uint inverted = ~mask;
            if (mask == 0 || (inverted & (inverted + 1)) != 0) mask = ClassfulMask(LeasedAddress); // RFC 1122 3.3.1.1 default
            uint router = _msg.Router;
            if (router != 0 && (router & mask) != (LeasedAddress & mask)) router = 0; // not reachable on the link
            State = DhcpState.Bound;
            _deadline = RenewAtMs;
            _iface.DnsServer = _msg.DnsServer;
            _iface.Configure(LeasedAddress, mask, router, nowMs);
        }

        private void Expire(long nowMs)
        {
            // RFC 2131 4.4.5: lease expired without an ACK: stop using the address, back to INIT.
            LeasesExpired++;
            Restart(nowMs);
        }

        private void Restart(long nowMs)
        {
            _iface.Deconfigure();
            LeasedAddress = 0;
            ServerAddress = 0;
            State = DhcpState.Init;
            _deadline = nowMs;
        }

        private void SendDiscover(long nowMs)
        {
            int p = WriteCommon(0);
            _iface.TransmitBuffer[p - 1] = Dhcp.Discover; // message type value written by WriteCommon
            p = WriteTail(p);
            DiscoversSent++;
            Send(p, 0xFFFFFFFF, nowMs);
            _deadline = nowMs + Jitter(_interval);
        }

        private void SendRequest(long nowMs)
        {
            bool selecting = State == DhcpState.Requesting;
            // RFC 2131 4.3.2 table 4: ciaddr is 0 when requesting an offer, our address when
            // renewing/rebinding; 'requested IP' and 'server identifier' only when requesting.
            int p = WriteCommon(selecting ? 0 : _iface.LocalAddress);
            _iface.TransmitBuffer[p - 1] = Dhcp.Request;
            byte[] b = _iface.TransmitBuffer;
            if (selecting)
            {
                p = Dhcp.PutUInt32(b, p, Dhcp.OptionRequestedAddress, LeasedAddress);
                p = Dhcp.PutUInt32(b, p, Dhcp.OptionServerIdentifier, ServerAddress);
            }
            p = WriteTail(p);
            RequestsSent++;
            _requestSentMs = nowMs;
            if (selecting)
            {
                _attempts++;
                Send(p, 0xFFFFFFFF, nowMs);
                _deadline = nowMs + Jitter(_interval);
                return;
            }
            // RFC 2131 4.4.5: wait half the time left to T2 (renewing) or lease end (rebinding), at least 60 s.
            long limit = State == DhcpState.Renewing ? RebindAtMs : LeaseEndsAtMs;
            long wait = (limit - nowMs) / 2;
            if (wait < MinRenewRetransmitMs) wait = MinRenewRetransmitMs;
            _deadline = nowMs + wait;
            Send(p, State == DhcpState.Renewing ? ServerAddress : 0xFFFFFFFF, nowMs);
        }

        /// <summary>Fixed part plus option 53 (its value left for the caller); returns the next option position.</summary>
        private int WriteCommon(uint clientAddress)
        {
            byte[] b = _iface.TransmitBuffer;
            int o = _iface.TransportOffset + Udp.HeaderLength;
            long secs = (_lastNow - _exchangeStartMs) / 1000;
            if (secs > 0xFFFF) secs = 0xFFFF;
            if (secs < 0) secs = 0;
            DhcpMessage m = _out;
            m.Clear();
            m.Op = Dhcp.OpRequest;
            m.TransactionId = _xid;
            m.Seconds = (int)secs;
            m.ClientAddress = clientAddress;
            m.ClientHardware = _iface.MacAddress;
            int p = Dhcp.WriteHeader(b, o, m);
            return Dhcp.PutByte(b, p, Dhcp.OptionMessageType, 0);
        }

        private int WriteTail(int p)
        {
            byte[] b = _iface.TransmitBuffer;
            // RFC 2132 9.14: client identifier, type 1 (Ethernet) + MAC.
            b[p] = Dhcp.OptionClientIdentifier; b[p + 1] = 7; b[p + 2] = 1;
            for (int i = 0; i < 6; i++) b[p + 3 + i] = _iface.MacAddress[i];
            p += 9;
            p = Dhcp.PutUInt16(b, p, Dhcp.OptionMaximumMessageSize, _iface.Options.Mtu);
            b[p] = Dhcp.OptionParameterRequestList; b[p + 1] = 6;
            b[p + 2] = Dhcp.OptionSubnetMask; b[p + 3] = Dhcp.OptionRouter; b[p + 4] = Dhcp.OptionDnsServer;
            b[p + 5] = Dhcp.OptionLeaseTime; b[p + 6] = Dhcp.OptionRenewalTime; b[p + 7] = Dhcp.OptionRebindingTime;
            p += 8;
            p = Dhcp.PutEnd(b, p);
            int start = _iface.TransportOffset + Udp.HeaderLength;
            while (p - start < MinimumMessageLength) b[p++] = Dhcp.OptionPad;
            return p;
        }

        private long _lastNow;

        private void Send(int end, uint destination, long nowMs)
        {
            int length = end - (_iface.TransportOffset + Udp.HeaderLength);
            _iface.Counters.DhcpMessagesOut++;
            _iface.SendUdp(Dhcp.ClientPort, destination, Dhcp.ServerPort, length, nowMs);
        }

        private uint NextRandom()
        {
            uint x = _random;
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            _random = x;
            return x;
        }

        /// <summary>RFC 2131 4.1: randomize by a uniform number between -1 and +1 second.</summary>
        private long Jitter(int intervalMs)
        {
            return intervalMs - 1000 + (long)(NextRandom() % 2001);
        }

        private static bool IsUsableAddress(uint a)
        {
            return a != 0 && a != 0xFFFFFFFF && !Ipv4.IsMulticast(a) && (a >> 24) != 127;
        }

        private static uint ClassfulMask(uint a)
        {
            if ((a & 0x80000000) == 0) return 0xFF000000;
            if ((a & 0xC0000000) == 0x80000000) return 0xFFFF0000;
            return 0xFFFFFF00;
        }

        private static long Min(long a, long b) { return a < b ? a : b; }
    }
}
