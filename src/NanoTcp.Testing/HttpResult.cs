using System;
using System.Collections.Generic;
using System.Text;

namespace NanoTcp.Testing
{
    /// <summary>A parsed HTTP/1.1 response (status line, headers, body by Content-Length,
    /// chunked (RFC 9112 7.1), or to the close).</summary>
    public sealed class HttpResult
    {
        public int Status { get; private init; }
        public string Reason { get; private init; } = "";
        public IReadOnlyDictionary<string, string> Headers { get; private init; } = new Dictionary<string, string>();
        public byte[] Body { get; private init; } = Array.Empty<byte>();
        public string BodyText => Encoding.UTF8.GetString(Body);

        /// <summary>Header value by case-insensitive name, or null.</summary>
        public string? Header(string name) => Headers.TryGetValue(name, out string? v) ? v : null;

        /// <summary>Parses one response from raw bytes, or null when they are not HTTP.</summary>
        public static HttpResult? Parse(byte[] raw)
        {
            string text = Encoding.ASCII.GetString(raw);
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0 || !text.StartsWith("HTTP/1.", StringComparison.Ordinal)) return null;
            string[] lines = text.Substring(0, end).Split("\r\n");
            string[] status = lines[0].Split(' ', 3);
            if (status.Length < 2 || !int.TryParse(status[1], out int code)) return null;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0) headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
            }
            int bodyStart = end + 4;
            if (headers.TryGetValue("Transfer-Encoding", out string? te) && te.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                return new HttpResult { Status = code, Reason = status.Length > 2 ? status[2] : "", Headers = headers, Body = Dechunk(raw, bodyStart) };
            int bodyLength = raw.Length - bodyStart;
            if (headers.TryGetValue("Content-Length", out string? cl) && int.TryParse(cl, out int n) && n <= bodyLength) bodyLength = n;
            byte[] body = new byte[bodyLength];
            Array.Copy(raw, bodyStart, body, 0, bodyLength);
            return new HttpResult { Status = code, Reason = status.Length > 2 ? status[2] : "", Headers = headers, Body = body };
        }

        /// <summary>The data of the chunks from raw[start..]: as much as arrived, up to the last chunk.</summary>
        private static byte[] Dechunk(byte[] raw, int start)
        {
            var body = new List<byte>();
            int p = start;
            while (p < raw.Length)
            {
                int eol = p;
                while (eol + 1 < raw.Length && !(raw[eol] == '\r' && raw[eol + 1] == '\n')) eol++;
                if (eol + 1 >= raw.Length) break;
                string sizeText = Encoding.ASCII.GetString(raw, p, eol - p);
                int semicolon = sizeText.IndexOf(';');
                if (semicolon >= 0) sizeText = sizeText.Substring(0, semicolon);
                if (!int.TryParse(sizeText.Trim(), System.Globalization.NumberStyles.HexNumber, null, out int size) || size == 0) break;
                int data = eol + 2;
                int take = Math.Min(size, raw.Length - data);
                for (int i = 0; i < take; i++) body.Add(raw[data + i]);
                p = data + size + 2;
            }
            return body.ToArray();
        }
    }
}
