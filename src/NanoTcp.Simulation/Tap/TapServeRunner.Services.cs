using System.IO;
using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;

namespace NanoTcp.Simulation.Tap
{
    /// <summary>
    /// The device services on the TAP stack (the same set a board serves: the web server with
    /// the status page and GET /bench on 80, echo 7, discard 9, source 19), the pcap wrapper
    /// and DHCP start-up.
    /// </summary>
    public sealed partial class TapServeRunner
    {
        /// <summary>Web connections at once: curl --parallel and benchmark clients open many.</summary>
        public const int HttpConnections = 64;
        /// <summary>Echo, discard and source connections at once.</summary>
        public const int ServiceConnections = 16;

        private PcapWriter _pcap;
        private uint _loggedAddress;

        public HttpServer Http { get; private set; }
        public DeviceServices Services { get; private set; }

        private INetDevice WrapDevice(TapDevice tap, TapServeOptions options)
        {
            if (options.PcapPath == null) return tap;
            // Timestamps from the runner's clock; the writer flushes on Dispose.
            _pcap = new PcapWriter(tap, new FileStream(options.PcapPath, FileMode.Create, FileAccess.Write), () => NowMs, true);
            return _pcap;
        }

        private void StartDhcp(long nowMs)
        {
            Interface.StartDhcp(nowMs);
        }

        private void CreateServices(StackOptions stack)
        {
            var http = new HttpServerOptions
            {
                MaxConnections = HttpConnections,
                RequestBufferSize = 4096,
                MaxRequestLineLength = 1024,
                MaxHeaders = 40,
                MaxBodySize = 1024,
                ResponseBufferSize = 12 * 1024,
            };
            Http = new HttpServer(Tcp, http);
            var status = new StackStatusSource(Interface, null, Tcp) { Server = Http };
            StatusPage.Register(Http, status, NowMs);
            Services = new DeviceServices(new TcpStackStreams(Tcp), Http, ServiceConnections);
            Services.Start();
        }

        private void PollServices(long nowMs)
        {
            Services.Poll(nowMs);
            uint address = Interface.LocalAddress;
            if (address != _loggedAddress)
            {
                _loggedAddress = address;
                if (_options.Dhcp)
                    _log.WriteLine(address != 0
                        ? "nanotcp: DHCP lease " + Wire.Ipv4Address.ToString(address) + " from " + Wire.Ipv4Address.ToString(Interface.Dhcp.ServerAddress) + " for " + Interface.Dhcp.LeaseSeconds + " s"
                        : "nanotcp: DHCP lease lost");
            }
        }

        private long ServicesNextDeadline(long nowMs)
        {
            return Services.NextDeadline(nowMs);
        }

        private void DisposeServices()
        {
            if (_pcap != null) _pcap.Dispose();
        }
    }
}
