using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// GET /status.json: the device, the interface, the memory fixed at construction by
    /// part, every counter, the ARP table and the live TCP connection table, written straight
    /// into the response buffer (no strings, no allocation). The buffer must hold it all
    /// (MaxLength says how much for a given source); a smaller one gives 500 (counted in
    /// HttpOverflows) rather than cut JSON.
    ///
    /// Fields: device{name, chip}, uptimeMs, interface{mac, ip, mask, gateway, link,
    /// addressSource, dhcp{state, server, leaseRemainingMs}}, memory{totalBytes, parts{...}},
    /// counters{...}, arp[{ip, mac, state, deadlineInMs}], tcp[{slot, state, local, remote,
    /// sndUna, sndNxt, rcvNxt, sndWnd, rcvWnd}].
    /// </summary>
    public sealed class StatusJsonHandler : IHttpHandler
    {
        private readonly IStatusSource _source;
        private readonly byte[] _mac = new byte[6];

        public StatusJsonHandler(IStatusSource source)
        {
            if (source == null) throw new System.ArgumentNullException("source", "Pass the IStatusSource (Device.DeviceStatus for a whole device) to report.");
            _source = source;
        }

        public void Handle(HttpRequest request, HttpResponse response)
        {
            IStatusSource s = _source;
            long now = request.NowMs;
            response.ContentType = HttpContentType.Json;
            response.AddHeader("Cache-Control", "no-store");
            response.WriteAscii("{\"device\":{\"name\":\"");
            response.WriteAscii(s.DeviceName);
            response.WriteAscii("\",\"chip\":\"");
            response.WriteAscii(s.ChipName);
            response.WriteAscii("\"},\"uptimeMs\":");
            response.WriteDecimal(now - s.StartedAtMs);

            response.WriteAscii(",\"interface\":{\"mac\":\"");
            response.WriteMac(s.MacAddress, 0);
            response.WriteAscii("\",\"ip\":\"");
            response.WriteIpv4(s.IpAddress);
            response.WriteAscii("\",\"mask\":\"");
            response.WriteIpv4(s.SubnetMask);
            response.WriteAscii("\",\"gateway\":\"");
            response.WriteIpv4(s.Gateway);
            response.WriteAscii("\",\"link\":");
            response.WriteAscii(s.LinkUp ? "true" : "false");
            response.WriteAscii(",\"addressSource\":\"");
            response.WriteAscii(s.AddressSource);
            response.WriteAscii("\",\"dhcp\":{\"state\":\"");
            response.WriteAscii(s.DhcpState);
            response.WriteAscii("\",\"server\":\"");
            response.WriteIpv4(s.DhcpServer);
            response.WriteAscii("\",\"leaseRemainingMs\":");
            response.WriteDecimal(s.DhcpLeaseRemainingMs(now));
            response.WriteAscii("}}");

            WriteMemory(s, response);

            response.WriteAscii(",\"counters\":{");
            int n = s.CounterCount;
            for (int i = 0; i < n; i++)
            {
                if (i > 0) response.WriteByte((byte)',');
                response.WriteByte((byte)'"');
                response.WriteAscii(s.CounterName(i));
                response.WriteAscii("\":");
                response.WriteDecimal(s.CounterValue(i));
            }
            response.WriteByte((byte)'}');

            response.WriteAscii(",\"arp\":[");
            bool first = true;
            for (int i = 0; i < s.ArpEntries; i++)
            {
                string state = s.ArpState(i);
                if (state == "Free") continue; // constant string compare: reference/ordinal, no allocation
                if (!first) response.WriteByte((byte)',');
                first = false;
                s.CopyArpMac(i, _mac, 0);
                response.WriteAscii("{\"ip\":\"");
                response.WriteIpv4(s.ArpAddress(i));
                response.WriteAscii("\",\"mac\":\"");
                response.WriteMac(_mac, 0);
                response.WriteAscii("\",\"state\":\"");
                response.WriteAscii(state);
                response.WriteAscii("\",\"deadlineInMs\":");
                response.WriteDecimal(s.ArpDeadline(i) - now);
                response.WriteByte((byte)'}');
            }
            response.WriteByte((byte)']');

            response.WriteAscii(",\"tcp\":[");
            first = true;
            for (int i = 0; i < s.TcpSlots; i++)
            {
                TcpState st = s.TcpSlotState(i);
                if (st == TcpState.Closed) continue;
                if (!first) response.WriteByte((byte)',');
                first = false;
                response.WriteAscii("{\"slot\":");
                response.WriteDecimal(i);
                response.WriteAscii(",\"state\":\"");
                response.WriteAscii(StateName(st));
                response.WriteAscii("\",\"local\":\"");
                response.WriteIpv4(s.TcpLocalAddress(i));
                response.WriteByte((byte)':');
                response.WriteDecimal(s.TcpLocalPort(i));
                response.WriteAscii("\",\"remote\":\"");
                response.WriteIpv4(s.TcpRemoteAddress(i));
                response.WriteByte((byte)':');
                response.WriteDecimal(s.TcpRemotePort(i));
                response.WriteAscii("\",\"sndUna\":");
                response.WriteUnsigned(s.TcpSndUna(i));
                response.WriteAscii(",\"sndNxt\":");
                response.WriteUnsigned(s.TcpSndNxt(i));
                response.WriteAscii(",\"rcvNxt\":");
                response.WriteUnsigned(s.TcpRcvNxt(i));
                response.WriteAscii(",\"sndWnd\":");
                response.WriteDecimal(s.TcpSndWnd(i));
                response.WriteAscii(",\"rcvWnd\":");
                response.WriteDecimal(s.TcpRcvWnd(i));
                response.WriteByte((byte)'}');
            }
            response.WriteAscii("]}\n");
        }

        private static void WriteMemory(IStatusSource s, HttpResponse response)
        {
            long total = 0;
            int parts = s.MemoryParts;
            for (int i = 0; i < parts; i++) total += s.MemoryPartBytes(i);
            response.WriteAscii(",\"memory\":{\"totalBytes\":");
            response.WriteDecimal(total);
            response.WriteAscii(",\"parts\":{");
            for (int i = 0; i < parts; i++)
            {
                if (i > 0) response.WriteByte((byte)',');
                response.WriteByte((byte)'"');
                response.WriteAscii(s.MemoryPartName(i));
                response.WriteAscii("\":");
                response.WriteDecimal(s.MemoryPartBytes(i));
            }
            response.WriteAscii("}}");
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
