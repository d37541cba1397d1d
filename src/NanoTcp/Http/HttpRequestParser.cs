namespace NanoTcp.Http
{
    /// <summary>
    /// Incremental HTTP/1.1 request-head parser (RFC 9112 2-7) over a byte[] the caller fills.
    /// It never copies and never creates strings: the method, the target's path and query
    /// and every header field are handed over as offsets into the caller's buffer.
    ///
    /// Use: Reset(); then call Parse(buffer, offset, length) each time more bytes have been
    /// appended after buffer[offset], with the same buffer and offset and the total length so
    /// far. The parser resumes at the first line it has not yet seen complete, so a head that
    /// arrives one byte at a time costs linear work. Parse returns:
    /// <list type="bullet">
    /// <item>NeedMore (0): the head is not complete yet;</item>
    /// <item>Complete (1): the head ends at offset + HeadLength; the body (ContentLength bytes) follows;</item>
    /// <item>an HTTP status code (400, 413, 414, 431, 501, 505) the server should answer with
    /// before closing. Errors are sticky until Reset.</item>
    /// </list>
    /// Malformed input never throws: every path ends in a status code.
    /// </summary>
    public sealed class HttpRequestParser
    {
        public const int NeedMore = 0;
        public const int Complete = 1;

        public const int StatusBadRequest = 400;
        public const int StatusPayloadTooLarge = 413;
        public const int StatusUriTooLong = 414;
        public const int StatusHeadersTooLarge = 431;
        public const int StatusNotImplemented = 501;
        public const int StatusVersionNotSupported = 505;

        private const int StateRequestLine = 0;
        private const int StateHeaders = 1;
        private const int StateDone = 2;
        private const int StateError = 3;

        private static readonly byte[] NameHost = HttpAscii.Bytes("host");
        private static readonly byte[] NameContentLength = HttpAscii.Bytes("content-length");
        private static readonly byte[] NameTransferEncoding = HttpAscii.Bytes("transfer-encoding");
        private static readonly byte[] NameConnection = HttpAscii.Bytes("connection");
        private static readonly byte[] NameExpect = HttpAscii.Bytes("expect");
        private static readonly byte[] TokenClose = HttpAscii.Bytes("close");
        private static readonly byte[] TokenKeepAlive = HttpAscii.Bytes("keep-alive");
        private static readonly byte[] Token100Continue = HttpAscii.Bytes("100-continue");
        private static readonly byte[] MethodHead = HttpAscii.Bytes("HEAD");
        private static readonly byte[] SchemeHttp = HttpAscii.Bytes("http://");
        private static readonly byte[] SchemeHttps = HttpAscii.Bytes("https://");

        private readonly int _maxHeaders;
        private readonly int _maxRequestLine;
        private readonly int _maxHeadLength;
        private readonly long _maxBodyLength;
        private readonly int[] _nameStart;
        private readonly int[] _nameLength;
        private readonly int[] _valueStart;
        private readonly int[] _valueLength;

        private int _state;
        private int _error;
        private int _lineStart;   // absolute index of the first byte of the line being parsed
        private int _lineScan;    // absolute index from which to keep looking for its LF
        private int _hostCount;
        private bool _closeToken;
        private bool _keepAliveToken;

        /// <param name="maxHeaders">Header fields accepted; one more gives 431.</param>
        /// <param name="maxRequestLine">Bytes of request line (without CRLF) accepted; more gives 414.</param>
        /// <param name="maxHeadLength">Bytes of the whole head accepted, CRLFs included; more gives 431.</param>
        /// <param name="maxBodyLength">Largest Content-Length accepted; more gives 413.</param>
        public HttpRequestParser(int maxHeaders, int maxRequestLine, int maxHeadLength, int maxBodyLength)
        {
            if (maxHeaders < 1) throw new System.ArgumentOutOfRangeException("maxHeaders", "Allow at least 1 header field (HTTP/1.1 needs Host).");
            if (maxRequestLine < 16) throw new System.ArgumentOutOfRangeException("maxRequestLine", "Allow at least 16 bytes of request line (\"GET / HTTP/1.1\" is 14).");
            if (maxHeadLength < maxRequestLine + 2) throw new System.ArgumentOutOfRangeException("maxHeadLength", "The head limit must be at least the request-line limit plus 2.");
            if (maxBodyLength < 0) throw new System.ArgumentOutOfRangeException("maxBodyLength", "Use 0 or more bytes of request body.");
            _maxHeaders = maxHeaders;
            _maxRequestLine = maxRequestLine;
            _maxHeadLength = maxHeadLength;
            _maxBodyLength = maxBodyLength;
            _nameStart = new int[maxHeaders];
            _nameLength = new int[maxHeaders];
            _valueStart = new int[maxHeaders];
            _valueLength = new int[maxHeaders];
            Reset();
        }

        // ---- Results (valid after Complete; offsets are absolute indices into the buffer) ----
        public int MethodStart { get; private set; }
        public int MethodLength { get; private set; }
        /// <summary>The request-target as sent (origin-form "/a?b", absolute-form "http://h/a", or "*").</summary>
        public int TargetStart { get; private set; }
        public int TargetLength { get; private set; }
        /// <summary>The path part of the target, without query; exact bytes (no percent-decoding).</summary>
        public int PathStart { get; private set; }
        public int PathLength { get; private set; }
        /// <summary>The query after '?', without the '?'; length 0 when absent.</summary>
        public int QueryStart { get; private set; }
        public int QueryLength { get; private set; }
        /// <summary>1 for HTTP/1.1 (and any later 1.x, answered as 1.1), 0 for HTTP/1.0.</summary>
        public int VersionMinor { get; private set; }
        public int HeaderCount { get; private set; }
        /// <summary>Bytes from the start offset to the end of the blank line ending the head.</summary>
        public int HeadLength { get; private set; }
        /// <summary>Content-Length, or 0 when absent (RFC 9112 6.3 rule 7: a request without one has no body).</summary>
        public long ContentLength { get; private set; }
        public bool HasContentLength { get; private set; }
        public bool HasTransferEncoding { get; private set; }
        /// <summary>The client sent "Expect: 100-continue" (RFC 9110 10.1.1).</summary>
        public bool ExpectContinue { get; private set; }
        public bool IsHead { get; private set; }

        /// <summary>RFC 9112 9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".</summary>
        public bool KeepAlive
        {
            get { return !_closeToken && (VersionMinor >= 1 || _keepAliveToken); }
        }

        public int HeaderNameStart(int index) { return _nameStart[index]; }
        public int HeaderNameLength(int index) { return _nameLength[index]; }
        public int HeaderValueStart(int index) { return _valueStart[index]; }
        public int HeaderValueLength(int index) { return _valueLength[index]; }

        /// <summary>Index of the first header whose name equals lowerName ignoring case, or -1.</summary>
        public int FindHeader(byte[] buffer, byte[] lowerName)
        {
            for (int i = 0; i < HeaderCount; i++)
            {
                if (HttpAscii.EqualsIgnoreCase(buffer, _nameStart[i], _nameLength[i], lowerName)) return i;
            }
            return -1;
        }

        public void Reset()
        {
            _state = StateRequestLine;
            _error = 0;
            _lineStart = -1;
            _lineScan = -1;
            _hostCount = 0;
            _closeToken = false;
            _keepAliveToken = false;
            MethodStart = MethodLength = 0;
            TargetStart = TargetLength = 0;
            PathStart = PathLength = 0;
            QueryStart = QueryLength = 0;
            VersionMinor = 1;
            HeaderCount = 0;
            HeadLength = 0;
            ContentLength = 0;
            HasContentLength = false;
            HasTransferEncoding = false;
            ExpectContinue = false;
            IsHead = false;
        }

        /// <summary>Parses buffer[offset..offset+length), resuming where the last call stopped.</summary>
        public int Parse(byte[] buffer, int offset, int length)
        {
            if (_state == StateDone) return Complete;
            if (_state == StateError) return _error;
            if (_lineStart < 0)
            {
                _lineStart = offset;
                _lineScan = offset;
            }
            int end = offset + length;
            while (true)
            {
                int lf = -1;
                for (int i = _lineScan; i < end; i++)
                {
                    if (buffer[i] == HttpAscii.ByteLF) { lf = i; break; }
                }
                if (lf < 0)
                {
                    _lineScan = end;
                    if (_state == StateRequestLine && end - _lineStart > _maxRequestLine + 1) return Fail(StatusUriTooLong);
                    if (length >= _maxHeadLength) return Fail(_state == StateRequestLine ? StatusUriTooLong : StatusHeadersTooLarge);
                    return NeedMore;
                }
                if (lf + 1 - offset > _maxHeadLength) return Fail(_state == StateRequestLine ? StatusUriTooLong : StatusHeadersTooLarge);

                // RFC 9112 2.2: CRLF ends a line; a recipient MAY accept a bare LF. A CR
                // anywhere else is rejected by the field checks below.
                int lineEnd = lf;
                if (lineEnd > _lineStart && buffer[lineEnd - 1] == HttpAscii.ByteCR) lineEnd--;
                int result;
                if (_state == StateRequestLine)
                {
                    // RFC 9112 2.2: SHOULD ignore at least one empty line before the request-line.
                    if (lineEnd == _lineStart) result = 0;
                    else if (lineEnd - _lineStart > _maxRequestLine) result = StatusUriTooLong;
                    else
                    {
                        result = ParseRequestLine(buffer, _lineStart, lineEnd);
                        if (result == 0) _state = StateHeaders;
                    }
                }
                else if (lineEnd == _lineStart)
                {
                    HeadLength = lf + 1 - offset;
                    result = FinishHead();
                    if (result == 0)
                    {
                        _state = StateDone;
                        return Complete;
                    }
                }
                else
                {
                    result = ParseHeaderLine(buffer, _lineStart, lineEnd);
                }
                if (result != 0) return Fail(result);
                _lineStart = lf + 1;
                _lineScan = lf + 1;
            }
        }

        private int Fail(int status)
        {
            _state = StateError;
            _error = status;
            return status;
        }

        // request-line = method SP request-target SP HTTP-version (RFC 9112 3)
        private int ParseRequestLine(byte[] b, int start, int end)
        {
            int p = start;
            while (p < end && HttpAscii.IsTokenChar(b[p])) p++;
            if (p == start || p >= end || b[p] != HttpAscii.ByteSpace) return StatusBadRequest;
            MethodStart = start;
            MethodLength = p - start;
            IsHead = HttpAscii.EqualsExact(b, start, p - start, MethodHead); // RFC 9110 9.1: methods are case-sensitive

            int t = ++p;
            while (p < end && b[p] > 0x20 && b[p] < 0x7F) p++;
            if (p == t || p >= end || b[p] != HttpAscii.ByteSpace) return StatusBadRequest;
            TargetStart = t;
            TargetLength = p - t;

            // HTTP-version = "HTTP" "/" DIGIT "." DIGIT (RFC 9112 2.3, case-sensitive)
            int v = p + 1;
            if (end - v != 8) return StatusBadRequest;
            if (b[v] != (byte)'H' || b[v + 1] != (byte)'T' || b[v + 2] != (byte)'T' || b[v + 3] != (byte)'P' || b[v + 4] != HttpAscii.ByteSlash) return StatusBadRequest;
            int major = b[v + 5] - '0';
            int minor = b[v + 7] - '0';
            if (major < 0 || major > 9 || minor < 0 || minor > 9 || b[v + 6] != (byte)'.') return StatusBadRequest;
            if (major != 1) return StatusVersionNotSupported; // RFC 9110 15.6.6
            VersionMinor = minor == 0 ? 0 : 1;
            return SplitTarget(b, t, p);
        }

        // RFC 9112 3.2: origin-form, absolute-form (MUST accept), asterisk-form.
        private int SplitTarget(byte[] b, int start, int end)
        {
            int p = start;
            if (b[start] != HttpAscii.ByteSlash)
            {
                if (end - start == 1 && b[start] == (byte)'*')
                {
                    PathStart = start;
                    PathLength = 1;
                    return 0;
                }
                int scheme = StartsWithIgnoreCase(b, start, end - start, SchemeHttp) ? SchemeHttp.Length
                           : StartsWithIgnoreCase(b, start, end - start, SchemeHttps) ? SchemeHttps.Length : 0;
                if (scheme == 0) return StatusBadRequest;
                p = start + scheme;
                while (p < end && b[p] != HttpAscii.ByteSlash && b[p] != HttpAscii.ByteQuestion) p++;
                // An absolute-form without a path ("http://host") means "/"; we only route
                // explicit paths, so it is refused rather than guessed.
                if (p >= end || b[p] != HttpAscii.ByteSlash) return StatusBadRequest;
            }
            PathStart = p;
            while (p < end && b[p] != HttpAscii.ByteQuestion && b[p] != (byte)'#') p++;
            PathLength = p - PathStart;
            if (p < end && b[p] == HttpAscii.ByteQuestion)
            {
                QueryStart = p + 1;
                int q = QueryStart;
                while (q < end && b[q] != (byte)'#') q++;
                QueryLength = q - QueryStart;
            }
            return 0;
        }

        // field-line = field-name ":" OWS field-value OWS (RFC 9112 5)
        private int ParseHeaderLine(byte[] b, int start, int end)
        {
            // RFC 9112 5.2: obs-fold (a line starting with SP/HTAB) MUST be rejected or
            // replaced; we reject with 400.
            if (b[start] == HttpAscii.ByteSpace || b[start] == HttpAscii.ByteTab) return StatusBadRequest;
            int p = start;
            while (p < end && HttpAscii.IsTokenChar(b[p])) p++;
            // RFC 9112 5.1: whitespace between field name and colon MUST be rejected with 400.
            if (p == start || p >= end || b[p] != HttpAscii.ByteColon) return StatusBadRequest;
            int nameEnd = p;
            p++;
            while (p < end && (b[p] == HttpAscii.ByteSpace || b[p] == HttpAscii.ByteTab)) p++;
            int valueStart = p;
            int valueEnd = end;
            while (valueEnd > valueStart && (b[valueEnd - 1] == HttpAscii.ByteSpace || b[valueEnd - 1] == HttpAscii.ByteTab)) valueEnd--;
            // RFC 9110 5.5: CR, LF and NUL in a value MUST be rejected; other controls too.
            for (int i = valueStart; i < valueEnd; i++)
            {
                byte c = b[i];
                if ((c < 0x20 && c != HttpAscii.ByteTab) || c == 0x7F) return StatusBadRequest;
            }
            if (HeaderCount >= _maxHeaders) return StatusHeadersTooLarge;
            int h = HeaderCount++;
            _nameStart[h] = start;
            _nameLength[h] = nameEnd - start;
            _valueStart[h] = valueStart;
            _valueLength[h] = valueEnd - valueStart;
            return Interpret(b, start, nameEnd - start, valueStart, valueEnd - valueStart);
        }

        private int Interpret(byte[] b, int name, int nameLength, int value, int valueLength)
        {
            if (HttpAscii.EqualsIgnoreCase(b, name, nameLength, NameHost))
            {
                _hostCount++;
            }
            else if (HttpAscii.EqualsIgnoreCase(b, name, nameLength, NameContentLength))
            {
                // RFC 9112 6.3 rule 5: an invalid Content-Length, or several differing, is
                // unrecoverable framing: 400 and close.
                if (valueLength == 0) return StatusBadRequest;
                long n = 0;
                for (int i = 0; i < valueLength; i++)
                {
                    int d = b[value + i] - '0';
                    if (d < 0 || d > 9) return StatusBadRequest;
                    if (n < 100000000000L) n = n * 10 + d; // saturate: anything this large is 413 anyway
                }
                if (HasContentLength && n != ContentLength) return StatusBadRequest;
                HasContentLength = true;
                ContentLength = n;
            }
            else if (HttpAscii.EqualsIgnoreCase(b, name, nameLength, NameTransferEncoding))
            {
                HasTransferEncoding = true;
            }
            else if (HttpAscii.EqualsIgnoreCase(b, name, nameLength, NameConnection))
            {
                ScanConnectionTokens(b, value, valueLength);
            }
            else if (HttpAscii.EqualsIgnoreCase(b, name, nameLength, NameExpect))
            {
                if (HttpAscii.EqualsIgnoreCase(b, value, valueLength, Token100Continue)) ExpectContinue = true;
            }
            return 0;
        }

        // Connection = #connection-option (RFC 9110 7.6.1): comma-separated tokens.
        private void ScanConnectionTokens(byte[] b, int value, int length)
        {
            int end = value + length;
            int p = value;
            while (p < end)
            {
                while (p < end && (b[p] == HttpAscii.ByteComma || b[p] == HttpAscii.ByteSpace || b[p] == HttpAscii.ByteTab)) p++;
                int t = p;
                while (p < end && b[p] != HttpAscii.ByteComma && b[p] != HttpAscii.ByteSpace && b[p] != HttpAscii.ByteTab) p++;
                if (HttpAscii.EqualsIgnoreCase(b, t, p - t, TokenClose)) _closeToken = true;
                else if (HttpAscii.EqualsIgnoreCase(b, t, p - t, TokenKeepAlive)) _keepAliveToken = true;
            }
        }

        private int FinishHead()
        {
            // RFC 9112 3.2: a server MUST respond 400 to an HTTP/1.1 request without Host,
            // or with more than one Host field.
            if (_hostCount > 1 || (VersionMinor >= 1 && _hostCount == 0)) return StatusBadRequest;
            // RFC 9112 6.1: we implement no transfer coding (no chunked request bodies);
            // a server SHOULD answer 501 to one it does not understand.
            if (HasTransferEncoding) return StatusNotImplemented;
            if (ContentLength > _maxBodyLength) return StatusPayloadTooLarge;
            return 0;
        }

        private static bool StartsWithIgnoreCase(byte[] b, int offset, int length, byte[] lowerConstant)
        {
            if (length < lowerConstant.Length) return false;
            return HttpAscii.EqualsIgnoreCase(b, offset, lowerConstant.Length, lowerConstant);
        }
    }
}
