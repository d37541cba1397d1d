using System;
using NanoTcp.Device;
using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Boards
{
    /// <summary>
    /// What every board app adds to the device once its chip driver is up: the console. The
    /// device itself (interface, TCP, web server with the status page, DHCP with its static
    /// fallback) is built by the composition root, DeviceStack, from the DeviceOptions the
    /// board's Program fills in; BoardApp runs it and prints what changes (address, DHCP,
    /// link, a periodic counters line). The ESP32 apps (nanoFramework) and the desktop apps
    /// (Raspberry Pi, FT232H) compile this same file, so it uses only what nanoFramework's
    /// mscorlib v1 has.
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
        private readonly DeviceStack _device;
        private readonly IBoardLog _log;

        private long _nextLinkCheckMs;
        private long _nextStatsMs;
        private bool _linkKnown;
        private bool _linkUp;
        private DhcpState _lastDhcpState;
        private uint _lastAddress;
        private bool _fallbackReported;

        /// <summary>How often the app reads the link state for the console (one SPI read on W5500).</summary>
        public int LinkCheckIntervalMs = 1000;

        /// <summary>How often a counters line is printed; 0 = never.</summary>
        public int StatsIntervalMs = 60000;

        /// <summary>
        /// Longest sleep between polls when nothing is due. With an interrupt pin the loop
        /// wakes early on INT; without one this is the polling period for received frames.
        /// </summary>
        public int IdlePollMs = 2;

        /// <param name="options">The device: its NetDevice (the initialised chip driver),
        /// Entropy, Address, Name and Chip set; DeviceProfiles has the sizes.</param>
        /// <param name="log">The board's console.</param>
        public BoardApp(DeviceOptions options, IBoardLog log)
        {
            if (log == null) throw new ArgumentNullException("log", "Pass the board's console (IBoardLog).");
            _device = new DeviceStack(options);
            _log = log;
        }

        /// <summary>The device the app runs.</summary>
        public DeviceStack Device { get { return _device; } }

        /// <summary>Link state as last read (the read happens every LinkCheckIntervalMs).</summary>
        public bool LinkUp { get { return _linkUp; } }

        /// <summary>Starts the device (address, web server) and prints how it is reached.</summary>
        public void Start(long nowMs)
        {
            DeviceOptions o = _device.Options;
            AddressOptions a = o.Address;
            _log.Line("NanoTcp " + o.Name + " on " + o.Chip + ", MAC " + FormatMac(_device.Interface.MacAddress)
                      + ", " + _device.Memory.Total.ToString() + " bytes fixed at start");
            if (a.UseDhcp)
            {
                string fallback = a.StaticAddress == 0 || a.DhcpTimeoutMs == 0 ? "no static fallback"
                    : "static fallback " + FormatAddress(a.StaticAddress, a.StaticSubnetMask) + " after " + (a.DhcpTimeoutMs / 1000).ToString() + " s";
                _log.Line("DHCP: asking for an address (" + fallback + ")");
            }
            else
            {
                _log.Line("Static address " + FormatAddress(a.StaticAddress, a.StaticSubnetMask) + ", gateway " + Ipv4Address.ToString(a.StaticGateway));
            }
            _device.Start(nowMs);
            _nextLinkCheckMs = nowMs;
            _nextStatsMs = StatsIntervalMs > 0 ? nowMs + StatsIntervalMs : long.MaxValue;
            ReportAddress();
        }

        /// <summary>Runs the device once, then reports what changed.</summary>
        public void Poll(long nowMs)
        {
            _device.Poll(nowMs);
            NetworkInterface iface = _device.Interface;

            if (nowMs >= _nextLinkCheckMs)
            {
                _nextLinkCheckMs = nowMs + LinkCheckIntervalMs;
                CheckLink();
            }

            DhcpState state = iface.Dhcp.State;
            if (state != _lastDhcpState)
            {
                _lastDhcpState = state;
                if (state == DhcpState.Bound)
                {
                    _log.Line("DHCP: bound " + FormatAddress(iface.LocalAddress, iface.SubnetMask) +
                              ", gateway " + Ipv4Address.ToString(iface.Gateway) +
                              ", server " + Ipv4Address.ToString(iface.Dhcp.ServerAddress) +
                              ", lease " + iface.Dhcp.LeaseSeconds.ToString() + " s");
                }
            }

            if (_device.UsingStaticFallback && !_fallbackReported)
            {
                _fallbackReported = true;
                AddressOptions a = _device.Options.Address;
                _log.Line("DHCP: no lease after " + (a.DhcpTimeoutMs / 1000).ToString() + " s (" +
                          iface.Dhcp.DiscoversSent.ToString() + " DISCOVERs sent); using static " +
                          FormatAddress(a.StaticAddress, a.StaticSubnetMask) + ", gateway " + Ipv4Address.ToString(a.StaticGateway));
            }

            ReportAddress();

            if (nowMs >= _nextStatsMs)
            {
                _nextStatsMs = nowMs + StatsIntervalMs;
                InterfaceCounters c = iface.Counters;
                string http = _device.Http == null ? "" : ", HTTP requests " + _device.Http.Counters.Requests.ToString() +
                              ", connections now " + _device.Http.ActiveConnections.ToString();
                _log.Line("Stats: frames in " + c.FramesIn.ToString() + ", out " + c.FramesOut.ToString() + http);
            }
        }

        /// <summary>
        /// Milliseconds the caller may sleep before the next Poll: until the device's or the
        /// app's next deadline, at most IdlePollMs (the receive polling period when there is no
        /// interrupt line). 0 = poll again now.
        /// </summary>
        public int SleepBudgetMs(long nowMs)
        {
            long next = _device.NextDeadline(nowMs);
            if (_nextLinkCheckMs < next) next = _nextLinkCheckMs;
            if (_nextStatsMs < next) next = _nextStatsMs;
            long wait = next - nowMs;
            if (wait <= 0) return 0;
            return wait < IdlePollMs ? (int)wait : IdlePollMs;
        }

        private void CheckLink()
        {
            bool up = _device.Interface.Device.LinkUp;
            if (_linkKnown && up == _linkUp) return;
            _linkKnown = true;
            _linkUp = up;
            _log.Line(up ? "Link: up" : "Link: down (check the Ethernet cable and the switch port)");
        }

        private void ReportAddress()
        {
            uint address = _device.Interface.LocalAddress;
            if (address == _lastAddress) return;
            _lastAddress = address;
            if (address == 0)
            {
                _log.Line("Address: none yet");
                return;
            }
            if (_device.Http == null) return;
            int port = _device.Options.Http.Port;
            string portText = port == 80 ? "" : ":" + port.ToString();
            _log.Line("HTTP: serving http://" + Ipv4Address.ToString(address) + portText + "/ (status page) and " +
                      Http.StatusPage.JsonPath + " (the same as JSON)");
        }

        internal static string FormatAddress(uint address, uint mask)
        {
            int prefix = 0;
            for (uint m = mask; (m & 0x80000000u) != 0; m <<= 1) prefix++;
            return Ipv4Address.ToString(address) + "/" + prefix.ToString();
        }

        /// <summary>"02:4E:54:00:00:01".</summary>
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
