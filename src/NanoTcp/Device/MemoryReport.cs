using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Services;
using NanoTcp.Tcp;

namespace NanoTcp.Device
{
    /// <summary>
    /// The bytes a device fixes at construction, by part, as the nanoCLR lays them out
    /// (nf-interpreter CLR_RT_HeapBlock): the heap hands out 12-byte blocks; an object is one
    /// block of header plus one block per instance field, whatever the field's type; an array
    /// is a 20-byte header plus its elements packed (1 byte per byte, 4 per int, 8 per long,
    /// 12 per reference), rounded up to whole blocks. Desktop .NET lays the same objects out
    /// differently; the report describes the board.
    ///
    /// Computed from the options, not measured (nanoFramework's mscorlib cannot measure the
    /// heap). Buffers are exact; object sizes use the field counts below, and a desktop test
    /// walks the real object graph of a built device with this same model to check the
    /// report part by part.
    /// </summary>
    public sealed class MemoryReport
    {
        // ---- Net: NetworkInterface ----
        /// <summary>Interface frame buffers: transmit and ARP transmit (each with the device's
        /// transmit headroom in front), the MAC copy. Received frames stay in the device's own
        /// buffer (INetDevice lends them), so the interface has no receive buffer.</summary>
        public const int FrameBuffers = 0;
        /// <summary>ARP cache tables and the frame each entry holds while resolving.</summary>
        public const int Arp = 1;
        /// <summary>UDP sockets and their receive rings.</summary>
        public const int Udp = 2;
        /// <summary>The interface's other objects: itself, its counters, the DHCP client.</summary>
        public const int Interface = 3;
        // ---- Tcp: TcpStack ----
        /// <summary>TCP send and receive rings.</summary>
        public const int TcpRings = 4;
        /// <summary>TCP out-of-order tables.</summary>
        public const int TcpOutOfOrder = 5;
        /// <summary>TCP connection and listener objects and the engine's own tables.</summary>
        public const int TcpConnections = 6;
        // ---- Http: HttpServer ----
        /// <summary>Web server: connection slots (request and response buffers), parser, routes.</summary>
        public const int HttpServer = 7;
        /// <summary>The status page's handlers (its HTML is a string constant, in flash on the
        /// nanoCLR, and the JSON is written in pieces into the web server's response buffer).</summary>
        public const int StatusPage = 8;
        // ---- Services ----
        /// <summary>Echo, discard, chargen and /bench.</summary>
        public const int Services = 9;
        // ---- Device: the root ----
        /// <summary>The composition root itself: DeviceStack, DeviceStatus, the options copies.</summary>
        public const int Device = 10;
        /// <summary>Number of parts.</summary>
        public const int PartCount = 11;

        private static readonly string[] Names = new string[]
        {
            "frameBuffers", "arp", "udp", "interface", "tcpRings", "tcpOutOfOrder", "tcpConnections",
            "httpServer", "statusPage", "services", "device",
        };

        // Instance field counts of the classes a device allocates (inherited ones included).
        // Approximate on purpose: a field more or less moves a part by 12 bytes per object;
        // the desktop test allows for that and fails when a part drifts further.
        internal const int NetworkInterfaceFields = 28;
        internal const int InterfaceCountersFields = 42;
        internal const int DhcpFields = 23;
        internal const int ArpCacheFields = 8;
        internal const int UdpSocketFields = 16;
        internal const int TcpStackFields = 16;
        internal const int TcpConnectionFields = 67;
        internal const int ByteRingFields = 3;
        internal const int AssemblerFields = 4;
        internal const int RttFields = 7;
        internal const int NewRenoFields = 8;
        internal const int TcpListenerFields = 5;
        internal const int NetSmallObjectsBytes = 1710; // options, the reused parse and write objects (Ethernet, ARP, IPv4, ICMP, UDP, DHCP)
        internal const int TcpSmallObjectsBytes = 1550; // options, counters, segments, ISN, ports, challenge limiter, secret
        internal const int HttpServerFields = 13;
        internal const int HttpSlotFields = 14;
        internal const int HttpParserFields = 31;
        internal const int HttpSmallObjectsBytes = 400; // request, response, counters
        internal const int RouteBytes = 120;            // method and path bytes of one route, its handler
        internal const int DeviceObjectsBytes = 600;    // DeviceStack, DeviceStatus, options copies

        private readonly long[] _bytes = new long[PartCount];

        private MemoryReport() { }

        /// <summary>Parts listed by Name and Bytes.</summary>
        public int Count { get { return PartCount; } }

        /// <summary>A JSON-safe part name ("tcpRings").</summary>
        public string Name(int part) { return Names[part]; }

        /// <summary>Bytes of a part.</summary>
        public long Bytes(int part) { return _bytes[part]; }

        /// <summary>Bytes of all parts together.</summary>
        public long Total
        {
            get
            {
                long t = 0;
                for (int i = 0; i < PartCount; i++) t += _bytes[i];
                return t;
            }
        }

        /// <summary>The report for a device built from these (completed) options.</summary>
        public static MemoryReport For(DeviceOptions o)
        {
            MemoryReport r = new MemoryReport();
            AddNet(r, o.Net, o.NetDevice.TransmitHeadroom);
            AddTcp(r, o.Tcp);
            if (o.Http != null) AddHttp(r, o);
            if (o.Services != null) AddServices(r, o.Services);
            r._bytes[Device] = DeviceObjectsBytes;
            return r;
        }

        private static void AddNet(MemoryReport r, NetOptions n, int headroom)
        {
            // Frames are built headroom bytes into each buffer (the driver's SPI preamble goes
            // in front), and ARP holds frames with that headroom too.
            int frame = headroom + n.Mtu + NetworkInterface.EthernetHeaderLength;
            r._bytes[FrameBuffers] = ByteArray(frame) + ByteArray(headroom + Wire.Ethernet.MinimumFrameLength) + ByteArray(6);
            int e = n.ArpCacheEntries;
            r._bytes[Arp] = Object(ArpCacheFields) + IntArray(e) * 3 + ByteArray(6 * e) + LongArray(e) * 2
                + ReferenceArray(e) + e * ByteArray(frame) + IntArray(e);
            r._bytes[Udp] = ReferenceArray(n.UdpSockets) + n.UdpSockets * (Object(UdpSocketFields) + ByteArray(n.UdpReceiveBufferSize));
            r._bytes[Interface] = Object(NetworkInterfaceFields) + Object(InterfaceCountersFields) + Object(DhcpFields) + NetSmallObjectsBytes
                + ReferenceArray(NetworkInterface.MaxTransports);
        }

        private static void AddTcp(MemoryReport r, TcpOptions t)
        {
            int c = t.Connections;
            r._bytes[TcpRings] = c * (Object(ByteRingFields) * 2 + ByteArray(t.SendBufferSize) + ByteArray(t.ReceiveBufferSize));
            r._bytes[TcpOutOfOrder] = c * (Object(AssemblerFields) + IntArray(t.OutOfOrderSlots + 1) * 2);
            r._bytes[TcpConnections] = Object(TcpStackFields) + ReferenceArray(c) + c * (Object(TcpConnectionFields) + Object(RttFields) + Object(NewRenoFields))
                + ReferenceArray(t.Listeners) + t.Listeners * Object(TcpListenerFields) + TcpSmallObjectsBytes;
        }

        private static void AddHttp(MemoryReport r, DeviceOptions o)
        {
            HttpServerOptions h = o.Http;
            int slot = Object(HttpSlotFields) + ByteArray(h.RequestBufferSize) + ByteArray(h.ResponseBufferSize)
                + Object(HttpParserFields) + IntArray(h.MaxHeaders) * 4;
            r._bytes[HttpServer] = Object(HttpServerFields) + ReferenceArray(h.MaxConnections) + h.MaxConnections * slot
                + ByteArray(h.ResponseHeadRoom) * 2 + ReferenceArray(h.MaxRoutes) * 3 + BoolArray(h.MaxRoutes) + HttpSmallObjectsBytes;
            if (o.StatusPage)
                r._bytes[StatusPage] = 2 * RouteBytes + Object(3) + Object(3) + Object(5) + ByteArray(6);
        }

        private static void AddServices(MemoryReport r, ServiceOptions s)
        {
            if (s.AnyTcpService) r._bytes[Services] += Object(12) + ByteArray(SmallServices.ScratchSize) + IntArray(3) + IntArray(s.Connections) * 3;
            if (s.Bench) r._bytes[Services] += ByteArray(BenchContent.Body.Length) + RouteBytes;
        }

        // ---- the nanoCLR heap model ----

        /// <summary>Bytes rounded up to whole 12-byte heap blocks.</summary>
        public static int Blocks(int bytes) { return (bytes + 11) / 12 * 12; }
        /// <summary>An object with this many instance fields.</summary>
        public static int Object(int fields) { return 12 * (1 + fields); }
        public static int ByteArray(int length) { return Blocks(20 + length); }
        public static int BoolArray(int length) { return Blocks(20 + length); }
        public static int IntArray(int length) { return Blocks(20 + 4 * length); }
        public static int LongArray(int length) { return Blocks(20 + 8 * length); }
        public static int ReferenceArray(int length) { return Blocks(20 + 12 * length); }
    }
}
