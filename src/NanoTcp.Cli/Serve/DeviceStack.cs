using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Tcp;

namespace NanoTcp.Cli.Serve
{
    /// <summary>
    /// The device side every serve mode runs: a NetworkInterface on some INetDevice, its
    /// TcpStack, the web server with the status page, and DeviceServices (echo, discard,
    /// source, /bench). Poll it from one loop.
    /// </summary>
    public sealed class DeviceStack
    {
        public readonly NetworkInterface Interface;
        public readonly TcpStack Tcp;
        public readonly HttpServer Http;
        public readonly DeviceServices Services;
        public readonly StackStatusSource Status;

        /// <param name="driverCounters">The chip driver's counters for the status page, or null.</param>
        public DeviceStack(INetDevice device, DriverCounters driverCounters, StackOptions options, HttpServerOptions httpOptions, long nowMs)
        {
            Interface = new NetworkInterface(device, options);
            Tcp = new TcpStack(Interface, options);
            Interface.AddTransport(Tcp);
            Http = new HttpServer(Tcp, httpOptions);
            Status = new StackStatusSource(Interface, driverCounters, Tcp) { Server = Http };
            StatusPage.Register(Http, Status, nowMs);
            Services = new DeviceServices(new TcpStackStreams(Tcp), Http, 8);
        }

        /// <summary>Options for a desktop-hosted device: more connections than a board and a
        /// response buffer big enough for the full status JSON.</summary>
        public static StackOptions DesktopStackOptions()
        {
            return new StackOptions
            {
                TcpConnections = 24,
                TcpListeners = 8,
                TcpListenBacklog = 8,
                TcpReceiveBufferSize = 8192,
                TcpSendBufferSize = 8192,
                Secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16),
            };
        }

        public static HttpServerOptions DesktopHttpOptions()
        {
            return new HttpServerOptions
            {
                MaxConnections = 8,
                RequestBufferSize = 4096,
                MaxRequestLineLength = 1024,
                MaxHeaders = 40,
                MaxBodySize = 1024,
                ResponseBufferSize = 12 * 1024,
            };
        }

        public void Start()
        {
            Services.Start();
        }

        public void Poll(long nowMs)
        {
            Interface.Poll(nowMs);
            Services.Poll(nowMs);
        }

        public long NextDeadline(long nowMs)
        {
            long a = Interface.NextDeadline(nowMs);
            long b = Services.NextDeadline(nowMs);
            return a < b ? a : b;
        }
    }
}
