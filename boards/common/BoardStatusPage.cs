using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Boards
{
    /// <summary>
    /// The board's own pages: "/" (HTML for a browser) and "/api/status" (JSON for scripts):
    /// board, chip, MAC, address and where it came from, DHCP lease, link, uptime and the
    /// interface and web-server counters. Written with HttpResponse's ASCII and number
    /// writers, so a request allocates nothing.
    /// </summary>
    public sealed class BoardStatusPage : IHttpHandler
    {
        public const string JsonPathText = "/api/status";
        private static readonly byte[] JsonPath = HttpAscii.Bytes(JsonPathText);

        private readonly BoardApp _app;
        private readonly string _chip;

        public BoardStatusPage(BoardApp app, string chipName)
        {
            _app = app;
            _chip = chipName;
        }

        public void Handle(HttpRequest request, HttpResponse response)
        {
            if (request.PathEquals(JsonPath)) WriteJson(response);
            else WriteHtml(response);
        }

        private void WriteHtml(HttpResponse r)
        {
            NetworkInterface iface = _app.Interface;
            InterfaceCounters c = iface.Counters;
            r.ContentType = HttpContentType.Html;
            r.WriteAscii("<!doctype html><html><head><meta charset=\"utf-8\"><title>NanoTcp ");
            r.WriteAscii(_app.Config.BoardName);
            r.WriteAscii("</title><meta name=\"viewport\" content=\"width=device-width\"></head><body style=\"font-family:sans-serif\"><h1>NanoTcp on ");
            r.WriteAscii(_app.Config.BoardName);
            r.WriteAscii("</h1><table>");
            FirstRow(r, "Chip"); r.WriteAscii(_chip);
            Row(r, "MAC"); r.WriteMac(iface.MacAddress, 0);
            Row(r, "Address"); r.WriteIpv4(iface.LocalAddress); r.WriteAscii(" / "); r.WriteIpv4(iface.SubnetMask);
            Row(r, "Gateway"); r.WriteIpv4(iface.Gateway);
            Row(r, "From"); r.WriteAscii(AddressSource());
            Row(r, "DHCP server"); r.WriteIpv4(iface.Dhcp.ServerAddress);
            Row(r, "Lease (s)"); r.WriteDecimal(iface.Dhcp.LeaseSeconds);
            Row(r, "Link"); r.WriteAscii(_app.LinkUp ? "up" : "down");
            Row(r, "Uptime (s)"); r.WriteDecimal(_app.UptimeMs / 1000);
            Row(r, "Frames in / out"); r.WriteDecimal(c.FramesIn); r.WriteAscii(" / "); r.WriteDecimal(c.FramesOut);
            Row(r, "Bytes in / out"); r.WriteDecimal(c.BytesIn); r.WriteAscii(" / "); r.WriteDecimal(c.BytesOut);
            Row(r, "HTTP requests"); r.WriteDecimal(_app.Http.Counters.Requests);
            Row(r, "HTTP connections now"); r.WriteDecimal(_app.Http.ActiveConnections);
            r.WriteAscii("</td></tr></table><p>JSON: <a href=\"");
            r.WriteAscii(JsonPathText);
            r.WriteAscii("\">");
            r.WriteAscii(JsonPathText);
            r.WriteAscii("</a></p></body></html>\n");
        }

        private static void FirstRow(HttpResponse r, string name)
        {
            r.WriteAscii("<tr><th align=\"left\">");
            r.WriteAscii(name);
            r.WriteAscii("</th><td>");
        }

        /// <summary>Closes the previous row's value cell and opens the next row.</summary>
        private static void Row(HttpResponse r, string name)
        {
            r.WriteAscii("</td></tr>");
            FirstRow(r, name);
        }

        private void WriteJson(HttpResponse r)
        {
            NetworkInterface iface = _app.Interface;
            InterfaceCounters c = iface.Counters;
            r.ContentType = HttpContentType.Json;
            r.WriteAscii("{\"board\":\""); r.WriteAscii(_app.Config.BoardName);
            r.WriteAscii("\",\"chip\":\""); r.WriteAscii(_chip);
            r.WriteAscii("\",\"mac\":\""); r.WriteMac(iface.MacAddress, 0);
            r.WriteAscii("\",\"address\":\""); r.WriteIpv4(iface.LocalAddress);
            r.WriteAscii("\",\"mask\":\""); r.WriteIpv4(iface.SubnetMask);
            r.WriteAscii("\",\"gateway\":\""); r.WriteIpv4(iface.Gateway);
            r.WriteAscii("\",\"source\":\""); r.WriteAscii(AddressSource());
            r.WriteAscii("\",\"dhcpServer\":\""); r.WriteIpv4(iface.Dhcp.ServerAddress);
            r.WriteAscii("\",\"leaseSeconds\":"); r.WriteDecimal(iface.Dhcp.LeaseSeconds);
            r.WriteAscii(",\"link\":"); r.WriteAscii(_app.LinkUp ? "true" : "false");
            r.WriteAscii(",\"uptimeSeconds\":"); r.WriteDecimal(_app.UptimeMs / 1000);
            r.WriteAscii(",\"framesIn\":"); r.WriteDecimal(c.FramesIn);
            r.WriteAscii(",\"framesOut\":"); r.WriteDecimal(c.FramesOut);
            r.WriteAscii(",\"bytesIn\":"); r.WriteDecimal(c.BytesIn);
            r.WriteAscii(",\"bytesOut\":"); r.WriteDecimal(c.BytesOut);
            r.WriteAscii(",\"httpRequests\":"); r.WriteDecimal(_app.Http.Counters.Requests);
            r.WriteAscii(",\"httpConnections\":"); r.WriteDecimal(_app.Http.ActiveConnections);
            r.WriteAscii("}\n");
        }

        private string AddressSource()
        {
            if (_app.Interface.LocalAddress == 0) return "none yet";
            if (_app.UsingStaticFallback) return "static (DHCP fallback)";
            return _app.Config.UseDhcp ? "dhcp" : "static";
        }
    }
}
