namespace NanoTcp.Http
{
    /// <summary>Reason phrases (RFC 9110 15) of the statuses this server sends.</summary>
    public static class HttpStatus
    {
        private static readonly int[] Codes = { 100, 200, 204, 301, 302, 304, 400, 403, 404, 405, 408, 413, 414, 431, 500, 501, 503, 505 };
        private static readonly byte[][] Phrases = EncodePhrases();
        private static readonly byte[] Other = HttpAscii.Bytes(Reason(0));

        /// <summary>The reason phrase as ASCII bytes, encoded once (the response path writes these:
        /// on the nanoCLR a string literal evaluated per response would allocate per response).</summary>
        public static byte[] ReasonBytes(int status)
        {
            for (int i = 0; i < Codes.Length; i++)
                if (Codes[i] == status) return Phrases[i];
            return Other;
        }

        private static byte[][] EncodePhrases()
        {
            byte[][] phrases = new byte[Codes.Length][];
            for (int i = 0; i < Codes.Length; i++) phrases[i] = HttpAscii.Bytes(Reason(Codes[i]));
            return phrases;
        }

        /// <summary>The reason phrase as text (for logs and tests; responses use ReasonBytes).</summary>
        public static string Reason(int status)
        {
            switch (status)
            {
                case 100: return "Continue";
                case 200: return "OK";
                case 204: return "No Content";
                case 301: return "Moved Permanently";
                case 302: return "Found";
                case 304: return "Not Modified";
                case 400: return "Bad Request";
                case 403: return "Forbidden";
                case 404: return "Not Found";
                case 405: return "Method Not Allowed";
                case 408: return "Request Timeout";
                case 413: return "Content Too Large";
                case 414: return "URI Too Long";
                case 431: return "Request Header Fields Too Large";
                case 500: return "Internal Server Error";
                case 501: return "Not Implemented";
                case 503: return "Service Unavailable";
                case 505: return "HTTP Version Not Supported";
                default: return "Status";
            }
        }
    }
}
