namespace NanoTcp.Http
{
    /// <summary>One served connection: its TCP handle, request buffer and parser, and the
    /// response being streamed. Allocated once per slot when the server is built.</summary>
    internal sealed class HttpConnectionSlot
    {
        public int Handle = -1;
        public readonly byte[] In;
        public int InCount;
        public readonly HttpRequestParser Parser;
        public long LastActivityMs;
        public int RequestsServed;

        /// <summary>Generated part of the response: Out[OutPos..OutEnd) still to send.</summary>
        public readonly byte[] Out;
        public int OutPos;
        public int OutEnd;
        /// <summary>Static body streamed by reference after Out: Resource[ResourcePos..ResourceEnd).</summary>
        public byte[] Resource;
        public int ResourcePos;
        public int ResourceEnd;

        /// <summary>Body written in pieces after Out (IHttpBodySource), its state, and whether
        /// the pieces go out as HTTP/1.1 chunks.</summary>
        public IHttpBodySource BodySource;
        public int BodyState;
        public bool BodyChunked;

        public bool CloseAfterFlush;
        public bool ContinueSent;

        public HttpConnectionSlot(HttpServerOptions o)
        {
            In = new byte[o.RequestBufferSize];
            Out = new byte[o.ResponseBufferSize];
            Parser = new HttpRequestParser(o.MaxHeaders, o.MaxRequestLineLength, o.RequestBufferSize, o.MaxBodySize);
        }

        public bool InUse { get { return Handle >= 0; } }

        public bool HasPendingOutput { get { return OutPos < OutEnd || ResourcePos < ResourceEnd || BodySource != null; } }

        public void Assign(int handle, long nowMs)
        {
            Handle = handle;
            InCount = 0;
            Parser.Reset();
            LastActivityMs = nowMs;
            RequestsServed = 0;
            ClearOutput();
            CloseAfterFlush = false;
            ContinueSent = false;
        }

        public void ClearOutput()
        {
            OutPos = OutEnd = 0;
            Resource = null;
            ResourcePos = ResourceEnd = 0;
            BodySource = null;
            BodyState = HttpBodyState.Start;
            BodyChunked = false;
        }

        public void Release()
        {
            Handle = -1;
            InCount = 0;
            ClearOutput();
        }
    }
}
