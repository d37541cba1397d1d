using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Services;
using NanoTcp.Tcp;

namespace NanoTcp.Device
{
    /// <summary>
    /// The status page's view of a whole device (Http.IStatusSource over a DeviceStack): the
    /// device's name and chip, the interface, the memory report, every counter (interface,
    /// chip driver, TCP, web server, services), the ARP table and the TCP connection table.
    /// Everything is read live; nothing is copied or allocated. This is the one place that
    /// looks at every layer, so the layers themselves never look at each other for status.
    /// </summary>
    public sealed class DeviceStatus : IStatusSource
    {
        private static readonly string[] DriverNames = new string[]
        {
            "SpiTransactions", "SpiBytes", "DriverFramesIn", "DriverFramesOut", "DriverDrops", "DriverErrors",
        };

        private static readonly string[] TcpNames = new string[]
        {
            "TcpSegmentsIn", "TcpSegmentsOut", "TcpChecksumErrors", "TcpMalformedDropped", "TcpPassiveOpens",
            "TcpActiveOpens", "TcpRetransmissions", "TcpRetransmitTimeouts", "TcpResetsSent", "TcpResetsReceived",
            "TcpListenBacklogDrops", "TcpOutOfOrderQueued",
        };

        private static readonly string[] HttpNames = new string[]
        {
            "HttpConnectionsAccepted", "HttpRequests", "HttpErrorResponses", "HttpIdleTimeouts",
            "HttpEvictions", "HttpResets", "HttpOverflows",
        };

        private static readonly string[] ServiceNames = new string[]
        {
            "EchoBytes", "DiscardBytes", "ChargenBytes",
        };

        // Names made once: on the nanoCLR every evaluated string literal allocates.
        private static readonly string SourceNone = "none", SourceStatic = "static", SourceDhcp = "dhcp", SourceFallback = "static (DHCP fallback)";
        private static readonly string DhcpOff = "Off", DhcpInit = "Init", DhcpSelecting = "Selecting", DhcpRequesting = "Requesting",
            DhcpBound = "Bound", DhcpRenewing = "Renewing", DhcpRebinding = "Rebinding";
        private static readonly string ArpResolving = "Resolving", ArpResolved = "Resolved";

        private readonly DeviceStack _device;

        internal DeviceStatus(DeviceStack device)
        {
            _device = device;
        }

        public string DeviceName { get { return _device.Options.Name; } }
        public string ChipName { get { return _device.Options.Chip; } }
        public long StartedAtMs { get { return _device.StartedAtMs; } }

        public byte[] MacAddress { get { return _device.Interface.MacAddress; } }
        public uint IpAddress { get { return _device.Interface.LocalAddress; } }
        public uint SubnetMask { get { return _device.Interface.SubnetMask; } }
        public uint Gateway { get { return _device.Interface.Gateway; } }
        public bool LinkUp { get { return _device.Interface.Device.LinkUp; } }

        public string AddressSource
        {
            get
            {
                switch (_device.AddressSource)
                {
                    case Device.AddressSource.Static: return SourceStatic;
                    case Device.AddressSource.Dhcp: return SourceDhcp;
                    case Device.AddressSource.StaticFallback: return SourceFallback;
                    default: return SourceNone;
                }
            }
        }

        public string DhcpState
        {
            get
            {
                switch (_device.Interface.Dhcp.State)
                {
                    case Net.DhcpState.Init: return DhcpInit;
                    case Net.DhcpState.Selecting: return DhcpSelecting;
                    case Net.DhcpState.Requesting: return DhcpRequesting;
                    case Net.DhcpState.Bound: return DhcpBound;
                    case Net.DhcpState.Renewing: return DhcpRenewing;
                    case Net.DhcpState.Rebinding: return DhcpRebinding;
                    default: return DhcpOff;
                }
            }
        }

        public uint DhcpServer { get { return _device.Interface.Dhcp.ServerAddress; } }

        public long DhcpLeaseRemainingMs(long nowMs)
        {
            DhcpClient dhcp = _device.Interface.Dhcp;
            DhcpState s = dhcp.State;
            if (s != Net.DhcpState.Bound && s != Net.DhcpState.Renewing && s != Net.DhcpState.Rebinding) return -1;
            long left = dhcp.LeaseEndsAtMs - nowMs;
            return left < 0 ? 0 : left;
        }

        // ---- memory ----

        public int MemoryParts { get { return _device.Memory.Count; } }
        public string MemoryPartName(int index) { return _device.Memory.Name(index); }
        public long MemoryPartBytes(int index) { return _device.Memory.Bytes(index); }

        // ---- counters: interface, then driver, TCP, HTTP and services when present ----

        public int CounterCount
        {
            get
            {
                return InterfaceCounters.Count + DriverCount + TcpNames.Length + HttpCount + ServicesCount;
            }
        }

        private int DriverCount { get { return _device.Options.DriverCounters != null ? DriverNames.Length : 0; } }
        private int HttpCount { get { return _device.Http != null ? HttpNames.Length : 0; } }
        private int ServicesCount { get { return _device.Services != null ? ServiceNames.Length : 0; } }

        public string CounterName(int index)
        {
            if (index < InterfaceCounters.Count) return InterfaceCounters.GetName(index);
            index -= InterfaceCounters.Count;
            if (index < DriverCount) return DriverNames[index];
            index -= DriverCount;
            if (index < TcpNames.Length) return TcpNames[index];
            index -= TcpNames.Length;
            if (index < HttpCount) return HttpNames[index];
            index -= HttpCount;
            return ServiceNames[index];
        }

        public long CounterValue(int index)
        {
            if (index < InterfaceCounters.Count) return _device.Interface.Counters.GetValue(index);
            index -= InterfaceCounters.Count;
            if (index < DriverCount) return DriverValue(_device.Options.DriverCounters, index);
            index -= DriverCount;
            if (index < TcpNames.Length) return TcpValue(_device.Tcp.Counters, index);
            index -= TcpNames.Length;
            if (index < HttpCount) return HttpValue(_device.Http.Counters, index);
            index -= HttpCount;
            SmallServices s = _device.Services;
            switch (index)
            {
                case 0: return s.EchoBytes;
                case 1: return s.DiscardBytes;
                default: return s.ChargenBytes;
            }
        }

        private static long DriverValue(DriverCounters d, int index)
        {
            switch (index)
            {
                case 0: return d.SpiTransactions;
                case 1: return d.SpiBytes;
                case 2: return d.FramesIn;
                case 3: return d.FramesOut;
                case 4: return d.Drops;
                default: return d.Errors;
            }
        }

        private static long TcpValue(TcpCounters t, int index)
        {
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

        private static long HttpValue(HttpServerCounters c, int index)
        {
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

        // ---- ARP table ----

        public int ArpEntries { get { return _device.Interface.Arp.Capacity; } }

        public string ArpState(int index)
        {
            switch (_device.Interface.Arp.GetState(index))
            {
                case ArpEntryState.Resolving: return ArpResolving;
                case ArpEntryState.Resolved: return ArpResolved;
                default: return StatusJsonHandler.ArpFree;
            }
        }

        public uint ArpAddress(int index) { return _device.Interface.Arp.GetAddress(index); }
        public void CopyArpMac(int index, byte[] destination, int offset) { _device.Interface.Arp.CopyMac(index, destination, offset); }
        public long ArpDeadline(int index) { return _device.Interface.Arp.GetDeadline(index); }

        // ---- TCP connection table ----

        public int TcpSlots { get { return _device.Tcp.ConnectionSlots; } }
        public TcpState TcpSlotState(int slot) { return _device.Tcp.GetSlotState(slot); }
        public uint TcpLocalAddress(int slot) { return _device.Tcp.GetSlotLocalAddress(slot); }
        public int TcpLocalPort(int slot) { return _device.Tcp.GetSlotLocalPort(slot); }
        public uint TcpRemoteAddress(int slot) { return _device.Tcp.GetSlotRemoteAddress(slot); }
        public int TcpRemotePort(int slot) { return _device.Tcp.GetSlotRemotePort(slot); }
        public uint TcpSndUna(int slot) { return _device.Tcp.GetSlotSndUna(slot); }
        public uint TcpSndNxt(int slot) { return _device.Tcp.GetSlotSndNxt(slot); }
        public uint TcpRcvNxt(int slot) { return _device.Tcp.GetSlotRcvNxt(slot); }
        public int TcpSndWnd(int slot) { return _device.Tcp.GetSlotSndWnd(slot); }
        public int TcpRcvWnd(int slot) { return _device.Tcp.GetSlotRcvWnd(slot); }
    }
}
