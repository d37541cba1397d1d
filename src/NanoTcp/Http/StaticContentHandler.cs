namespace NanoTcp.Http
{
    /// <summary>Serves one byte[] resource (a page, a script, an image) by reference: the
    /// bytes are streamed as the TCP window allows, never copied into the response buffer.</summary>
    public sealed class StaticContentHandler : IHttpHandler
    {
        private readonly byte[] _content;
        private readonly byte[] _contentType;
        private readonly byte[] _cacheControl;  // encoded once: no literal or string work per request
        private static readonly byte[] CacheControlName = HttpAscii.Bytes("Cache-Control");

        public StaticContentHandler(byte[] content, byte[] contentType, string cacheControl = null)
        {
            if (content == null) throw new System.ArgumentNullException("content", "Pass the bytes to serve (e.g. an embedded resource).");
            _content = content;
            _contentType = contentType;
            _cacheControl = cacheControl == null ? null : HttpAscii.Bytes(cacheControl);
        }

        public void Handle(HttpRequest request, HttpResponse response)
        {
            response.ContentType = _contentType;
            if (_cacheControl != null) response.AddHeader(CacheControlName, _cacheControl);
            response.SendResource(_content, 0, _content.Length);
        }
    }
}
