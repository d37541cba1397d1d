using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Services;
using NanoTcp.Tcp;

namespace NanoTcp.Device
{
    /// <summary>
    /// Ready-made DeviceOptions for the places NanoTcp runs. Each returns a new object the
    /// caller completes (Entropy, Address, Name, Chip) and may adjust before building.
    /// MemoryReport (and the status page) says what each one fixes.
    /// </summary>
    public static class DeviceProfiles
    {
        /// <summary>
        /// An ESP32 without PSRAM (about 110 KB of managed heap for everything): 4 TCP
        /// connections, the web server with the status page (one connection at a time, more
        /// wait in the TCP backlog), DHCP, no measuring services. Fixes less than 24 KiB on
        /// the nanoCLR (MemoryReport; a test holds it to that), leaving the rest of the heap
        /// to the application. What that takes: the nanoCLR spends 12 bytes per object field,
        /// so a TCP connection's objects alone cost about 1.2 KB; the rings are 1 KiB to
        /// receive and 640 bytes to send (2 KiB each way would not fit 4 connections), the MTU
        /// 576 (frames and the held ARP frame a third of 1514), one ARP entry.
        /// </summary>
        public static DeviceOptions Esp32WithoutPsram(INetDevice netDevice)
        {
            DeviceOptions o = new DeviceOptions();
            o.NetDevice = netDevice;
            o.Net = new NetOptions();
            o.Net.Mtu = 576;                    // RFC 791's minimum: segments of 536 bytes fill a 1 KiB window twice
            o.Net.ArpCacheEntries = 1;          // the peer being talked to; another is resolved again when needed
            o.Net.UdpSockets = 1;               // DHCP
            o.Net.UdpReceiveBufferSize = 560;   // one DHCP message (at most 548 octets of UDP data with MTU 576) and its 8 bytes of bookkeeping
            o.Tcp = new TcpOptions();
            o.Tcp.Connections = 4;
            o.Tcp.Listeners = 1;                // the web server
            o.Tcp.ListenBacklog = 2;
            o.Tcp.ReceiveBufferSize = 1024;     // two full segments of 536 bytes
            o.Tcp.SendBufferSize = 640;
            o.Tcp.OutOfOrderSlots = 2;
            o.Http = new HttpServerOptions();
            o.Http.MaxConnections = 1;
            o.Http.RequestBufferSize = 1024;     // a browser's GET head (Chrome: about 700 bytes, 16 fields)
            o.Http.MaxRequestLineLength = 256;
            o.Http.MaxHeaders = 20;
            o.Http.MaxBodySize = 128;
            o.Http.ResponseHeadRoom = 160;      // status line and headers of the status page's responses
            o.Http.ResponseBufferSize = 512;     // the status JSON goes out in pieces of this size
            o.Http.MaxRoutes = 4;
            o.StatusPage = true;
            o.Services = null;
            return o;
        }

        /// <summary>
        /// A desktop host (nanotcp serve, the TAP runner, the Raspberry Pi and FT232H apps):
        /// room for curl --parallel and benchmark clients (128 connections, 16 KiB rings, 64
        /// web connections), the full status JSON, and echo, discard, chargen and /bench.
        /// Timings stay at the RFC defaults.
        /// </summary>
        public static DeviceOptions Desktop(INetDevice netDevice)
        {
            DeviceOptions o = new DeviceOptions();
            o.NetDevice = netDevice;
            o.Net = new NetOptions();
            o.Net.ArpCacheEntries = 16;
            o.Tcp = new TcpOptions();
            o.Tcp.Connections = 128;
            o.Tcp.Listeners = 16;
            o.Tcp.ListenBacklog = 64;
            o.Tcp.ReceiveBufferSize = 16 * 1024;
            o.Tcp.SendBufferSize = 16 * 1024;
            o.Tcp.OutOfOrderSlots = 8;
            o.Http = new HttpServerOptions();
            o.Http.MaxConnections = 64;
            o.Http.RequestBufferSize = 4096;
            o.Http.MaxRequestLineLength = 1024;
            o.Http.MaxHeaders = 40;
            o.Http.MaxBodySize = 1024;
            o.Http.ResponseBufferSize = 4096;
            o.StatusPage = true;
            o.Services = new ServiceOptions();
            o.Services.Connections = 16;
            return o;
        }
    }
}
