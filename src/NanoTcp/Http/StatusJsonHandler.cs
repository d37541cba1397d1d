using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// GET /status.json: the device, the interface, the memory fixed at construction by
    /// part, every counter, the ARP table and the live TCP connection table. It is written in
    /// pieces while it is sent (IHttpBodySource, chunked), item by item straight into the
    /// connection's response buffer: no strings, no allocation, and no buffer of the
    /// document's size however many connections and counters the device has. The response
    /// buffer needs room for the largest item only (MinimumPiece).
    ///
    /// Fields: device{name, chip}, uptimeMs, interface{mac, ip, mask, gateway, link,
    /// addressSource, dhcp{state, server, leaseRemainingMs}}, memory{totalBytes, parts{...}},
    /// counters{...}, arp[{ip, mac, state, deadlineInMs}], tcp[{slot, state, local, remote,
    /// sndUna, sndNxt, rcvNxt, sndWnd, rcvWnd}]. Values are read when their item is written,
    /// so a long document shows each table row as it was when that row went out.
    /// </summary>
    public sealed class StatusJsonHandler : IHttpHandler, IHttpBodySource
    {
        /// <summary>Bytes the largest item can take (a TCP row with every number at its widest).</summary>
        public const int MinimumPiece = 320;

        // The state is (section << 16) | index within the section; in the ARP and TCP tables bit
        // 15 says an entry was written already (so the next one needs a comma), since an entry
        // written in an earlier piece may be gone by the time the next piece is written.
        private const int Written = 1 << 15;
        private const int IndexMask = Written - 1;
        private const int SectionDevice = 0;
        private const int SectionInterface = 1;
        private const int SectionMemory = 2;
        private const int SectionCounters = 3;
        private const int SectionArp = 4;
        private const int SectionTcp = 5;
        private const int SectionEnd = 6;

        // The document's fixed text as bytes made once: on the nanoCLR every evaluated string
        // literal allocates, and this page is asked for every second.
        private static readonly byte[] JsonEnd = HttpAscii.Literal("]}\n");
        private static readonly byte[] JsonDeviceName = HttpAscii.Literal("{\"device\":{\"name\":\"");
        private static readonly byte[] JsonChip = HttpAscii.Literal("\",\"chip\":\"");
        private static readonly byte[] JsonUptimeMs = HttpAscii.Literal("\"},\"uptimeMs\":");
        private static readonly byte[] JsonInterfaceMac = HttpAscii.Literal(",\"interface\":{\"mac\":\"");
        private static readonly byte[] JsonIp = HttpAscii.Literal("\",\"ip\":\"");
        private static readonly byte[] JsonMask = HttpAscii.Literal("\",\"mask\":\"");
        private static readonly byte[] JsonGateway = HttpAscii.Literal("\",\"gateway\":\"");
        private static readonly byte[] JsonLink = HttpAscii.Literal("\",\"link\":");
        private static readonly byte[] JsonAddressSource = HttpAscii.Literal(",\"addressSource\":\"");
        private static readonly byte[] JsonDhcpState = HttpAscii.Literal("\",\"dhcp\":{\"state\":\"");
        private static readonly byte[] JsonServer = HttpAscii.Literal("\",\"server\":\"");
        private static readonly byte[] JsonLeaseRemainingMs = HttpAscii.Literal("\",\"leaseRemainingMs\":");
        private static readonly byte[] JsonCloseObjects = HttpAscii.Literal("}}");
        private static readonly byte[] JsonMemoryTotalBytes = HttpAscii.Literal(",\"memory\":{\"totalBytes\":");
        private static readonly byte[] JsonParts = HttpAscii.Literal(",\"parts\":{");
        private static readonly byte[] JsonQuoteColon = HttpAscii.Literal("\":");
        private static readonly byte[] JsonCounters = HttpAscii.Literal(",\"counters\":{");
        private static readonly byte[] JsonArp = HttpAscii.Literal(",\"arp\":[");
        private static readonly byte[] JsonArpIp = HttpAscii.Literal("{\"ip\":\"");
        private static readonly byte[] JsonMac = HttpAscii.Literal("\",\"mac\":\"");
        private static readonly byte[] JsonState = HttpAscii.Literal("\",\"state\":\"");
        private static readonly byte[] JsonDeadlineInMs = HttpAscii.Literal("\",\"deadlineInMs\":");
        private static readonly byte[] JsonTcp = HttpAscii.Literal(",\"tcp\":[");
        private static readonly byte[] JsonSlot = HttpAscii.Literal("{\"slot\":");
        private static readonly byte[] JsonTcpState = HttpAscii.Literal(",\"state\":\"");
        private static readonly byte[] JsonLocal = HttpAscii.Literal("\",\"local\":\"");
        private static readonly byte[] JsonRemote = HttpAscii.Literal("\",\"remote\":\"");
        private static readonly byte[] JsonSndUna = HttpAscii.Literal("\",\"sndUna\":");
        private static readonly byte[] JsonSndNxt = HttpAscii.Literal(",\"sndNxt\":");
        private static readonly byte[] JsonRcvNxt = HttpAscii.Literal(",\"rcvNxt\":");
        private static readonly byte[] JsonSndWnd = HttpAscii.Literal(",\"sndWnd\":");
        private static readonly byte[] JsonRcvWnd = HttpAscii.Literal(",\"rcvWnd\":");
        private static readonly byte[] JsonTrue = HttpAscii.Literal("true");
        private static readonly byte[] JsonFalse = HttpAscii.Literal("false");

        private readonly IStatusSource _source;
        private readonly AsciiWriter _w = new AsciiWriter();
        private readonly byte[] _mac = new byte[6];

        public StatusJsonHandler(IStatusSource source)
        {
            if (source == null) throw new System.ArgumentNullException("source", "Pass the IStatusSource (Device.DeviceStatus for a whole device) to report.");
            _source = source;
        }

        private static readonly byte[] CacheControlName = HttpAscii.Literal("Cache-Control");
        private static readonly byte[] NoStore = HttpAscii.Literal("no-store");

        public void Handle(HttpRequest request, HttpResponse response)
        {
            response.ContentType = HttpContentType.Json;
            response.AddHeader(CacheControlName, NoStore);
            response.SendBody(this, -1);
        }

        public int Write(ref int state, long nowMs, byte[] buffer, int offset, int count)
        {
            AsciiWriter w = _w;
            w.Reset(buffer, offset, count);
            while (state != HttpBodyState.Done)
            {
                w.Begin();
                int next = WriteItem(state >> 16, state & 0xFFFF, nowMs);
                if (!w.Commit()) break;
                state = next;
            }
            return w.Position - offset;
        }

        /// <summary>Writes one item; returns the state after it.</summary>
        private int WriteItem(int section, int index, long now)
        {
            switch (section)
            {
                case SectionDevice: WriteDevice(now); return SectionInterface << 16;
                case SectionInterface: WriteInterface(now); return SectionMemory << 16;
                case SectionMemory: return WriteMemory(index);
                case SectionCounters: return WriteCounter(index);
                case SectionArp: return WriteArp(index, now);
                case SectionTcp: return WriteTcp(index);
                default:
                    _w.Bytes(JsonEnd);
                    return HttpBodyState.Done;
            }
        }

        private void WriteDevice(long now)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            w.Bytes(JsonDeviceName);
            w.Ascii(s.DeviceName);
            w.Bytes(JsonChip);
            w.Ascii(s.ChipName);
            w.Bytes(JsonUptimeMs);
            w.Decimal(now - s.StartedAtMs);
        }

        private void WriteInterface(long now)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            w.Bytes(JsonInterfaceMac);
            w.Mac(s.MacAddress, 0);
            w.Bytes(JsonIp);
            w.Ipv4(s.IpAddress);
            w.Bytes(JsonMask);
            w.Ipv4(s.SubnetMask);
            w.Bytes(JsonGateway);
            w.Ipv4(s.Gateway);
            w.Bytes(JsonLink);
            w.Bytes(s.LinkUp ? JsonTrue : JsonFalse);
            w.Bytes(JsonAddressSource);
            w.Ascii(s.AddressSource);
            w.Bytes(JsonDhcpState);
            w.Ascii(s.DhcpState);
            w.Bytes(JsonServer);
            w.Ipv4(s.DhcpServer);
            w.Bytes(JsonLeaseRemainingMs);
            w.Decimal(s.DhcpLeaseRemainingMs(now));
            w.Bytes(JsonCloseObjects);
        }

        /// <summary>Index 0: the total and the opening; 1..n: part n-1; n+1: the closing.</summary>
        private int WriteMemory(int index)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            int parts = s.MemoryParts;
            if (index == 0)
            {
                long total = 0;
                for (int i = 0; i < parts; i++) total += s.MemoryPartBytes(i);
                w.Bytes(JsonMemoryTotalBytes);
                w.Decimal(total);
                w.Bytes(JsonParts);
                return (SectionMemory << 16) | 1;
            }
            int part = index - 1;
            if (part < parts)
            {
                if (part > 0) w.Byte((byte)',');
                w.Byte((byte)'"');
                w.Ascii(s.MemoryPartName(part));
                w.Bytes(JsonQuoteColon);
                w.Decimal(s.MemoryPartBytes(part));
                return (SectionMemory << 16) | (index + 1);
            }
            w.Bytes(JsonCloseObjects);
            return SectionCounters << 16;
        }

        /// <summary>Index 0: the opening; 1..n: counter n-1; then the closing.</summary>
        private int WriteCounter(int index)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            if (index == 0)
            {
                w.Bytes(JsonCounters);
                return (SectionCounters << 16) | 1;
            }
            int i = index - 1;
            if (i < s.CounterCount)
            {
                if (i > 0) w.Byte((byte)',');
                w.Byte((byte)'"');
                w.Ascii(s.CounterName(i));
                w.Bytes(JsonQuoteColon);
                w.Decimal(s.CounterValue(i));
                return (SectionCounters << 16) | (index + 1);
            }
            w.Byte((byte)'}');
            return SectionArp << 16;
        }

        /// <summary>Index 0: the opening; 1..n: entry n-1 (free ones write nothing); then the closing.</summary>
        private int WriteArp(int item, long now)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            int written = item & Written;
            int index = item & IndexMask;
            if (index == 0)
            {
                w.Bytes(JsonArp);
                return (SectionArp << 16) | 1;
            }
            int i = index - 1;
            if (i >= s.ArpEntries)
            {
                w.Byte((byte)']');
                return SectionTcp << 16;
            }
            string state = s.ArpState(i);
            if (state == ArpFree) return (SectionArp << 16) | written | (index + 1); // value compare with a constant made once
            if (written != 0) w.Byte((byte)',');
            s.CopyArpMac(i, _mac, 0);
            w.Bytes(JsonArpIp);
            w.Ipv4(s.ArpAddress(i));
            w.Bytes(JsonMac);
            w.Mac(_mac, 0);
            w.Bytes(JsonState);
            w.Ascii(state);
            w.Bytes(JsonDeadlineInMs);
            w.Decimal(s.ArpDeadline(i) - now);
            w.Byte((byte)'}');
            return (SectionArp << 16) | Written | (index + 1);
        }

        /// <summary>Index 0: the opening; 1..n: slot n-1 (closed ones write nothing); then the end.</summary>
        private int WriteTcp(int item)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            int written = item & Written;
            int index = item & IndexMask;
            if (index == 0)
            {
                w.Bytes(JsonTcp);
                return (SectionTcp << 16) | 1;
            }
            int i = index - 1;
            if (i >= s.TcpSlots) return SectionEnd << 16;
            TcpState st = s.TcpSlotState(i);
            if (st == TcpState.Closed) return (SectionTcp << 16) | written | (index + 1);
            if (written != 0) w.Byte((byte)',');
            w.Bytes(JsonSlot);
            w.Decimal(i);
            w.Bytes(JsonTcpState);
            w.Ascii(StateName(st));
            w.Bytes(JsonLocal);
            w.Ipv4(s.TcpLocalAddress(i));
            w.Byte((byte)':');
            w.Decimal(s.TcpLocalPort(i));
            w.Bytes(JsonRemote);
            w.Ipv4(s.TcpRemoteAddress(i));
            w.Byte((byte)':');
            w.Decimal(s.TcpRemotePort(i));
            w.Bytes(JsonSndUna);
            w.Unsigned(s.TcpSndUna(i));
            w.Bytes(JsonSndNxt);
            w.Unsigned(s.TcpSndNxt(i));
            w.Bytes(JsonRcvNxt);
            w.Unsigned(s.TcpRcvNxt(i));
            w.Bytes(JsonSndWnd);
            w.Decimal(s.TcpSndWnd(i));
            w.Bytes(JsonRcvWnd);
            w.Decimal(s.TcpRcvWnd(i));
            w.Byte((byte)'}');
            return (SectionTcp << 16) | Written | (index + 1);
        }

        /// <summary>IStatusSource.ArpState's name of a free entry.</summary>
        public static readonly string ArpFree = "Free";

        // RFC 9293 3.3.2 state names, made once (Enum.ToString and literals would allocate).
        private static readonly string Closed = "CLOSED", Listen = "LISTEN", SynSent = "SYN-SENT", SynReceived = "SYN-RECEIVED",
            Established = "ESTABLISHED", FinWait1 = "FIN-WAIT-1", FinWait2 = "FIN-WAIT-2", CloseWait = "CLOSE-WAIT",
            Closing = "CLOSING", LastAck = "LAST-ACK", TimeWait = "TIME-WAIT", Unknown = "UNKNOWN";

        /// <summary>RFC 9293 3.3.2 state names ("SYN-RECEIVED").</summary>
        public static string StateName(TcpState state)
        {
            switch (state)
            {
                case TcpState.Closed: return Closed;
                case TcpState.Listen: return Listen;
                case TcpState.SynSent: return SynSent;
                case TcpState.SynReceived: return SynReceived;
                case TcpState.Established: return Established;
                case TcpState.FinWait1: return FinWait1;
                case TcpState.FinWait2: return FinWait2;
                case TcpState.CloseWait: return CloseWait;
                case TcpState.Closing: return Closing;
                case TcpState.LastAck: return LastAck;
                case TcpState.TimeWait: return TimeWait;
                default: return Unknown;
            }
        }
    }
}
