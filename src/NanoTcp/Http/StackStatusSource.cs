using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// IStatusSource over the real stack: a NetworkInterface (address, DHCP, counters, ARP),
    /// optionally the chip driver's DriverCounters, the TcpStack (slot table, counters) and
    /// the web server's own counters. Everything is read live; nothing is copied or allocated.
    /// </summary>
    public sealed class StackStatusSource : IStatusSource
    {
        private const int DriverCounterCount = 6;
        private const int HttpCounterCount = 7;
        private const int TcpCounterCount = 12;

        private readonly NetworkInterface _iface;
        private readonly DriverCounters _driver;
        private readonly TcpStack _tcp;
        private HttpServer _http;

        /// <param name="driverCounters">The chip driver's counters, or null (cable, TAP).</param>
        /// <param name="tcp">The interface's TcpStack, or null for none.</param>
        public StackStatusSource(NetworkInterface iface, DriverCounters driverCounters, TcpStack tcp)
        {
            if (iface == null) throw new System.ArgumentNullException("iface", "Pass the NetworkInterface whose status the page shows.");
            _iface = iface;
            _driver = driverCounters;
            _tcp = tcp;
        }

        /// <summary>The server whose counters are listed too (set once it exists).</summary>
        public HttpServer Server { get { return _http; } set { _http = value; } }


        public byte[] MacAddress { get { return _iface.MacAddress; } }
        public uint IpAddress { get { return _iface.LocalAddress; } }
        public uint SubnetMask { get { return _iface.SubnetMask; } }
        public uint Gateway { get { return _iface.Gateway; } }
        public bool LinkUp { get { return _iface.Device.LinkUp; } }

        public string DhcpState
        {
            get
            {
                switch (_iface.Dhcp.State)
                {
                    case Net.DhcpState.Init: return "Init";
                    case Net.DhcpState.Selecting: return "Selecting";
                    case Net.DhcpState.Requesting: return "Requesting";
                    case Net.DhcpState.Bound: return "Bound";
                    case Net.DhcpState.Renewing: return "Renewing";
                    case Net.DhcpState.Rebinding: return "Rebinding";
                    default: return "Off";
                }
            }
        }

        public uint DhcpServer { get { return _iface.Dhcp.ServerAddress; } }

        public long DhcpLeaseRemainingMs(long nowMs)
        {
            DhcpState s = _iface.Dhcp.State;
            if (s != Net.DhcpState.Bound && s != Net.DhcpState.Renewing && s != Net.DhcpState.Rebinding) return -1;
            long left = _iface.Dhcp.LeaseEndsAtMs - nowMs;
            return left < 0 ? 0 : left;
        }

        public int CounterCount
        {
            get
            {
                return InterfaceCounters.Count + (_driver != null ? DriverCounterCount : 0)
                    + (_tcp != null ? TcpCounterCount : 0) + (_http != null ? HttpCounterCount : 0);
            }
        }

        public string CounterName(int index)
        {
            if (index < InterfaceCounters.Count) return InterfaceCounters.GetName(index);
            index -= InterfaceCounters.Count;
            if (_driver != null)
            {
                if (index < DriverCounterCount)
                {
                    switch (index)
                    {
                        case 0: return "SpiTransactions";
                        case 1: return "SpiBytes";
                        case 2: return "DriverFramesIn";
                        case 3: return "DriverFramesOut";
                        case 4: return "DriverDrops";
                        default: return "DriverErrors";
                    }
                }
                index -= DriverCounterCount;
            }
            if (_tcp != null)
            {
                if (index < TcpCounterCount)
                {
                    switch (index)
                    {
                        case 0: return "TcpSegmentsIn";
                        case 1: return "TcpSegmentsOut";
                        case 2: return "TcpChecksumErrors";
                        case 3: return "TcpMalformedDropped";
                        case 4: return "TcpPassiveOpens";
                        case 5: return "TcpActiveOpens";
                        case 6: return "TcpRetransmissions";
                        case 7: return "TcpRetransmitTimeouts";
                        case 8: return "TcpResetsSent";
                        case 9: return "TcpResetsReceived";
                        case 10: return "TcpListenBacklogDrops";
                        default: return "TcpOutOfOrderQueued";
                    }
                }
                index -= TcpCounterCount;
            }
            switch (index)
            {
                case 0: return "HttpConnectionsAccepted";
                case 1: return "HttpRequests";
                case 2: return "HttpErrorResponses";
                case 3: return "HttpIdleTimeouts";
                case 4: return "HttpEvictions";
                case 5: return "HttpResets";
                default: return "HttpOverflows";
            }
        }

        public long CounterValue(int index)
        {
            if (index < InterfaceCounters.Count) return _iface.Counters.GetValue(index);
            index -= InterfaceCounters.Count;
            if (_driver != null)
            {
                if (index < DriverCounterCount)
                {
                    switch (index)
                    {
                        case 0: return _driver.SpiTransactions;
                        case 1: return _driver.SpiBytes;
                        case 2: return _driver.FramesIn;
                        case 3: return _driver.FramesOut;
                        case 4: return _driver.Drops;
                        default: return _driver.Errors;
                    }
                }
                index -= DriverCounterCount;
            }
            if (_tcp != null)
            {
                if (index < TcpCounterCount)
                {
                    TcpCounters t = _tcp.Counters;
                    switch (index)
                    {
                        case 0: return t.SegmentsIn;
                        case 1: return t.SegmentsOut;
                        case 2: return t.ChecksumErrors;
                        case 3: return t.MalformedDropped;
                        case 4: return t.PassiveOpens;
                        case 5: return t.ActiveOpens;
                        case 6: return t.Retransmissions;
                        case 7: return t.RetransmitTimeouts;
                        case 8: return t.ResetsSent;
                        case 9: return t.ResetsReceived;
                        case 10: return t.ListenBacklogDrops;
                        default: return t.OutOfOrderQueued;
                    }
                }
                index -= TcpCounterCount;
            }
            if (_http == null) return 0;
            HttpServerCounters c = _http.Counters;
            switch (index)
            {
                case 0: return c.ConnectionsAccepted;
                case 1: return c.Requests;
                case 2: return c.ErrorResponses;
                case 3: return c.IdleTimeouts;
                case 4: return c.Evictions;
                case 5: return c.Resets;
                default: return c.Overflows;
            }
        }

        public int ArpEntries { get { return _iface.Arp.Capacity; } }

        public string ArpState(int index)
        {
            switch (_iface.Arp.GetState(index))
            {
                case ArpEntryState.Resolving: return "Resolving";
                case ArpEntryState.Resolved: return "Resolved";
                default: return "Free";
            }
        }

        public uint ArpAddress(int index) { return _iface.Arp.GetAddress(index); }
        public void CopyArpMac(int index, byte[] destination, int offset) { _iface.Arp.CopyMac(index, destination, offset); }
        public long ArpDeadline(int index) { return _iface.Arp.GetDeadline(index); }

        public int TcpSlots { get { return _tcp == null ? 0 : _tcp.ConnectionSlots; } }
        public TcpState TcpSlotState(int slot) { return _tcp.GetSlotState(slot); }
        public uint TcpLocalAddress(int slot) { return _tcp.GetSlotLocalAddress(slot); }
        public int TcpLocalPort(int slot) { return _tcp.GetSlotLocalPort(slot); }
        public uint TcpRemoteAddress(int slot) { return _tcp.GetSlotRemoteAddress(slot); }
        public int TcpRemotePort(int slot) { return _tcp.GetSlotRemotePort(slot); }
        public uint TcpSndUna(int slot) { return _tcp.GetSlotSndUna(slot); }
        public uint TcpSndNxt(int slot) { return _tcp.GetSlotSndNxt(slot); }
        public uint TcpRcvNxt(int slot) { return _tcp.GetSlotRcvNxt(slot); }
        public int TcpSndWnd(int slot) { return _tcp.GetSlotSndWnd(slot); }
        public int TcpRcvWnd(int slot) { return _tcp.GetSlotRcvWnd(slot); }
    }
}
