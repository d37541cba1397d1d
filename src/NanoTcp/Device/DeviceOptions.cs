using System;
using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Services;
using NanoTcp.Tcp;

namespace NanoTcp.Device
{
    /// <summary>
    /// Everything that describes one device, in one object: the network device (chip driver,
    /// TAP, cable end), its addresses, the entropy source, each layer's sizes, and which
    /// services run. DeviceStack builds the whole device from it, and that is the only way a
    /// device is assembled (ESP32 apps, desktop board apps, self-test, nanotcp serve, the TAP
    /// runner and the test kit all go through it). DeviceProfiles holds ready-made ones.
    ///
    /// The sub-objects belong to their layers (Net.NetOptions, Tcp.TcpOptions,
    /// Http.HttpServerOptions, Services.ServiceOptions); DeviceStack copies them before it
    /// completes them, so one DeviceOptions can build several devices.
    /// </summary>
    public sealed class DeviceOptions
    {
        /// <summary>The network device: a chip driver after Initialize(), a TapDevice, a cable end.</summary>
        public INetDevice NetDevice;
        /// <summary>The chip driver's counters for the status page, or null (TAP, cable).</summary>
        public DriverCounters DriverCounters;
        /// <summary>Shown on the status page ("esp32-w5500"). An ASCII constant.</summary>
        public string Name = "nanotcp";
        /// <summary>What carries the frames, for the status page ("W5500", "ENC28J60", "TAP"). An ASCII constant.</summary>
        public string Chip = "none";
        /// <summary>Where the TCP secret comes from (RFC 6528, RFC 6056). Required unless Tcp.Secret is set.</summary>
        public IEntropySource Entropy;

        /// <summary>DHCP with a static fallback, or static only.</summary>
        public AddressOptions Address = new AddressOptions();
        /// <summary>Link, IP, ARP, UDP.</summary>
        public NetOptions Net = new NetOptions();
        /// <summary>TCP sizes and timings.</summary>
        public TcpOptions Tcp = new TcpOptions();
        /// <summary>The web server; null for a device without one (no status page either).</summary>
        public HttpServerOptions Http = new HttpServerOptions();
        /// <summary>Serve the status page (GET /) and its JSON (GET /status.json) on the web server.</summary>
        public bool StatusPage = true;
        /// <summary>Echo, discard, chargen and GET /bench; null for none.</summary>
        public ServiceOptions Services;

        /// <summary>Throws ArgumentException naming the bad setting and what to do.</summary>
        public void Validate()
        {
            if (NetDevice == null)
                throw new ArgumentException("DeviceOptions.NetDevice must be set: pass the initialised chip driver (W5500Device, Enc28j60Device), a TapDevice or a cable end.", "NetDevice");
            if (Address == null) throw new ArgumentException("DeviceOptions.Address must be set (new AddressOptions() asks DHCP).", "Address");
            if (Net == null) throw new ArgumentException("DeviceOptions.Net must be set (new NetOptions() for the defaults).", "Net");
            if (Tcp == null) throw new ArgumentException("DeviceOptions.Tcp must be set (new TcpOptions() for the defaults).", "Tcp");
            if (Name == null || Chip == null) throw new ArgumentException("DeviceOptions.Name and Chip must be ASCII constants such as \"esp32-w5500\" and \"W5500\".", "Name");
            if (Entropy == null && Tcp.Secret == null)
                throw new ArgumentException("DeviceOptions.Entropy must be set: an IEntropySource over the board's random generator (ESP32 hardware RNG; desktop System.Security.Cryptography.RandomNumberGenerator), or set Tcp.Secret to 16 random bytes.", "Entropy");
            Address.Validate();
            Net.Validate();
            Tcp.Validate();
            if (Http != null) Http.Validate();
            if (Services != null) Services.Validate();
            if (StatusPage && Http == null)
                throw new ArgumentException("DeviceOptions.StatusPage needs a web server: set Http (new HttpServerOptions()) or turn StatusPage off.", "StatusPage");
            if (StatusPage && Http.ResponseBufferSize < StatusJsonHandler.MinimumPiece + 16)
                throw new ArgumentException("DeviceOptions.Http.ResponseBufferSize must be at least " + (StatusJsonHandler.MinimumPiece + 16).ToString()
                    + " for the status page: the status JSON is written into it piece by piece.", "Http");
            if (Services != null && Services.Bench && Http == null)
                throw new ArgumentException("DeviceOptions.Services.Bench (GET /bench) needs a web server: set Http or turn Bench off.", "Services");
            int listeners = ListenersNeeded();
            if (listeners > Tcp.Listeners)
                throw new ArgumentException("DeviceOptions.Tcp.Listeners must be at least " + listeners.ToString() + " for the web server and services chosen (it is " + Tcp.Listeners.ToString() + ").", "Tcp");
        }

        /// <summary>TCP listeners the chosen web server and services take.</summary>
        public int ListenersNeeded()
        {
            int n = Http != null ? 1 : 0;
            if (Services != null)
            {
                if (Services.Echo) n++;
                if (Services.Discard) n++;
                if (Services.Chargen) n++;
            }
            return n;
        }
    }
}
