using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// GET /status.json: the interface, every counter, the ARP table and the live TCP
    /// connection table, written straight into the response buffer (no strings, no
    /// allocation). Needs a ResponseBufferSize of about 6 KB with default table sizes;
    /// a smaller buffer gives 500 (counted in HttpOverflows) rather than cut JSON.
    /// </summary>
    public sealed class StatusJsonHandler : IHttpHandler
    {
        private readonly IStatusSource _source;
        private readonly byte[] _mac = new byte[6];
        private readonly long _startMs;

        public StatusJsonHandler(IStatusSource source, long startMs)
        {
            if (source == null) throw new System.ArgumentNullException("source", "Pass the IStatusSource (e.g. a StackStatusSource) to report.");
            _source = source;
            _startMs = startMs;
        }

        public void Handle(HttpRequest request, HttpResponse response)
        {
            IStatusSource s = _source;
            long now = request.NowMs;
            response.ContentType = HttpContentType.Json;
            response.AddHeader("Cache-Control", "no-store");
            response.WriteAscii("{\"uptimeMs\":");
            response.WriteDecimal(now - _startMs);

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
            response.WriteAscii(",\"dhcp\":{\"state\":\"");
            response.WriteAscii(s.DhcpState);
            response.WriteAscii("\",\"server\":\"");
            response.WriteIpv4(s.DhcpServer);
            response.WriteAscii("\",\"leaseRemainingMs\":");
            response.WriteDecimal(s.DhcpLeaseRemainingMs(now));
            response.WriteAscii("}}");

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
