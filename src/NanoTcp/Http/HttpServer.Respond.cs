namespace NanoTcp.Http
{
    // Routing and response assembly.
    public sealed partial class HttpServer
    {
        private static readonly byte[] MethodGet = HttpAscii.Bytes("GET");
        private static readonly byte[] MethodHead = HttpAscii.Bytes("HEAD");
        private static readonly byte[] HeaderAllow = HttpAscii.Bytes("Allow");
        // The response head's fixed text, encoded once: on the nanoCLR every executed string
        // literal allocates, so Finish writes only these byte constants per response.
        private static readonly byte[] StatusLinePrefix = HttpAscii.Bytes("HTTP/1.1 ");
        private static readonly byte[] Space = HttpAscii.Bytes(" ");
        private static readonly byte[] CrLf = HttpAscii.Literal("\r\n");
        private static readonly byte[] ContentTypeName = HttpAscii.Bytes("Content-Type: ");
        private static readonly byte[] ContentLengthName = HttpAscii.Bytes("Content-Length: ");
        private static readonly byte[] ConnectionClose = HttpAscii.Literal("Connection: close\r\n");
        private static readonly byte[] TransferEncodingChunked = HttpAscii.Literal("Transfer-Encoding: chunked\r\n");
        private static readonly byte[] HeadersTooLong = HttpAscii.Literal("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        private void Dispatch(int index, long nowMs)
        {
            HttpConnectionSlot s = _slots[index];
            HttpRequestParser p = s.Parser;
            _request.Bind(s.In, p, index, nowMs);
            _response.Bind(s.Out, _options.ResponseHeadRoom);

            bool pathMatched = false;
            for (int i = 0; i < _routeCount; i++)
            {
                if (!PathMatches(i, s.In, p.PathStart, p.PathLength)) continue;
                pathMatched = true;
                bool methodMatches = HttpAscii.EqualsExact(s.In, p.MethodStart, p.MethodLength, _routeMethod[i])
                    || (p.IsHead && HttpAscii.EqualsExact(_routeMethod[i], 0, _routeMethod[i].Length, MethodGet)); // RFC 9110 9.3.2
                if (!methodMatches) continue;
                _routeHandler[i].Handle(_request, _response);
                if (_response.Overflowed)
                {
                    Counters.Overflows++;
                    BuildError(index, 500, false, false);
                    return;
                }
                Finish(index, p.IsHead, !p.KeepAlive || _response.CloseConnection);
                return;
            }
            if (!pathMatched)
            {
                BuildError(index, 404, !p.KeepAlive, p.IsHead);
                return;
            }
            // RFC 9110 15.5.6: 405 MUST carry Allow with the methods the target supports.
            _response.Bind(s.Out, _options.ResponseHeadRoom);
            WriteAllow(s.In, p.PathStart, p.PathLength);
            _response.Status = 405;
            _response.ContentType = HttpContentType.Text;
            WriteErrorBody(405);
            Counters.ErrorResponses++;
            Finish(index, p.IsHead, !p.KeepAlive);
        }

        private bool PathMatches(int route, byte[] b, int start, int length)
        {
            byte[] path = _routePath[route];
            return _routeIsPrefix[route] ? HttpAscii.StartsWith(b, start, length, path) : HttpAscii.EqualsExact(b, start, length, path);
        }

        private void WriteAllow(byte[] b, int pathStart, int pathLength)
        {
            // "Allow: GET, HEAD, POST" built in the head scratch, then added as one header.
            int n = 0;
            bool get = false;
            for (int i = 0; i < _routeCount; i++)
            {
                if (!PathMatches(i, b, pathStart, pathLength)) continue;
                byte[] m = _routeMethod[i];
                if (AlreadyListed(i, b, pathStart, pathLength)) continue;
                if (n + m.Length + 2 > _head.Length) break;
                if (n > 0) { _head[n++] = HttpAscii.ByteComma; _head[n++] = HttpAscii.ByteSpace; }
                System.Array.Copy(m, 0, _head, n, m.Length);
                n += m.Length;
                if (HttpAscii.EqualsExact(m, 0, m.Length, MethodGet)) get = true;
            }
            if (get && n + 6 <= _head.Length)
            {
                _head[n++] = HttpAscii.ByteComma; _head[n++] = HttpAscii.ByteSpace;
                System.Array.Copy(MethodHead, 0, _head, n, MethodHead.Length);
                n += MethodHead.Length;
            }
            _response.AddHeader(HeaderAllow, _head, 0, n);
        }

        private bool AlreadyListed(int route, byte[] b, int pathStart, int pathLength)
        {
            byte[] m = _routeMethod[route];
            for (int j = 0; j < route; j++)
            {
                if (PathMatches(j, b, pathStart, pathLength) && HttpAscii.EqualsExact(_routeMethod[j], 0, _routeMethod[j].Length, m)) return true;
            }
            return false;
        }

        /// <summary>Queues a server-generated error response on a connection.</summary>
        private void QueueError(int index, int status, bool close)
        {
            BuildError(index, status, close, false);
            if (close) _slots[index].CloseAfterFlush = true;
        }

        private void BuildError(int index, int status, bool close, bool headOnly)
        {
            HttpConnectionSlot s = _slots[index];
            _response.Bind(s.Out, _options.ResponseHeadRoom);
            _response.Status = status;
            _response.ContentType = HttpContentType.Text;
            WriteErrorBody(status);
            Counters.ErrorResponses++;
            Finish(index, headOnly, close);
        }

        private void WriteErrorBody(int status)
        {
            _response.WriteDecimal(status);
            _response.WriteByte(HttpAscii.ByteSpace);
            byte[] reason = HttpStatus.ReasonBytes(status);
            _response.Write(reason, 0, reason.Length);
            _response.WriteByte(HttpAscii.ByteLF);
        }

        /// <summary>
        /// Writes status line and headers into the head room just before the body, so head and
        /// body leave as one contiguous range. No Date header: RFC 9110 6.6.1 says an origin
        /// server without a reliable clock MUST NOT send one.
        /// </summary>
        private void Finish(int index, bool headOnly, bool close)
        {
            HttpConnectionSlot s = _slots[index];
            HttpResponse r = _response;
            long bodyLength = r.Resource != null ? r.ResourceLength : r.BodySource != null ? r.BodySourceLength : r.BodyLength;
            // A body of unknown length: chunked to HTTP/1.1 (RFC 9112 7.1), delimited by the
            // close to HTTP/1.0 (RFC 9112 6.3, item 8).
            bool chunked = bodyLength < 0 && s.Parser.VersionMinor >= 1;
            if (bodyLength < 0 && !chunked) close = true;
            byte[] h = _head;
            int end = h.Length;
            int n = 0;
            byte[] reason = HttpStatus.ReasonBytes(r.Status);
            n += Put(h, n, end, StatusLinePrefix);
            n += Num(h, n, end, r.Status);
            n += Put(h, n, end, Space);
            n += Put(h, n, end, reason);
            n += Put(h, n, end, CrLf);
            if (r.ContentType != null)
            {
                n += Put(h, n, end, ContentTypeName);
                n += Bytes(h, n, end, r.ContentType, r.ContentType.Length);
                n += Put(h, n, end, CrLf);
            }
            // RFC 9110 8.6: HEAD carries the Content-Length the GET response would have.
            if (bodyLength >= 0)
            {
                n += Put(h, n, end, ContentLengthName);
                n += Num(h, n, end, bodyLength);
                n += Put(h, n, end, CrLf);
            }
            else if (chunked)
            {
                n += Put(h, n, end, TransferEncodingChunked);
            }
            if (close) n += Put(h, n, end, ConnectionClose);
            n += Bytes(h, n, end, r.ExtraHeaders, r.ExtraHeadersLength);
            n += Put(h, n, end, CrLf);
            if (n > end || n < 0)
            {
                // Headers too long for the head room: a configuration error, not the client's.
                Counters.Overflows++;
                n = 0;
                n += Put(h, n, end, HeadersTooLong);
                close = true;
                headOnly = true;
            }
            int start = r.BodyStart - n;
            System.Array.Copy(h, 0, s.Out, start, n);
            s.OutPos = start;
            s.OutEnd = headOnly ? r.BodyStart : r.BodyEnd;
            if (!headOnly && r.Resource != null)
            {
                s.Resource = r.Resource;
                s.ResourcePos = r.ResourceOffset;
                s.ResourceEnd = r.ResourceOffset + r.ResourceLength;
            }
            if (!headOnly && r.BodySource != null)
            {
                s.BodySource = r.BodySource;
                s.BodyState = HttpBodyState.Start;
                s.BodyChunked = chunked;
            }
            if (close) s.CloseAfterFlush = true;
        }

        // Writers that return a huge count on overflow, so the total exceeds the room and
        // Finish falls back to a bare 500.
        private const int NoRoom = 1 << 20;

        private static int Put(byte[] b, int at, int end, byte[] constant)
        {
            return Bytes(b, at, end, constant, constant.Length);
        }

        private static int Num(byte[] b, int at, int end, long value)
        {
            if (at > end) return NoRoom;
            int n = HttpAscii.WriteDecimal(b, at, end, value);
            return n < 0 ? NoRoom : n;
        }

        private static int Bytes(byte[] b, int at, int end, byte[] src, int count)
        {
            if (at > end || count > end - at) return NoRoom;
            System.Array.Copy(src, 0, b, at, count);
            return count;
        }
    }
}
