namespace NanoTcp.Http
{
    /// <summary>
    /// Sizes and limits of the web server, fixed before construction: the server allocates
    /// MaxConnections * (RequestBufferSize + ResponseBufferSize) bytes plus small tables up
    /// front and nothing per request. Defaults suit an ESP32 (about 14 KB).
    /// </summary>
    public sealed class HttpServerOptions
    {
        public int Port = 80;
        /// <summary>Connections served at once; further ones wait in the TCP backlog, or
        /// take the place of the longest-idle keep-alive connection.</summary>
        public int MaxConnections = 4;
        /// <summary>Bytes of request head plus body held per connection; a longer head gets 431.</summary>
        public int RequestBufferSize = 1536;
        /// <summary>Longest request line (method, target, version) accepted; longer gets 414.</summary>
        public int MaxRequestLineLength = 512;
        /// <summary>Header fields accepted per request; more gets 431.</summary>
        public int MaxHeaders = 24;
        /// <summary>Largest request body (Content-Length) accepted; larger gets 413.</summary>
        public int MaxBodySize = 512;
        /// <summary>Bytes of generated response (head + body) per connection. Static byte[]
        /// resources are streamed by reference and need no room here.</summary>
        public int ResponseBufferSize = 2560;
        /// <summary>Part of the response buffer reserved for the status line and headers.</summary>
        public int ResponseHeadRoom = 320;
        /// <summary>A connection with no progress either way for this long is closed.</summary>
        public int IdleTimeoutMs = 15000;
        public int MaxRoutes = 16;
        /// <summary>Requests answered per connection in one Poll before serving the others.</summary>
        public int MaxRequestsPerPoll = 8;

        /// <summary>A copy (the device root copies options before it uses them).</summary>
        public HttpServerOptions Clone()
        {
            return (HttpServerOptions)MemberwiseClone();
        }

        public void Validate()
        {
            Check(Port >= 1 && Port <= 65535, "Port", "1 to 65535");
            Check(MaxConnections >= 1 && MaxConnections <= 256, "MaxConnections", "1 to 256");
            Check(MaxRequestLineLength >= 16, "MaxRequestLineLength", "16 or more");
            Check(RequestBufferSize >= MaxRequestLineLength + 2, "RequestBufferSize", "at least MaxRequestLineLength + 2");
            Check(MaxHeaders >= 1 && MaxHeaders <= 256, "MaxHeaders", "1 to 256");
            Check(MaxBodySize >= 0 && MaxBodySize < RequestBufferSize, "MaxBodySize", "0 to RequestBufferSize - 1");
            Check(ResponseHeadRoom >= 128, "ResponseHeadRoom", "128 or more");
            Check(ResponseBufferSize > ResponseHeadRoom + 64, "ResponseBufferSize", "more than ResponseHeadRoom + 64");
            Check(IdleTimeoutMs >= 1, "IdleTimeoutMs", "1 or more");
            Check(MaxRoutes >= 1 && MaxRoutes <= 256, "MaxRoutes", "1 to 256");
            Check(MaxRequestsPerPoll >= 1, "MaxRequestsPerPoll", "1 or more");
        }

        private static void Check(bool ok, string name, string range)
        {
            if (!ok) throw new System.ArgumentException("HttpServerOptions." + name + " must be " + range + ".", name);
        }
    }
}
