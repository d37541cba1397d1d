namespace NanoTcp.Http
{
    /// <summary>
    /// A page kept as an ASCII string constant, sent in pieces by the server (IHttpBodySource)
    /// with its Content-Length. On the nanoCLR a string literal stays in the assembly in flash
    /// (the heap holds only a small reference block), so a page served this way costs no heap
    /// of its size, unlike a byte[] copy. Register with server.Route("GET", path, body).
    /// </summary>
    public sealed class AsciiTextBody : IHttpBodySource, IHttpHandler
    {
        private static readonly byte[] CacheControlName = HttpAscii.Bytes("Cache-Control");

        private readonly string _text;
        private readonly byte[] _contentType;
        private readonly byte[] _cacheControl;

        /// <param name="text">ASCII only (each char becomes one byte).</param>
        /// <param name="contentType">Content-Type value (HttpContentType constants).</param>
        /// <param name="cacheControl">Cache-Control value, or null for none.</param>
        public AsciiTextBody(string text, byte[] contentType, string cacheControl)
        {
            if (text == null) throw new System.ArgumentNullException("text", "Pass the page's text (a string constant).");
            _text = text;
            _contentType = contentType;
            _cacheControl = cacheControl != null ? HttpAscii.Bytes(cacheControl) : null;
        }

        /// <summary>Bytes of the body.</summary>
        public int Length { get { return _text.Length; } }

        public void Handle(HttpRequest request, HttpResponse response)
        {
            response.ContentType = _contentType;
            if (_cacheControl != null) response.AddHeader(CacheControlName, _cacheControl);
            response.SendBody(this, _text.Length);
        }

        public int Write(ref int state, long nowMs, byte[] buffer, int offset, int count)
        {
            int left = _text.Length - state;
            if (count > left) count = left;
            for (int i = 0; i < count; i++) buffer[offset + i] = (byte)_text[state + i];
            state += count;
            if (state == _text.Length) state = HttpBodyState.Done;
            return count;
        }
    }
}
