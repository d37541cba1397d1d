using System;
using System.Text;
using NanoTcp.Http;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Http
{
    /// <summary>Bodies written in pieces while they are sent (IHttpBodySource): chunked
    /// framing (RFC 9112 7.1), HTTP/1.0 close delimiting (RFC 9112 6.3), Content-Length for a
    /// known length, HEAD, a piece that cannot fit, and the status JSON staying valid JSON
    /// when the tables change between pieces.</summary>
    public class HttpBodySourceTests
    {
        /// <summary>Writes count items "item N;" (8 to 9 bytes each), whole items per piece.</summary>
        private sealed class Items : IHttpBodySource, IHttpHandler
        {
            private readonly int _count;
            private readonly int _length;
            public int Pieces;
            public Items(int count, bool knownLength)
            {
                _count = count;
                _length = knownLength ? Text(count).Length : -1;
            }
            public static string Text(int count)
            {
                var sb = new StringBuilder();
                for (int i = 0; i < count; i++) sb.Append("item ").Append(i).Append(';');
                return sb.ToString();
            }
            public void Handle(HttpRequest request, HttpResponse response) { response.SendBody(this, _length); }
            public int Write(ref int state, long nowMs, byte[] buffer, int offset, int count)
            {
                Pieces++;
                int at = offset;
                while (state < _count)
                {
                    string item = "item " + state + ";";
                    if (item.Length > offset + count - at) break;
                    for (int i = 0; i < item.Length; i++) buffer[at++] = (byte)item[i];
                    state++;
                }
                if (state == _count) state = HttpBodyState.Done;
                return at - offset;
            }
        }

        private readonly FakeTcp _tcp = new FakeTcp(sendCapacity: 256);
        private HttpServer _server;

        private void Start(IHttpHandler handler, int responseBufferSize = 200)
        {
            _server = new HttpServer(_tcp, new HttpServerOptions { ResponseBufferSize = responseBufferSize, ResponseHeadRoom = 128 });
            _server.Route("GET", "/items", handler);
            _server.Start();
        }

        /// <summary>Polls and drains the client side until the server closes or nothing moves.</summary>
        private string Drain(int h)
        {
            var all = new StringBuilder();
            byte[] b = new byte[256];
            for (int i = 0; i < 200; i++)
            {
                _server.Poll(1000);
                int n = _tcp.ClientRead(h, b, 0, b.Length);
                all.Append(Encoding.ASCII.GetString(b, 0, n));
                if (n == 0 && i > 2) break;
            }
            return all.ToString();
        }

        private static string Dechunk(string body)
        {
            var sb = new StringBuilder();
            int p = 0;
            while (true)
            {
                int eol = body.IndexOf("\r\n", p, StringComparison.Ordinal);
                int size = Convert.ToInt32(body.Substring(p, eol - p), 16);
                if (size == 0)
                {
                    Assert.Equal("0\r\n\r\n", body.Substring(p)); // nothing after the last chunk
                    return sb.ToString();
                }
                Assert.True(size <= 200, "a chunk larger than the response buffer");
                sb.Append(body, eol + 2, size);
                Assert.Equal("\r\n", body.Substring(eol + 2 + size, 2));
                p = eol + 4 + size;
            }
        }

        [Fact]
        public void RFC9112_7_1_a_body_of_unknown_length_goes_chunked_in_pieces_no_bigger_than_the_response_buffer()
        {
            var items = new Items(300, knownLength: false);
            Start(items);
            int h = _tcp.ClientConnect();
            _tcp.ClientSend(h, "GET /items HTTP/1.1\r\nHost: d\r\n\r\n");
            string r = Drain(h);
            int head = r.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", r);
            Assert.Contains("Transfer-Encoding: chunked\r\n", r.Substring(0, head + 2));
            Assert.DoesNotContain("Content-Length", r.Substring(0, head + 2));
            Assert.Equal(Items.Text(300), Dechunk(r.Substring(head + 4)));
            Assert.True(items.Pieces > 10, "the body must go out in many small pieces, not at once");
            Assert.False(_tcp[h].ServerClosed, "keep-alive stays");
            Assert.Equal(0, _server.Counters.Overflows);

            // The connection serves the next request after the last chunk.
            _tcp.ClientSend(h, "GET /items HTTP/1.1\r\nHost: d\r\n\r\n");
            string again = Drain(h);
            Assert.Equal(Items.Text(300), Dechunk(again.Substring(again.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)));
        }

        [Fact]
        public void RFC9112_6_3_an_HTTP_1_0_client_gets_the_body_delimited_by_the_close()
        {
            Start(new Items(100, knownLength: false));
            int h = _tcp.ClientConnect();
            _tcp.ClientSend(h, "GET /items HTTP/1.0\r\n\r\n");
            string r = Drain(h);
            int head = r.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", r);
            Assert.DoesNotContain("chunked", r.Substring(0, head + 2));
            Assert.Contains("Connection: close\r\n", r.Substring(0, head + 2));
            Assert.Equal(Items.Text(100), r.Substring(head + 4));
            Assert.True(_tcp[h].ServerClosed);
        }

        [Fact]
        public void A_known_length_goes_as_Content_Length_and_HEAD_gets_only_the_head()
        {
            Start(new Items(100, knownLength: true));
            int h = _tcp.ClientConnect();
            _tcp.ClientSend(h, "GET /items HTTP/1.1\r\nHost: d\r\n\r\n");
            string r = Drain(h);
            int head = r.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            Assert.Contains("Content-Length: " + Items.Text(100).Length + "\r\n", r.Substring(0, head + 2));
            Assert.Equal(Items.Text(100), r.Substring(head + 4));

            _tcp.ClientSend(h, "HEAD /items HTTP/1.1\r\nHost: d\r\n\r\n");
            string headOnly = Drain(h);
            Assert.EndsWith("\r\n\r\n", headOnly);
            Assert.Contains("Content-Length: " + Items.Text(100).Length + "\r\n", headOnly);
        }

        /// <summary>An item bigger than any piece: the response cannot be finished.</summary>
        private sealed class TooBig : IHttpBodySource, IHttpHandler
        {
            public void Handle(HttpRequest request, HttpResponse response) { response.SendBody(this, -1); }
            public int Write(ref int state, long nowMs, byte[] buffer, int offset, int count) { return 0; }
        }

        [Fact]
        public void A_source_whose_next_item_never_fits_aborts_the_connection_and_counts_an_overflow()
        {
            Start(new TooBig());
            int h = _tcp.ClientConnect();
            _tcp.ClientSend(h, "GET /items HTTP/1.1\r\nHost: d\r\n\r\n");
            Drain(h);
            Assert.Equal(1, _server.Counters.Overflows);
            Assert.True(_tcp[h].ServerAborted);
            Assert.Equal(0, _server.ActiveConnections);
        }

        [Fact]
        public void Pieces_allocate_nothing_once_warm()
        {
            Start(new AsciiTextBody(Items.Text(400), HttpContentType.Text, null));
            int h = _tcp.ClientConnect();
            byte[] b = new byte[256];
            byte[] request = Encoding.ASCII.GetBytes("GET /items HTTP/1.1\r\nHost: d\r\n\r\n");
            void Once()
            {
                _tcp.ClientSend(h, request, 0, request.Length);
                for (int i = 0; i < 100; i++) { _server.Poll(1000); _tcp.ClientRead(h, b, 0, b.Length); }
            }
            Once();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++) Once();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(6, _server.Counters.Requests);
        }
    }
}
