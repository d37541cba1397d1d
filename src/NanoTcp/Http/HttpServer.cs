using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// A small HTTP/1.1 origin server (RFC 9110, RFC 9112) on NanoTcp's handle API, for
    /// devices: fixed connection slots and buffers sized by HttpServerOptions, routes fixed
    /// at start-up, no allocation and no strings per request.
    ///
    /// Drive it from the same loop as the interface: iface.Poll(now); server.Poll(now).
    /// Each Poll accepts waiting connections, reads, parses and answers requests
    /// (keep-alive and pipelined, one at a time per connection, in order), streams
    /// responses as the send window allows, and closes idle connections.
    /// </summary>
    public sealed partial class HttpServer
    {
        private readonly ITcpStreams _tcp;
        private readonly HttpServerOptions _options;
        private readonly HttpConnectionSlot[] _slots;
        private readonly HttpRequest _request = new HttpRequest();
        private readonly HttpResponse _response;
        private readonly byte[] _head;   // the status line and headers are assembled here

        private readonly byte[][] _routeMethod;
        private readonly byte[][] _routePath;
        private readonly bool[] _routeIsPrefix;
        private readonly IHttpHandler[] _routeHandler;
        private int _routeCount;
        private int _listener = TcpStack.NoHandle;
        private const int SpareConnectionGraceMs = 1000;

        public HttpServer(TcpStack tcp, HttpServerOptions options)
            : this(new TcpStackStreams(tcp), options)
        {
        }

        public HttpServer(ITcpStreams tcp, HttpServerOptions options)
        {
            if (tcp == null) throw new System.ArgumentNullException("tcp", "Pass the TcpStack (or ITcpStreams) the server runs on.");
            if (options == null) options = new HttpServerOptions();
            options.Validate();
            _tcp = tcp;
            _options = options;
            _slots = new HttpConnectionSlot[options.MaxConnections];
            for (int i = 0; i < _slots.Length; i++) _slots[i] = new HttpConnectionSlot(options);
            _response = new HttpResponse(options.ResponseHeadRoom);
            _head = new byte[options.ResponseHeadRoom];
            _routeMethod = new byte[options.MaxRoutes][];
            _routePath = new byte[options.MaxRoutes][];
            _routeIsPrefix = new bool[options.MaxRoutes];
            _routeHandler = new IHttpHandler[options.MaxRoutes];
            Counters = new HttpServerCounters();
        }

        public HttpServerOptions Options { get { return _options; } }
        public HttpServerCounters Counters { get; private set; }
        public bool Running { get { return _listener != TcpStack.NoHandle; } }

        /// <summary>Connections being served now.</summary>
        public int ActiveConnections
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _slots.Length; i++) if (_slots[i].InUse) n++;
                return n;
            }
        }

        /// <summary>Answers method requests for exactly this path (HEAD is answered by GET routes).</summary>
        public void Route(string method, string path, IHttpHandler handler)
        {
            AddRoute(method, path, false, handler);
        }

        /// <summary>Answers method requests for every path starting with prefix (e.g. "/static/").</summary>
        public void RoutePrefix(string method, string prefix, IHttpHandler handler)
        {
            AddRoute(method, prefix, true, handler);
        }

        private void AddRoute(string method, string path, bool prefix, IHttpHandler handler)
        {
            if (Running) throw new System.InvalidOperationException("Register routes before HttpServer.Start().");
            if (handler == null) throw new System.ArgumentNullException("handler", "Give the IHttpHandler that answers this route.");
            if (method == null || method.Length == 0) throw new System.ArgumentException("Give a method such as \"GET\".", "method");
            if (path == null || path.Length == 0 || path[0] != '/') throw new System.ArgumentException("A route path starts with '/', such as \"/status\".", "path");
            if (_routeCount == _routeMethod.Length) throw new System.InvalidOperationException("No room for another route: raise HttpServerOptions.MaxRoutes (now " + _routeMethod.Length + ").");
            byte[] m = HttpAscii.Bytes(method);
            for (int i = 0; i < m.Length; i++)
            {
                if (!HttpAscii.IsTokenChar(m[i])) throw new System.ArgumentException("'" + method + "' is not an HTTP method token.", "method");
            }
            _routeMethod[_routeCount] = m;
            _routePath[_routeCount] = HttpAscii.Bytes(path);
            _routeIsPrefix[_routeCount] = prefix;
            _routeHandler[_routeCount] = handler;
            _routeCount++;
        }

        /// <summary>Starts listening on Options.Port.</summary>
        public void Start()
        {
            if (Running) return;
            _listener = _tcp.Listen(_options.Port);
        }

        /// <summary>Stops listening and resets every connection being served.</summary>
        public void Stop()
        {
            if (!Running) return;
            _tcp.StopListening(_listener);
            _listener = TcpStack.NoHandle;
            for (int i = 0; i < _slots.Length; i++)
            {
                if (!_slots[i].InUse) continue;
                _tcp.Abort(_slots[i].Handle);
                _slots[i].Release();
            }
        }

        public void Poll(long nowMs)
        {
            if (!Running) return;
            AcceptWaiting(nowMs);
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].InUse) Service(i, nowMs);
            }
        }

        /// <summary>Earliest idle-timeout deadline of a served connection, or long.MaxValue.
        /// (Request progress is driven by TCP events: call Poll after every interface poll.)</summary>
        public long NextDeadline(long nowMs)
        {
            long next = long.MaxValue;
            for (int i = 0; i < _slots.Length; i++)
            {
                if (!_slots[i].InUse) continue;
                long due = _slots[i].LastActivityMs + _options.IdleTimeoutMs;
                if (due < next) next = due;
            }
            return next;
        }

        private void AcceptWaiting(long nowMs)
        {
            while (true)
            {
                int free = FreeSlot();
                int victim = -1;
                if (free < 0)
                {
                    victim = IdleKeepAliveSlot(nowMs);
                    if (victim < 0) return; // the rest wait in the TCP backlog
                }
                int handle = _tcp.Accept(_listener);
                if (handle == TcpStack.NoHandle) return;
                if (free < 0)
                {
                    // A waiting client matters more than one idling between requests
                    // (browsers keep several keep-alive connections open).
                    _tcp.Close(_slots[victim].Handle);
                    _slots[victim].Release();
                    Counters.Evictions++;
                    free = victim;
                }
                _slots[free].Assign(handle, nowMs);
                Counters.ConnectionsAccepted++;
            }
        }

        private int FreeSlot()
        {
            for (int i = 0; i < _slots.Length; i++) if (!_slots[i].InUse) return i;
            return -1;
        }

        /// <summary>The connection idle longest between requests, or -1: one that has been
        /// answered, or has sent nothing for a second (browsers open spare connections).</summary>
        private int IdleKeepAliveSlot(long nowMs)
        {
            int best = -1;
            for (int i = 0; i < _slots.Length; i++)
            {
                HttpConnectionSlot s = _slots[i];
                if (s.InCount != 0 || s.HasPendingOutput || s.CloseAfterFlush) continue;
                if (s.RequestsServed == 0 && nowMs - s.LastActivityMs < SpareConnectionGraceMs) continue;
                if (best < 0 || s.LastActivityMs < _slots[best].LastActivityMs) best = i;
            }
            return best;
        }
    }
}
