namespace NanoTcp.Http
{
    /// <summary>
    /// Builds one response into the connection's fixed response buffer, without strings or
    /// allocation. The handler sets Status and ContentType, may add headers, then writes the
    /// body (bytes, ASCII constants, decimal numbers, addresses) or points at a byte[]
    /// resource that is streamed by reference. The server then writes the status line,
    /// Content-Length and Connection in front of the body (the buffer keeps
    /// HttpServerOptions.ResponseHeadRoom bytes free for that) and streams the whole as the
    /// TCP send window allows.
    ///
    /// Writes past the buffer set Overflowed; the server then answers 500 instead of
    /// sending a truncated body.
    /// </summary>
    public sealed class HttpResponse
    {
        private readonly byte[] _headers;   // extra header lines, "Name: value\r\n" each
        private int _headersLength;
        private byte[] _buffer;
        private int _bodyStart;
        private int _bodyEnd;

        internal HttpResponse(int headRoom)
        {
            _headers = new byte[headRoom];
        }

        /// <summary>Status code, 200 unless set. The reason phrase comes from HttpStatus.</summary>
        public int Status;
        /// <summary>Content-Type value (HttpContentType constants), or null for none.</summary>
        public byte[] ContentType;
        /// <summary>Set when a write did not fit; the server answers 500 instead.</summary>
        public bool Overflowed { get; private set; }
        /// <summary>Ask the server to close the connection after this response.</summary>
        public bool CloseConnection;

        internal IHttpBodySource BodySource { get; private set; }
        /// <summary>Length of a BodySource's body, or -1 when unknown (sent chunked).</summary>
        internal int BodySourceLength { get; private set; }
        internal byte[] Resource { get; private set; }
        internal int ResourceOffset { get; private set; }
        internal int ResourceLength { get; private set; }
        internal byte[] Buffer { get { return _buffer; } }
        internal int BodyStart { get { return _bodyStart; } }
        internal int BodyEnd { get { return _bodyEnd; } }
        internal byte[] ExtraHeaders { get { return _headers; } }
        internal int ExtraHeadersLength { get { return _headersLength; } }

        internal void Bind(byte[] buffer, int bodyStart)
        {
            _buffer = buffer;
            _bodyStart = bodyStart;
            _bodyEnd = bodyStart;
            _headersLength = 0;
            Status = 200;
            ContentType = null;
            Overflowed = false;
            CloseConnection = false;
            Resource = null;
            ResourceOffset = 0;
            ResourceLength = 0;
            BodySource = null;
            BodySourceLength = 0;
        }

        /// <summary>Bytes of body written so far (not counting a resource).</summary>
        public int BodyLength { get { return _bodyEnd - _bodyStart; } }

        /// <summary>Bytes of body room left.</summary>
        public int Remaining { get { return _buffer.Length - _bodyEnd; } }

        /// <summary>Adds "name: value". Both are printable ASCII constants.</summary>
        public void AddHeader(byte[] name, byte[] value)
        {
            AddHeader(name, value, 0, value.Length);
        }

        /// <summary>Adds "name: value" with the value taken from a range of a buffer.</summary>
        public void AddHeader(byte[] name, byte[] value, int valueOffset, int valueLength)
        {
            if (_headersLength + name.Length + valueLength + 4 > _headers.Length) { Overflowed = true; return; }
            System.Array.Copy(name, 0, _headers, _headersLength, name.Length);
            _headersLength += name.Length;
            _headers[_headersLength++] = HttpAscii.ByteColon;
            _headers[_headersLength++] = HttpAscii.ByteSpace;
            System.Array.Copy(value, valueOffset, _headers, _headersLength, valueLength);
            _headersLength += valueLength;
            _headers[_headersLength++] = HttpAscii.ByteCR;
            _headers[_headersLength++] = HttpAscii.ByteLF;
        }

        /// <summary>Adds "name: value" from string constants (their characters are copied; no allocation).</summary>
        public void AddHeader(string name, string value)
        {
            if (_headersLength + name.Length + value.Length + 4 > _headers.Length) { Overflowed = true; return; }
            _headersLength += HttpAscii.WriteAscii(_headers, _headersLength, _headers.Length, name);
            _headers[_headersLength++] = HttpAscii.ByteColon;
            _headers[_headersLength++] = HttpAscii.ByteSpace;
            _headersLength += HttpAscii.WriteAscii(_headers, _headersLength, _headers.Length, value);
            _headers[_headersLength++] = HttpAscii.ByteCR;
            _headers[_headersLength++] = HttpAscii.ByteLF;
        }

        /// <summary>Sends data[offset..offset+length) as the body, streamed by reference as the
        /// window allows: the array must not change while connections may still be sending it
        /// (static content). Replaces any body bytes written so far.</summary>
        public void SendResource(byte[] data, int offset, int length)
        {
            if (data == null || offset < 0 || length < 0 || offset + length > data.Length)
                throw new System.ArgumentException("SendResource needs a byte[] and a range inside it.", "data");
            _bodyEnd = _bodyStart;
            BodySource = null;
            Resource = data;
            ResourceOffset = offset;
            ResourceLength = length;
        }

        /// <summary>Sends a body the source writes in pieces while it is sent (IHttpBodySource):
        /// length bytes with a Content-Length, or -1 when the length is not known in advance
        /// (then the body goes chunked to HTTP/1.1 clients and until the close to HTTP/1.0
        /// ones). Replaces any body bytes written so far.</summary>
        public void SendBody(IHttpBodySource source, int length)
        {
            if (source == null || length < -1)
                throw new System.ArgumentException("SendBody needs a body source and its length (-1 when unknown).", "source");
            _bodyEnd = _bodyStart;
            Resource = null;
            BodySource = source;
            BodySourceLength = length;
        }

        public void Write(byte[] data, int offset, int count)
        {
            if (count > _buffer.Length - _bodyEnd) { Overflowed = true; return; }
            System.Array.Copy(data, offset, _buffer, _bodyEnd, count);
            _bodyEnd += count;
        }

        public void Write(byte[] data)
        {
            Write(data, 0, data.Length);
        }

        public void WriteByte(byte value)
        {
            if (_bodyEnd >= _buffer.Length) { Overflowed = true; return; }
            _buffer[_bodyEnd++] = value;
        }

        /// <summary>Copies the characters of an ASCII string constant (no allocation).</summary>
        public void WriteAscii(string text)
        {
            Advance(HttpAscii.WriteAscii(_buffer, _bodyEnd, _buffer.Length, text));
        }

        public void WriteDecimal(long value)
        {
            Advance(HttpAscii.WriteDecimal(_buffer, _bodyEnd, _buffer.Length, value));
        }

        /// <summary>A 32-bit unsigned value (sequence numbers) in decimal.</summary>
        public void WriteUnsigned(uint value)
        {
            Advance(HttpAscii.WriteUnsigned(_buffer, _bodyEnd, _buffer.Length, value));
        }

        public void WriteIpv4(uint address)
        {
            Advance(HttpAscii.WriteIpv4(_buffer, _bodyEnd, _buffer.Length, address));
        }

        public void WriteMac(byte[] mac, int offset)
        {
            Advance(HttpAscii.WriteMac(_buffer, _bodyEnd, _buffer.Length, mac, offset));
        }

        private void Advance(int written)
        {
            if (written < 0) Overflowed = true;
            else _bodyEnd += written;
        }
    }
}
