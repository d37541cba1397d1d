namespace NanoTcp.Http
{
    /// <summary>Media types as bytes, made once (RFC 9110 8.3).</summary>
    public static class HttpContentType
    {
        public static readonly byte[] Html = HttpAscii.Bytes("text/html; charset=utf-8");
        public static readonly byte[] Text = HttpAscii.Bytes("text/plain; charset=utf-8");
        public static readonly byte[] Json = HttpAscii.Bytes("application/json");
        public static readonly byte[] JavaScript = HttpAscii.Bytes("text/javascript");
        public static readonly byte[] Css = HttpAscii.Bytes("text/css");
        public static readonly byte[] OctetStream = HttpAscii.Bytes("application/octet-stream");
    }
}
