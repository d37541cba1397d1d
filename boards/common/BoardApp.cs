using System;
using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Boards
{
    /// <summary>
    /// The part every board app shares once its chip driver is up: the interface with DHCP
    /// and a static fallback, TCP, the device web server, link watching and the console
    /// messages. The ESP32 apps (nanoFramework) and the desktop apps (Raspberry Pi, FT232H)
    /// compile this same file, so it uses only what nanoFramework's mscorlib v1 has.
    ///
    /// One thread, one loop, time passed in:
    /// <code>
    ///   app.Start(now);
    ///   while (true) { app.Poll(now); sleep up to app.SleepBudgetMs(now) or until INT; }
    /// </code>
    /// Strings are built only when something changes (start-up, link, DHCP, the periodic
    /// counters line), never per packet.
    /// </summary>
    public sealed class BoardApp
    {
        private readonly INetDevice _device;
        private readonly BoardConfig _config;
        private readonly IBoardLog _log;
        private readonly NetworkInterface _iface;
        private readonly TcpStack _tcp;
        private readonly HttpServer _http;
        private readonly BoardStatusPage _page;

        private long _startedAtMs;
        private long _nextLinkCheckMs;
        private long _nextStatsMs;
        private long _dhcpGiveUpAtMs;
        private bool _linkKnown;
        private bool _linkUp;
        private bool _fellBack;
        private DhcpState _lastDhcpState;
        private uint _lastAddress;

        /// <param name="device">The chip driver, already initialised (or any INetDevice).</param>
        /// <param name="chipName">"W5500" or "ENC28J60", for the console and the status page.</param>
        public BoardApp(INetDevice device, string chipName, BoardConfig config, StackOptions options, IBoardLog log)
        {
            if (device == null) throw new ArgumentNullException("device", "Initialise the chip driver first and pass it here.");
            if (config == null) config = new BoardConfig();
            if (options == null) options = new StackOptions();
            if (log == null) throw new ArgumentNullException("log", "Pass the board's console (IBoardLog).");
            _device = device;
            _config = config;
            _log = log;
            _iface = new NetworkInterface(device, options);
            _tcp = new TcpStack(_iface, options);
            _iface.AddTransport(_tcp);

            HttpServerOptions http = new HttpServerOptions();
            http.Port = config.HttpPort;
            _http = new HttpServer(_tcp, http);
            _page = new BoardStatusPage(this, chipName);
            _http.Route("GET", "/", _page);
            _http.Route("GET", BoardStatusPage.JsonPathText, _page);
            ChipName = chipName;
        }

        public string ChipName { get; private set; }
        public BoardConfig Config { get { return _config; } }
        public INetDevice Device { get { return _device; } }
        public NetworkInterface Interface { get { return _iface; } }
        public TcpStack Tcp { get { return _tcp; } }
        public HttpServer Http { get { return _http; } }

        /// <summary>The time of the last Poll, for the status page's uptime.</summary>
        public long NowMs { get; private set; }
        public long UptimeMs { get { return NowMs - _startedAtMs; } }

        /// <summary>Link state as last read (the read happens every LinkCheckIntervalMs).</summary>
        public bool LinkUp { get { return _linkUp; } }

        /// <summary>True once DHCP gave up and the static fallback address is in use.</summary>
        public bool UsingStaticFallback { get { return _fellBack; } }

        /// <summary>Starts DHCP (or sets the static address) and the web server.</summary>
        public void Start(long nowMs)
        {
            NowMs = nowMs;
            _startedAtMs = nowMs;
            _log.Line("MAC " + FormatMac(_device.MacAddress));
            if (_config.UseDhcp)
            {
                _iface.StartDhcp(nowMs);
                _dhcpGiveUpAtMs = nowMs + _config.DhcpTimeoutMs;
                _log.Line("DHCP: asking for an address (static fallback " + FormatAddress(_config.StaticAddress, _config.StaticSubnetMask) +
                          " after " + (_config.DhcpTimeoutMs / 1000).ToString() + " s)");
            }
            else
            {
                _iface.SetStaticAddress(_config.StaticAddress, _config.StaticSubnetMask, _config.StaticGateway, nowMs);
                _log.Line("Static address " + FormatAddress(_config.StaticAddress, _config.StaticSubnetMask) +
                          ", gateway " + Ipv4Address.ToString(_config.StaticGateway));
            }
            _http.Start();
            _nextLinkCheckMs = nowMs;
            _nextStatsMs = _config.StatsIntervalMs > 0 ? nowMs + _config.StatsIntervalMs : long.MaxValue;
            ReportAddress();
        }

        /// <summary>Runs the stack and the web server once, then reports what changed.</summary>
        public void Poll(long nowMs)
        {
            NowMs = nowMs;
            _iface.Poll(nowMs);
            _http.Poll(nowMs);

            if (nowMs >= _nextLinkCheckMs)
            {
                _nextLinkCheckMs = nowMs + _config.LinkCheckIntervalMs;
                CheckLink();
            }

            DhcpState state = _iface.Dhcp.State;
            if (state != _lastDhcpState)
            {
                _lastDhcpState = state;
                if (state == DhcpState.Bound)
                {
                    _log.Line("DHCP: bound " + FormatAddress(_iface.LocalAddress, _iface.SubnetMask) +
                              ", gateway " + Ipv4Address.ToString(_iface.Gateway) +
                              ", server " + Ipv4Address.ToString(_iface.Dhcp.ServerAddress) +
                              ", lease " + _iface.Dhcp.LeaseSeconds.ToString() + " s");
                }
            }

            if (_config.UseDhcp && !_fellBack && _iface.LocalAddress == 0 && nowMs >= _dhcpGiveUpAtMs)
            {
                // No lease in time: use the static address. SetStaticAddress stops the DHCP
                // client, so the address cannot change under open connections later.
                _fellBack = true;
                _iface.SetStaticAddress(_config.StaticAddress, _config.StaticSubnetMask, _config.StaticGateway, nowMs);
                _log.Line("DHCP: no lease after " + (_config.DhcpTimeoutMs / 1000).ToString() + " s (" +
                          _iface.Dhcp.DiscoversSent.ToString() + " DISCOVERs sent); using static " +
                          FormatAddress(_config.StaticAddress, _config.StaticSubnetMask) + ", gateway " +
                          Ipv4Address.ToString(_config.StaticGateway));
            }

            ReportAddress();

            if (nowMs >= _nextStatsMs)
            {
                _nextStatsMs = nowMs + _config.StatsIntervalMs;
                InterfaceCounters c = _iface.Counters;
                _log.Line("Stats: frames in " + c.FramesIn.ToString() + ", out " + c.FramesOut.ToString() +
                          ", HTTP requests " + _http.Counters.Requests.ToString() +
                          ", connections now " + _http.ActiveConnections.ToString());
            }
        }

        /// <summary>
        /// Milliseconds the caller may sleep before the next Poll: until the stack's or the
        /// app's next deadline, at most IdlePollMs (the receive polling period when there is no
        /// interrupt line). 0 = poll again now.
        /// </summary>
        public int SleepBudgetMs(long nowMs)
        {
            long next = _iface.NextDeadline(nowMs);
            long d = _http.NextDeadline(nowMs);
            if (d < next) next = d;
            if (_nextLinkCheckMs < next) next = _nextLinkCheckMs;
            if (_nextStatsMs < next) next = _nextStatsMs;
            if (_config.UseDhcp && !_fellBack && _iface.LocalAddress == 0 && _dhcpGiveUpAtMs < next) next = _dhcpGiveUpAtMs;
            long wait = next - nowMs;
            if (wait <= 0) return 0;
            return wait < _config.IdlePollMs ? (int)wait : _config.IdlePollMs;
        }

        private void CheckLink()
        {
            bool up = _device.LinkUp;
            if (_linkKnown && up == _linkUp) return;
            _linkKnown = true;
            _linkUp = up;
            _log.Line(up ? "Link: up" : "Link: down (check the Ethernet cable and the switch port)");
        }

        private void ReportAddress()
        {
            uint address = _iface.LocalAddress;
            if (address == _lastAddress) return;
            _lastAddress = address;
            if (address == 0)
            {
                _log.Line("Address: none yet");
                return;
            }
            string port = _config.HttpPort == 80 ? "" : ":" + _config.HttpPort.ToString();
            _log.Line("HTTP: serving http://" + Ipv4Address.ToString(address) + port + "/ and " + BoardStatusPage.JsonPathText);
        }

        internal static string FormatAddress(uint address, uint mask)
        {
            int prefix = 0;
            for (uint m = mask; (m & 0x80000000u) != 0; m <<= 1) prefix++;
            return Ipv4Address.ToString(address) + "/" + prefix.ToString();
        }

        public static string FormatMac(byte[] mac)
        {
            string s = "";
            for (int i = 0; i < mac.Length; i++)
            {
                if (i > 0) s += ":";
                s += mac[i].ToString("X2");
            }
            return s;
        }
    }
}
