using System;
using System.Text;
using NanoTcp.Http;
using Xunit;

namespace NanoTcp.Tests.Http
{
    public class HttpServerTests
    {
        private sealed class TextHandler : IHttpHandler
        {
            private readonly string _text;
            public int Calls;
            public TextHandler(string text) { _text = text; }
            public void Handle(HttpRequest request, HttpResponse response)
            {
                Calls++;
                response.ContentType = HttpContentType.Text;
                response.WriteAscii(_text);
            }
        }

        /// <summary>Answers with the request body and its length (for POST tests).</summary>
        private sealed class EchoBodyHandler : IHttpHandler
        {
            public void Handle(HttpRequest request, HttpResponse response)
            {
                response.ContentType = HttpContentType.OctetStream;
                response.AddHeader("X-Body-Length", "yes");
                response.Write(request.Buffer, request.BodyStart, request.BodyLength);
            }
        }

        private sealed class ResourceHandler : IHttpHandler
        {
            private readonly byte[] _data;
            public ResourceHandler(byte[] data) { _data = data; }
            public void Handle(HttpRequest request, HttpResponse response)
            {
                response.ContentType = HttpContentType.OctetStream;
                response.SendResource(_data, 0, _data.Length);
            }
        }

        private sealed class HugeHandler : IHttpHandler
        {
            public void Handle(HttpRequest request, HttpResponse response)
            {
                for (int i = 0; i < 100000; i++) response.WriteAscii("0123456789");
            }
        }

        private readonly FakeTcp _tcp = new FakeTcp();
        private HttpServer _server;
        private long _now = 1000;

        private HttpServer Start(HttpServerOptions o = null)
        {
            o = o ?? new HttpServerOptions();
            _server = new HttpServer(_tcp, o);
            _server.Route("GET", "/", new TextHandler("hello"));
            _server.Route("GET", "/bench", new TextHandler(new string('b', 64)));
            _server.Route("POST", "/echo", new EchoBodyHandler());
            _server.RoutePrefix("GET", "/files/", new TextHandler("file"));
            _server.Route("GET", "/huge", new HugeHandler());
            _server.Start();
            return _server;
        }

        private void Poll(int times = 1)
        {
            for (int i = 0; i < times; i++) _server.Poll(_now);
        }

        private string Exchange(int h, string request)
        {
            _tcp.ClientSend(h, request);
            Poll();
            return _tcp.ClientReadAll(h);
        }

        [Fact]
        public void Get_answers_200_with_length_and_keeps_the_connection()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "GET / HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\nhello", r);
            Assert.False(_tcp[h].ServerClosed);
            Assert.Equal(1, _server.ActiveConnections);
            Assert.Equal(1, _server.Counters.Requests);
        }

        [Fact]
        public void Pipelined_requests_are_answered_in_order()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "GET /bench HTTP/1.1\r\nHost: d\r\n\r\nGET / HTTP/1.1\r\nHost: d\r\n\r\nGET /nope HTTP/1.1\r\nHost: d\r\n\r\n");
            int first = r.IndexOf(new string('b', 64), StringComparison.Ordinal);
            int second = r.IndexOf("hello", StringComparison.Ordinal);
            int third = r.IndexOf("404 Not Found", StringComparison.Ordinal);
            Assert.True(first > 0 && second > first && third > second, r);
            Assert.Equal(3, _server.Counters.Requests);
        }

        [Fact]
        public void Request_split_across_segments_is_answered_once_complete()
        {
            Start();
            int h = _tcp.ClientConnect();
            Assert.Equal("", Exchange(h, "GET / HT"));
            Assert.Equal("", Exchange(h, "TP/1.1\r\nHost: d\r\n"));
            Assert.EndsWith("hello", Exchange(h, "\r\n"));
        }

        [Fact]
        public void Unknown_path_is_404_and_the_connection_stays()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "GET /missing HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", r);
            Assert.False(_tcp[h].ServerClosed);
            Assert.EndsWith("hello", Exchange(h, "GET / HTTP/1.1\r\nHost: d\r\n\r\n"));
        }

        [Fact]
        public void Wrong_method_is_405_with_Allow()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "DELETE /bench HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", r);
            Assert.Contains("\r\nAllow: GET, HEAD\r\n", r);
            r = Exchange(h, "GET /echo HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Contains("\r\nAllow: POST\r\n", r);
        }

        [Fact]
        public void Head_gets_the_get_length_and_no_body()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "HEAD /bench HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Equal("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 64\r\n\r\n", r);
            Assert.EndsWith("hello", Exchange(h, "GET / HTTP/1.1\r\nHost: d\r\n\r\n")); // framing intact after HEAD
        }

        [Fact]
        public void Prefix_route_matches_below_it()
        {
            Start();
            int h = _tcp.ClientConnect();
            Assert.EndsWith("file", Exchange(h, "GET /files/a/b.txt HTTP/1.1\r\nHost: d\r\n\r\n"));
            Assert.StartsWith("HTTP/1.1 404", Exchange(h, "GET /files HTTP/1.1\r\nHost: d\r\n\r\n"));
        }

        [Fact]
        public void Post_body_by_content_length_reaches_the_handler_even_in_pieces()
        {
            Start();
            int h = _tcp.ClientConnect();
            Assert.Equal("", Exchange(h, "POST /echo HTTP/1.1\r\nHost: d\r\nContent-Length: 11\r\n\r\nhello"));
            string r = Exchange(h, " worldGET / HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.Contains("Content-Length: 11\r\nX-Body-Length: yes\r\n\r\nhello world", r);
            Assert.EndsWith("hello", r);
        }

        [Fact]
        public void Expect_100_continue_gets_an_interim_response_before_the_body()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "POST /echo HTTP/1.1\r\nHost: d\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", r);
            Assert.EndsWith("abc", Exchange(h, "abc"));
        }

        [Theory]
        [InlineData("GARBAGE\r\n\r\n", 400)]
        [InlineData("GET / HTTP/1.1\r\n\r\n", 400)]
        [InlineData("GET / HTTP/3.0\r\nHost: d\r\n\r\n", 505)]
        [InlineData("POST /echo HTTP/1.1\r\nHost: d\r\nContent-Length: 100000\r\n\r\n", 413)]
        [InlineData("POST /echo HTTP/1.1\r\nHost: d\r\nTransfer-Encoding: chunked\r\n\r\n", 501)]
        public void Bad_requests_get_their_status_and_the_connection_is_closed(string request, int status)
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, request);
            Assert.StartsWith("HTTP/1.1 " + status + " ", r);
            Assert.Contains("\r\nConnection: close\r\n", r);
            Poll();
            Assert.True(_tcp[h].ServerClosed);
            Assert.Equal(0, _server.ActiveConnections);
        }

        [Fact]
        public void Long_target_is_414_and_long_headers_are_431()
        {
            Start(new HttpServerOptions { RequestBufferSize = 512, MaxRequestLineLength = 128, MaxBodySize = 100 });
            int h = _tcp.ClientConnect();
            Assert.StartsWith("HTTP/1.1 414 ", Exchange(h, "GET /" + new string('x', 200) + " HTTP/1.1\r\nHost: d\r\n\r\n"));
            int h2 = _tcp.ClientConnect();
            Assert.StartsWith("HTTP/1.1 431 ", Exchange(h2, "GET / HTTP/1.1\r\nHost: d\r\nCookie: " + new string('c', 600) + "\r\n\r\n"));
        }

        [Fact]
        public void Http10_without_keep_alive_is_closed_after_the_response()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "GET / HTTP/1.0\r\n\r\n");
            Assert.Contains("Connection: close", r);
            Poll();
            Assert.True(_tcp[h].ServerClosed);
        }

        [Fact]
        public void Resource_larger_than_the_send_ring_streams_as_the_window_opens()
        {
            var data = new byte[100_000];
            new Random(5).NextBytes(data);
            var tcp = new FakeTcp(sendCapacity: 1460);
            var server = new HttpServer(tcp, new HttpServerOptions());
            server.Route("GET", "/blob", new ResourceHandler(data));
            server.Start();
            int h = tcp.ClientConnect();
            tcp.ClientSend(h, "GET /blob HTTP/1.1\r\nHost: d\r\n\r\nGET /blob HTTP/1.1\r\nHost: d\r\n\r\n");
            var got = new System.IO.MemoryStream();
            var chunk = new byte[1460];
            for (int i = 0; i < 1000 && got.Length < 2 * data.Length + 100; i++)
            {
                server.Poll(0);
                int n = tcp.ClientRead(h, chunk, 0, chunk.Length);
                got.Write(chunk, 0, n);
            }
            byte[] all = got.ToArray();
            string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n";
            Assert.Equal(2 * (head.Length + data.Length), all.Length);
            for (int k = 0; k < 2; k++)
            {
                int at = k * (head.Length + data.Length);
                Assert.Equal(head, Encoding.ASCII.GetString(all, at, head.Length));
                Assert.True(data.AsSpan().SequenceEqual(all.AsSpan(at + head.Length, data.Length)), "body " + k + " differs");
            }
        }

        [Fact]
        public void Response_too_big_for_the_buffer_is_500_not_truncated()
        {
            Start();
            int h = _tcp.ClientConnect();
            string r = Exchange(h, "GET /huge HTTP/1.1\r\nHost: d\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 500 ", r);
            Assert.Equal(1, _server.Counters.Overflows);
        }

        [Fact]
        public void Idle_connection_closes_after_the_timeout_and_the_deadline_says_when()
        {
            Start(new HttpServerOptions { IdleTimeoutMs = 5000 });
            int h = _tcp.ClientConnect();
            Poll();
            Assert.Equal(_now + 5000, _server.NextDeadline(_now));
            _now += 4999;
            Poll();
            Assert.False(_tcp[h].ServerClosed);
            Exchange(h, "GET / HTTP/1.1\r\nHost: d\r\n\r\n"); // activity restarts the timer
            Assert.Equal(_now + 5000, _server.NextDeadline(_now));
            _now += 5000;
            Poll();
            Assert.True(_tcp[h].ServerClosed);
            Assert.Equal(1, _server.Counters.IdleTimeouts);
            Assert.Equal(long.MaxValue, _server.NextDeadline(_now));
        }

        [Fact]
        public void Connection_limit_holds_extra_clients_in_the_backlog_until_a_slot_frees()
        {
            Start(new HttpServerOptions { MaxConnections = 2 });
            int a = _tcp.ClientConnect(), b = _tcp.ClientConnect(), c = _tcp.ClientConnect();
            _tcp.ClientSend(a, "GET / HTTP/1.1\r\nHost: d\r\n"); // a and b are mid-request: not evictable
            _tcp.ClientSend(b, "GET / HTTP/1.1\r\nHost: d\r\n");
            Poll();
            Assert.Equal(2, _server.ActiveConnections);
            Assert.False(_tcp[c].Accepted);
            _tcp.ClientSend(a, "Connection: close\r\n\r\n");
            Poll(2);
            Assert.True(_tcp[a].ServerClosed);
            Assert.True(_tcp[c].Accepted);
            Assert.EndsWith("hello", Exchange(c, "GET / HTTP/1.1\r\nHost: d\r\n\r\n"));
        }

        [Fact]
        public void An_idle_keep_alive_connection_makes_room_for_a_waiting_client()
        {
            Start(new HttpServerOptions { MaxConnections = 1 });
            int a = _tcp.ClientConnect();
            Exchange(a, "GET / HTTP/1.1\r\nHost: d\r\n\r\n");
            int b = _tcp.ClientConnect();
            Poll();
            Assert.True(_tcp[a].ServerClosed);
            Assert.True(_tcp[b].Accepted);
            Assert.Equal(1, _server.Counters.Evictions);
        }

        [Fact]
        public void Peer_reset_releases_the_slot()
        {
            Start();
            int h = _tcp.ClientConnect();
            Poll();
            _tcp.ClientReset(h);
            Poll();
            Assert.Equal(0, _server.ActiveConnections);
            Assert.Equal(1, _server.Counters.Resets);
        }

        [Fact]
        public void Peer_close_after_a_request_still_gets_the_answer_then_the_server_closes()
        {
            Start();
            int h = _tcp.ClientConnect();
            _tcp.ClientSend(h, "GET / HTTP/1.1\r\nHost: d\r\n\r\n");
            _tcp.ClientClose(h);
            Poll();
            Assert.EndsWith("hello", _tcp.ClientReadAll(h));
            Poll();
            Assert.True(_tcp[h].ServerClosed);
        }

        [Fact]
        public void Routes_after_start_and_bad_routes_throw_with_advice()
        {
            var s = new HttpServer(_tcp, new HttpServerOptions { MaxRoutes = 1 });
            Assert.Throws<ArgumentException>(() => s.Route("GET", "nopath", new TextHandler("")));
            Assert.Throws<ArgumentException>(() => s.Route("G T", "/", new TextHandler("")));
            s.Route("GET", "/", new TextHandler(""));
            var e = Assert.Throws<InvalidOperationException>(() => s.Route("GET", "/b", new TextHandler("")));
            Assert.Contains("MaxRoutes", e.Message);
            s.Start();
            var late = Assert.Throws<InvalidOperationException>(() => s.Route("GET", "/c", new TextHandler("")));
            Assert.Contains("before", late.Message);
        }

        [Fact]
        public void Steady_state_keep_alive_requests_allocate_nothing()
        {
            Start();
            int h = _tcp.ClientConnect();
            byte[] req = Encoding.ASCII.GetBytes("GET /bench HTTP/1.1\r\nHost: d\r\n\r\nHEAD / HTTP/1.1\r\nHost: d\r\n\r\nGET /x HTTP/1.1\r\nHost: d\r\n\r\n");
            byte[] sink = new byte[8192];
            for (int i = 0; i < 10; i++) { _tcp.ClientSend(h, req, 0, req.Length); Poll(); _tcp.ClientRead(h, sink, 0, sink.Length); }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                _tcp.ClientSend(h, req, 0, req.Length);
                Poll();
                _tcp.ClientRead(h, sink, 0, sink.Length);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(3 * 1010, _server.Counters.Requests);
            Assert.Equal(0, allocated);
        }
    }
}
