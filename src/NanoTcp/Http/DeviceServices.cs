using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// The services a NanoTcp device offers for measuring and for people (the same set as
    /// shared/peers/lwip, so both stacks are measured alike):
    /// <list type="bullet">
    /// <item>port 80: the web server with the status page (/ and /status.json) and
    /// GET /bench, a fixed 64-byte body;</item>
    /// <item>port 7 echo (RFC 862): every byte comes back;</item>
    /// <item>port 9 discard (RFC 863): bytes are read and dropped; when the peer closes,
    /// we close too;</item>
    /// <item>port 19 source: an endless stream of bytes (RFC 864 character generator
    /// pattern) until the peer closes.</item>
    /// </list>
    /// Call Poll(nowMs) after every interface poll. Fixed slots; nothing allocated per
    /// connection or per byte.
    /// </summary>
    public sealed class DeviceServices
    {
        public const int EchoPort = 7;
        public const int DiscardPort = 9;
        public const int SourcePort = 19;

        private const int KindEcho = 0;
        private const int KindDiscard = 1;
        private const int KindSource = 2;

        private readonly ITcpStreams _tcp;
        private readonly int[] _listener = new int[3];
        private readonly int[] _handle;
        private readonly int[] _kind;
        private readonly int[] _pendingStart;   // echo: bytes received, not yet taken by Send
        private readonly int[] _pendingEnd;
        private readonly int[] _sourcePos;      // source: where in the pattern the next byte is
        private readonly bool[] _closing;
        private readonly byte[][] _pending;
        private readonly byte[] _scratch;
        private readonly byte[] _pattern;

        /// <summary>Bytes echoed, discarded and sourced since start.</summary>
        public long EchoBytes, DiscardBytes, SourceBytes;

        /// <param name="tcp">The TCP the services listen on.</param>
        /// <param name="server">The web server; DeviceServices adds /bench (call before server.Start).</param>
        /// <param name="connections">Connection slots shared by echo, discard and source.</param>
        public DeviceServices(ITcpStreams tcp, HttpServer server, int connections)
        {
            if (tcp == null) throw new System.ArgumentNullException("tcp", "Pass the TCP (TcpStackStreams over the TcpStack) the services run on.");
            if (connections < 1) throw new System.ArgumentOutOfRangeException("connections", "Give at least 1 connection slot for echo/discard/source.");
            _tcp = tcp;
            Server = server;
            _handle = new int[connections];
            _kind = new int[connections];
            _pendingStart = new int[connections];
            _pendingEnd = new int[connections];
            _sourcePos = new int[connections];
            _closing = new bool[connections];
            _pending = new byte[connections][];
            for (int i = 0; i < connections; i++)
            {
                _handle[i] = TcpStack.NoHandle;
                _pending[i] = new byte[1024];
            }
            _scratch = new byte[1460];
            _pattern = ChargenPattern();
            for (int i = 0; i < 3; i++) _listener[i] = TcpStack.NoHandle;
            if (server != null) server.Route("GET", "/bench", new StaticContentHandler(BenchBody, HttpContentType.Text));
        }

        public HttpServer Server { get; private set; }

        /// <summary>GET /bench answers these 64 bytes (63 characters and a newline).</summary>
        public static readonly byte[] BenchBody = HttpAscii.Literal("NanoTcp bench: 64 bytes of body for requests-per-second tests..\n");

        /// <summary>Starts listening on 7, 9 and 19, and starts the web server if there is one.</summary>
        public void Start()
        {
            _listener[KindEcho] = _tcp.Listen(EchoPort);
            _listener[KindDiscard] = _tcp.Listen(DiscardPort);
            _listener[KindSource] = _tcp.Listen(SourcePort);
            if (Server != null) Server.Start();
        }

        public void Poll(long nowMs)
        {
            if (Server != null) Server.Poll(nowMs);
            for (int kind = 0; kind < 3; kind++) AcceptWaiting(kind);
            for (int i = 0; i < _handle.Length; i++)
            {
                if (_handle[i] != TcpStack.NoHandle) Service(i);
            }
        }

        /// <summary>The web server's idle deadline; the other services need no timers.</summary>
        public long NextDeadline(long nowMs)
        {
            return Server != null ? Server.NextDeadline(nowMs) : long.MaxValue;
        }

        private void AcceptWaiting(int kind)
        {
            if (_listener[kind] == TcpStack.NoHandle) return;
            for (int i = 0; i < _handle.Length; i++)
            {
                if (_handle[i] != TcpStack.NoHandle) continue;
                int h = _tcp.Accept(_listener[kind]);
                if (h == TcpStack.NoHandle) return;
                _handle[i] = h;
                _kind[i] = kind;
                _pendingStart[i] = _pendingEnd[i] = 0;
                _sourcePos[i] = 0;
                _closing[i] = false;
            }
        }

        private void Service(int i)
        {
            int h = _handle[i];
            TcpEvents ev = _tcp.GetEvents(h);
            if ((ev & (TcpEvents.Reset | TcpEvents.TimedOut | TcpEvents.Closed)) != 0)
            {
                // Reset or timed out: Close releases the handle (TcpStack keeps it until then).
                CloseAndRelease(i);
                return;
            }
            bool peerClosed = (ev & TcpEvents.PeerClosed) != 0;
            switch (_kind[i])
            {
                case KindEcho: ServiceEcho(i, h, peerClosed); break;
                case KindDiscard: ServiceDiscard(i, h, peerClosed); break;
                default: ServiceSource(i, h, peerClosed); break;
            }
        }

        private void ServiceEcho(int i, int h, bool peerClosed)
        {
            byte[] p = _pending[i];
            for (int round = 0; round < 16; round++)
            {
                if (_pendingStart[i] < _pendingEnd[i])
                {
                    int sent = _tcp.Send(h, p, _pendingStart[i], _pendingEnd[i] - _pendingStart[i]);
                    _pendingStart[i] += sent;
                    EchoBytes += sent;
                    if (_pendingStart[i] < _pendingEnd[i]) return; // window full: read no more (flow control)
                }
                int n = _tcp.Receive(h, p, 0, p.Length);
                _pendingStart[i] = 0;
                _pendingEnd[i] = n;
                if (n == 0) break;
            }
            if (peerClosed && _pendingStart[i] >= _pendingEnd[i]) CloseAndRelease(i);
        }

        private void ServiceDiscard(int i, int h, bool peerClosed)
        {
            for (int round = 0; round < 64; round++)
            {
                int n = _tcp.Receive(h, _scratch, 0, _scratch.Length);
                if (n == 0) break;
                DiscardBytes += n;
            }
            // The measuring client waits for our FIN to know every byte was taken.
            if (peerClosed) CloseAndRelease(i);
        }

        private void ServiceSource(int i, int h, bool peerClosed)
        {
            // Whatever the peer sends is read and ignored, so its window never stalls us.
            while (_tcp.Receive(h, _scratch, 0, _scratch.Length) > 0) { }
            if (peerClosed)
            {
                CloseAndRelease(i);
                return;
            }
            for (int round = 0; round < 64; round++)
            {
                int pos = _sourcePos[i];
                int sent = _tcp.Send(h, _pattern, pos, _pattern.Length - pos);
                if (sent <= 0) break;
                SourceBytes += sent;
                pos += sent;
                _sourcePos[i] = pos >= _pattern.Length ? 0 : pos;
            }
        }

        private void CloseAndRelease(int i)
        {
            _tcp.Close(_handle[i]);
            _handle[i] = TcpStack.NoHandle;
        }

        /// <summary>RFC 864's rotating 72-character lines of printable ASCII, CR LF each:
        /// 95 lines, so the pattern repeats seamlessly.</summary>
        private static byte[] ChargenPattern()
        {
            const int lines = 95, width = 72;
            byte[] b = new byte[lines * (width + 2)];
            int p = 0;
            for (int l = 0; l < lines; l++)
            {
                for (int c = 0; c < width; c++) b[p++] = (byte)(' ' + (l + c) % 95);
                b[p++] = (byte)'\r';
                b[p++] = (byte)'\n';
            }
            return b;
        }
    }
}
