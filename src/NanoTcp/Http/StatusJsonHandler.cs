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

        private readonly IStatusSource _source;
        private readonly AsciiWriter _w = new AsciiWriter();
        private readonly byte[] _mac = new byte[6];

        public StatusJsonHandler(IStatusSource source)
        {
            if (source == null) throw new System.ArgumentNullException("source", "Pass the IStatusSource (Device.DeviceStatus for a whole device) to report.");
            _source = source;
        }

        public void Handle(HttpRequest request, HttpResponse response)
        {
            response.ContentType = HttpContentType.Json;
            response.AddHeader("Cache-Control", "no-store");
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
                    _w.Ascii("]}\n");
                    return HttpBodyState.Done;
            }
        }

        private void WriteDevice(long now)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            w.Ascii("{\"device\":{\"name\":\"");
            w.Ascii(s.DeviceName);
            w.Ascii("\",\"chip\":\"");
            w.Ascii(s.ChipName);
            w.Ascii("\"},\"uptimeMs\":");
            w.Decimal(now - s.StartedAtMs);
        }

        private void WriteInterface(long now)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            w.Ascii(",\"interface\":{\"mac\":\"");
            w.Mac(s.MacAddress, 0);
            w.Ascii("\",\"ip\":\"");
            w.Ipv4(s.IpAddress);
            w.Ascii("\",\"mask\":\"");
            w.Ipv4(s.SubnetMask);
            w.Ascii("\",\"gateway\":\"");
            w.Ipv4(s.Gateway);
            w.Ascii("\",\"link\":");
            w.Ascii(s.LinkUp ? "true" : "false");
            w.Ascii(",\"addressSource\":\"");
            w.Ascii(s.AddressSource);
            w.Ascii("\",\"dhcp\":{\"state\":\"");
            w.Ascii(s.DhcpState);
            w.Ascii("\",\"server\":\"");
            w.Ipv4(s.DhcpServer);
            w.Ascii("\",\"leaseRemainingMs\":");
            w.Decimal(s.DhcpLeaseRemainingMs(now));
            w.Ascii("}}");
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
                w.Ascii(",\"memory\":{\"totalBytes\":");
                w.Decimal(total);
                w.Ascii(",\"parts\":{");
                return (SectionMemory << 16) | 1;
            }
            int part = index - 1;
            if (part < parts)
            {
                if (part > 0) w.Byte((byte)',');
                w.Byte((byte)'"');
                w.Ascii(s.MemoryPartName(part));
                w.Ascii("\":");
                w.Decimal(s.MemoryPartBytes(part));
                return (SectionMemory << 16) | (index + 1);
            }
            w.Ascii("}}");
            return SectionCounters << 16;
        }

        /// <summary>Index 0: the opening; 1..n: counter n-1; then the closing.</summary>
        private int WriteCounter(int index)
        {
            IStatusSource s = _source;
            AsciiWriter w = _w;
            if (index == 0)
            {
                w.Ascii(",\"counters\":{");
                return (SectionCounters << 16) | 1;
            }
            int i = index - 1;
            if (i < s.CounterCount)
            {
                if (i > 0) w.Byte((byte)',');
                w.Byte((byte)'"');
                w.Ascii(s.CounterName(i));
                w.Ascii("\":");
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
                w.Ascii(",\"arp\":[");
                return (SectionArp << 16) | 1;
            }
            int i = index - 1;
            if (i >= s.ArpEntries)
            {
                w.Byte((byte)']');
                return SectionTcp << 16;
            }
            string state = s.ArpState(i);
            if (state == "Free") return (SectionArp << 16) | written | (index + 1); // constant string compare: reference/ordinal, no allocation
            if (written != 0) w.Byte((byte)',');
            s.CopyArpMac(i, _mac, 0);
            w.Ascii("{\"ip\":\"");
            w.Ipv4(s.ArpAddress(i));
            w.Ascii("\",\"mac\":\"");
            w.Mac(_mac, 0);
            w.Ascii("\",\"state\":\"");
            w.Ascii(state);
            w.Ascii("\",\"deadlineInMs\":");
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
                w.Ascii(",\"tcp\":[");
                return (SectionTcp << 16) | 1;
            }
            int i = index - 1;
            if (i >= s.TcpSlots) return SectionEnd << 16;
            TcpState st = s.TcpSlotState(i);
            if (st == TcpState.Closed) return (SectionTcp << 16) | written | (index + 1);
            if (written != 0) w.Byte((byte)',');
            w.Ascii("{\"slot\":");
            w.Decimal(i);
            w.Ascii(",\"state\":\"");
            w.Ascii(StateName(st));
            w.Ascii("\",\"local\":\"");
            w.Ipv4(s.TcpLocalAddress(i));
            w.Byte((byte)':');
            w.Decimal(s.TcpLocalPort(i));
            w.Ascii("\",\"remote\":\"");
            w.Ipv4(s.TcpRemoteAddress(i));
            w.Byte((byte)':');
            w.Decimal(s.TcpRemotePort(i));
            w.Ascii("\",\"sndUna\":");
            w.Unsigned(s.TcpSndUna(i));
            w.Ascii(",\"sndNxt\":");
            w.Unsigned(s.TcpSndNxt(i));
            w.Ascii(",\"rcvNxt\":");
            w.Unsigned(s.TcpRcvNxt(i));
            w.Ascii(",\"sndWnd\":");
            w.Decimal(s.TcpSndWnd(i));
            w.Ascii(",\"rcvWnd\":");
            w.Decimal(s.TcpRcvWnd(i));
            w.Byte((byte)'}');
            return (SectionTcp << 16) | Written | (index + 1);
        }

        /// <summary>RFC 9293 3.3.2 state names as constants (Enum.ToString would allocate).</summary>
        public static string StateName(TcpState state)
        {
            switch (state)
            {
                case TcpState.Closed: return "CLOSED";
                case TcpState.Listen: return "LISTEN";
                case TcpState.SynSent: return "SYN-SENT";
                case TcpState.SynReceived: return "SYN-RECEIVED";
                case TcpState.Established: return "ESTABLISHED";
                case TcpState.FinWait1: return "FIN-WAIT-1";
                case TcpState.FinWait2: return "FIN-WAIT-2";
                case TcpState.CloseWait: return "CLOSE-WAIT";
                case TcpState.Closing: return "CLOSING";
                case TcpState.LastAck: return "LAST-ACK";
                case TcpState.TimeWait: return "TIME-WAIT";
                default: return "UNKNOWN";
            }
        }
    }
}
