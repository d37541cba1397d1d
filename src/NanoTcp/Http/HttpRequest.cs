namespace NanoTcp.Http
{
    /// <summary>
    /// The request a handler sees: a view of the connection's request buffer with the
    /// parser's offsets. Nothing is copied and no string is made; compare with byte[]
    /// constants (PathEquals, FindHeader). Valid only during IHttpHandler.Handle.
    /// </summary>
    public sealed class HttpRequest
    {
        private byte[] _buffer;
        private HttpRequestParser _parser;

        internal void Bind(byte[] buffer, HttpRequestParser parser, int connectionIndex, long nowMs)
        {
            NowMs = nowMs;
            _buffer = buffer;
            _parser = parser;
            ConnectionIndex = connectionIndex;
            BodyStart = parser.HeadLength;
            BodyLength = (int)parser.ContentLength;
        }

        /// <summary>The time given to the HttpServer.Poll that is answering this request.</summary>
        public long NowMs { get; private set; }

        /// <summary>The buffer every offset below points into.</summary>
        public byte[] Buffer { get { return _buffer; } }
        /// <summary>Index of the server's connection slot (0..MaxConnections-1).</summary>
        public int ConnectionIndex { get; private set; }
        public int MethodStart { get { return _parser.MethodStart; } }
        public int MethodLength { get { return _parser.MethodLength; } }
        public int PathStart { get { return _parser.PathStart; } }
        public int PathLength { get { return _parser.PathLength; } }
        public int QueryStart { get { return _parser.QueryStart; } }
        public int QueryLength { get { return _parser.QueryLength; } }
        public int VersionMinor { get { return _parser.VersionMinor; } }
        public bool IsHead { get { return _parser.IsHead; } }
        public bool KeepAlive { get { return _parser.KeepAlive; } }
        public int HeaderCount { get { return _parser.HeaderCount; } }
        public int HeaderNameStart(int index) { return _parser.HeaderNameStart(index); }
        public int HeaderNameLength(int index) { return _parser.HeaderNameLength(index); }
        public int HeaderValueStart(int index) { return _parser.HeaderValueStart(index); }
        public int HeaderValueLength(int index) { return _parser.HeaderValueLength(index); }
        public int BodyStart { get; private set; }
        public int BodyLength { get; private set; }

        public bool PathEquals(byte[] path)
        {
            return HttpAscii.EqualsExact(_buffer, _parser.PathStart, _parser.PathLength, path);
        }

        /// <summary>Index of the first header named lowerName (case-insensitive), or -1.</summary>
        public int FindHeader(byte[] lowerName)
        {
            return _parser.FindHeader(_buffer, lowerName);
        }
    }
}
