using System;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Services;
using NanoTcp.Tcp;

namespace NanoTcp.Device
{
    /// <summary>
    /// The composition root: builds one device from DeviceOptions, bottom up, and runs it.
    /// <code>
    ///   INetDevice → NetworkInterface (Ethernet, ARP, IPv4, ICMP, UDP, DHCP)
    ///              → TcpStack
    ///              → HttpServer with the status page (GET /, GET /status.json) and GET /bench
    ///              → SmallServices (echo 7, discard 9, chargen 19)
    /// </code>
    /// Every buffer is allocated here, in the constructor; Memory says how many bytes each
    /// part fixed. Start(nowMs) takes the address (static, or DHCP with the static fallback)
    /// and opens the listeners; then one loop calls Poll(nowMs) and sleeps until
    /// NextDeadline(nowMs) or until the device signals a frame. Nothing allocates after
    /// construction.
    ///
    /// Files: this one (assembly and the loop), DeviceStack.Address.cs (static, DHCP and the
    /// fallback), DeviceStatus.cs (what the status page reads), MemoryReport.cs.
    /// </summary>
    public sealed partial class DeviceStack
    {
        private readonly DeviceOptions _options;
        private readonly NetworkInterface _iface;
        private readonly TcpStack _tcp;
        private readonly HttpServer _http;
        private readonly SmallServices _services;
        private readonly DeviceStatus _status;
        private readonly MemoryReport _memory;
        private bool _started;
        private long _startedAtMs;

        /// <summary>Builds the device. Throws ArgumentException for options that do not fit
        /// together; the message names the setting.</summary>
        public DeviceStack(DeviceOptions options)
        {
            if (options == null) throw new ArgumentNullException("options", "Pass DeviceOptions (DeviceProfiles has ready-made ones) with at least NetDevice and Entropy set.");
            options.Validate();
            _options = CompleteCopy(options);

            _iface = new NetworkInterface(_options.NetDevice, _options.Net);
            _tcp = new TcpStack(_iface, _options.Tcp);
            _iface.AddTransport(_tcp);
            if (_options.Http != null) _http = new HttpServer(_tcp, _options.Http);
            if (_options.Services != null && _options.Services.AnyTcpService) _services = new SmallServices(_tcp, _options.Services);
            _status = new DeviceStatus(this);
            if (_http != null)
            {
                if (_options.StatusPage) StatusPage.Register(_http, _status);
                if (_options.Services != null && _options.Services.Bench)
                    _http.Route("GET", BenchContent.Path, new StaticContentHandler(BenchContent.Body, HttpContentType.Text));
            }
            _memory = MemoryReport.For(_options);
        }

        /// <summary>The options the device was built with (a completed copy: Tcp.Secret filled).</summary>
        public DeviceOptions Options { get { return _options; } }
        public NetworkInterface Interface { get { return _iface; } }
        public TcpStack Tcp { get { return _tcp; } }
        /// <summary>The web server, or null when DeviceOptions.Http was null.</summary>
        public HttpServer Http { get { return _http; } }
        /// <summary>Echo, discard and chargen, or null when none is on.</summary>
        public SmallServices Services { get { return _services; } }
        /// <summary>What the status page shows, for other pages or a console.</summary>
        public DeviceStatus Status { get { return _status; } }
        /// <summary>The bytes this device fixed at construction, by part.</summary>
        public MemoryReport Memory { get { return _memory; } }
        public bool Started { get { return _started; } }
        /// <summary>The time given to Start (the status page's uptime counts from it).</summary>
        public long StartedAtMs { get { return _startedAtMs; } }

        /// <summary>Takes the address (static, or starts DHCP with its fallback deadline) and
        /// opens the web server's and the services' listeners.</summary>
        public void Start(long nowMs)
        {
            if (_started) throw new InvalidOperationException("DeviceStack.Start was already called; call it once, then Poll.");
            _started = true;
            _startedAtMs = nowMs;
            StartAddress(nowMs);
            if (_http != null) _http.Start();
            if (_services != null) _services.Start();
        }

        /// <summary>Runs the stack, the web server and the services once. Whatever they queued
        /// for sending goes out in the same call.</summary>
        public void Poll(long nowMs)
        {
            _iface.Poll(nowMs);
            if (_http != null) _http.Poll(nowMs);
            if (_services != null) _services.Poll(nowMs);
            PollAddress(nowMs);
            // The applications above may have queued segments: send them now rather than
            // after the caller's next sleep (TcpStack reports pending output as due now).
            if (_iface.NextDeadline(nowMs) <= nowMs) _iface.Poll(nowMs);
        }

        /// <summary>Earliest absolute time Poll has work (timers, the DHCP fallback, pending
        /// output), or long.MaxValue. Frames arriving earlier are signalled by the device.</summary>
        public long NextDeadline(long nowMs)
        {
            long next = _iface.NextDeadline(nowMs);
            if (_http != null)
            {
                long d = _http.NextDeadline(nowMs);
                if (d < next) next = d;
            }
            long a = AddressDeadline();
            return a < next ? a : next;
        }

        /// <summary>Copies every layer's options (so the caller's object can build other
        /// devices) and draws the TCP secret from the entropy source.</summary>
        private static DeviceOptions CompleteCopy(DeviceOptions o)
        {
            DeviceOptions c = new DeviceOptions();
            c.NetDevice = o.NetDevice;
            c.DriverCounters = o.DriverCounters;
            c.Name = o.Name;
            c.Chip = o.Chip;
            c.Entropy = o.Entropy;
            c.Address = o.Address.Clone();
            c.Net = o.Net.Clone();
            c.Tcp = o.Tcp.Clone();
            c.Http = o.Http != null ? o.Http.Clone() : null;
            c.StatusPage = o.StatusPage;
            c.Services = o.Services != null ? o.Services.Clone() : null;
            if (c.Tcp.Secret == null)
            {
                // RFC 6528 3 / RFC 6056 3.3.3: a secret the off-path attacker cannot guess.
                byte[] secret = new byte[16];
                o.Entropy.GetBytes(secret, 0, secret.Length);
                c.Tcp.Secret = secret;
            }
            return c;
        }
    }
}
