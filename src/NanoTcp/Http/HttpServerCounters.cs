namespace NanoTcp.Http
{
    /// <summary>What the web server has done since start (shown on the status page).</summary>
    public sealed class HttpServerCounters
    {
        public long ConnectionsAccepted;
        public long Requests;
        /// <summary>Responses with a 4xx or 5xx status the server generated itself.</summary>
        public long ErrorResponses;
        public long IdleTimeouts;
        /// <summary>Idle keep-alive connections closed to make room for a new one.</summary>
        public long Evictions;
        /// <summary>Connections that ended by reset or timeout rather than a close.</summary>
        public long Resets;
        /// <summary>Handler responses that did not fit ResponseBufferSize (answered 500).</summary>
        public long Overflows;
    }
}
