using System.Text;
using NanoTcp.Http;
using Xunit;

namespace NanoTcp.Tests.Http
{
    public class HttpRequestParserTests
    {
        private static HttpRequestParser NewParser(int maxHeaders = 16, int maxLine = 128, int maxHead = 1024, int maxBody = 512)
        {
            return new HttpRequestParser(maxHeaders, maxLine, maxHead, maxBody);
        }

        private static int ParseAll(HttpRequestParser p, byte[] b, int offset = 0)
        {
            return p.Parse(b, offset, b.Length - offset);
        }

        private static string Slice(byte[] b, int start, int length)
        {
            return Encoding.ASCII.GetString(b, start, length);
        }

        [Fact]
        public void Simple_get_is_parsed_into_offsets()
        {
            byte[] b = Encoding.ASCII.GetBytes("GET /status.json?x=1 HTTP/1.1\r\nHost: device\r\nAccept: */*  \r\n\r\n");
            var p = NewParser();
            Assert.Equal(HttpRequestParser.Complete, ParseAll(p, b));
            Assert.Equal("GET", Slice(b, p.MethodStart, p.MethodLength));
            Assert.Equal("/status.json", Slice(b, p.PathStart, p.PathLength));
            Assert.Equal("x=1", Slice(b, p.QueryStart, p.QueryLength));
            Assert.Equal(1, p.VersionMinor);
            Assert.Equal(2, p.HeaderCount);
            Assert.Equal("Accept", Slice(b, p.HeaderNameStart(1), p.HeaderNameLength(1)));
            Assert.Equal("*/*", Slice(b, p.HeaderValueStart(1), p.HeaderValueLength(1)));
            Assert.Equal(b.Length, p.HeadLength);
            Assert.True(p.KeepAlive);
            Assert.False(p.IsHead);
            Assert.Equal(0, p.ContentLength);
            Assert.Equal(1, p.FindHeader(b, HttpAscii.Bytes("accept")));
            Assert.Equal(-1, p.FindHeader(b, HttpAscii.Bytes("cookie")));
        }

        [Fact]
        public void Head_arriving_one_byte_at_a_time_needs_more_until_the_blank_line()
        {
            byte[] full = Encoding.ASCII.GetBytes("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
            int headLength = full.Length - 5;
            var p = NewParser();
            byte[] buf = new byte[full.Length + 7];
            const int offset = 7; // a non-zero start must work too
            for (int n = 1; n <= headLength; n++)
            {
                buf[offset + n - 1] = full[n - 1];
                int r = p.Parse(buf, offset, n);
                if (n < headLength) Assert.Equal(HttpRequestParser.NeedMore, r);
                else Assert.Equal(HttpRequestParser.Complete, r);
            }
            Assert.Equal(headLength, p.HeadLength);
            Assert.Equal(5, p.ContentLength);
            Assert.Equal("/x", Slice(buf, p.PathStart, p.PathLength));
            Assert.Equal(HttpRequestParser.Complete, p.Parse(buf, offset, headLength)); // idempotent once done
        }

        [Fact]
        public void Pipelined_requests_parse_one_after_another_from_their_offsets()
        {
            byte[] b = Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: d\r\n\r\nGET /bb HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
            var p = NewParser();
            Assert.Equal(HttpRequestParser.Complete, ParseAll(p, b));
            Assert.Equal("/a", Slice(b, p.PathStart, p.PathLength));
            Assert.True(p.KeepAlive);
            int next = p.HeadLength;
            p.Reset();
            Assert.Equal(HttpRequestParser.Complete, p.Parse(b, next, b.Length - next));
            Assert.Equal("/bb", Slice(b, p.PathStart, p.PathLength));
            Assert.False(p.KeepAlive);
            Assert.Equal(b.Length - next, p.HeadLength);
        }

        [Theory]
        [InlineData("GET / HTTP/1.1\nHost: a\n\n")]             // RFC 9112 2.2: bare LF accepted
        [InlineData("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")]   // RFC 9112 2.2: leading empty line ignored
        [InlineData("GET http://device/ HTTP/1.1\r\nHost: device\r\n\r\n")] // RFC 9112 3.2.2 absolute-form
        [InlineData("GET / HTTP/1.0\r\n\r\n")]                  // 1.0 needs no Host
        [InlineData("GET / HTTP/1.1\r\nHost:\r\n\r\n")]         // empty Host value is allowed (RFC 9112 3.2)
        public void Valid_variants_complete(string text)
        {
            byte[] b = Encoding.ASCII.GetBytes(text);
            var p = NewParser();
            Assert.Equal(HttpRequestParser.Complete, ParseAll(p, b));
            Assert.Equal("/", Slice(b, p.PathStart, p.PathLength));
        }

        [Theory]
        [InlineData("GET /\r\nHost: a\r\n\r\n", 400)]                          // no version
        [InlineData("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]                // two spaces
        [InlineData("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]                 // method not a token
        [InlineData("GET / http/1.1\r\nHost: a\r\n\r\n", 400)]                 // version is case-sensitive
        [InlineData("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400)]                // trailing space
        [InlineData("GET foo HTTP/1.1\r\nHost: a\r\n\r\n", 400)]               // not origin-form
        [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400)]                // RFC 9112 5.1 space before colon
        [InlineData("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400)]      // RFC 9112 5.2 obs-fold
        [InlineData("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400)]
        [InlineData("GET / HTTP/1.1\r\n: empty-name\r\nHost: a\r\n\r\n", 400)]
        [InlineData("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400)]              // bare CR in a value
        [InlineData("GET / HTTP/1.1\r\nX: a\0b\r\nHost: a\r\n\r\n", 400)]      // NUL in a value
        [InlineData("GET / HTTP/1.1\r\n\r\n", 400)]                            // RFC 9112 3.2: Host missing
        [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]      // two Hosts
        [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400)]
        [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 513\r\n\r\n", 413)]
        [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413)]
        [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501)]
        [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)]
        [InlineData("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505)]
        public void Malformed_or_refused_requests_give_their_status(string text, int status)
        {
            byte[] b = Encoding.ASCII.GetBytes(text);
            var p = NewParser();
            Assert.Equal(status, ParseAll(p, b));
            Assert.Equal(status, ParseAll(p, b)); // sticky until Reset
            p.Reset();
            Assert.Equal(status, ParseAll(p, b)); // and deterministic
        }

        [Fact]
        public void Request_line_over_the_limit_is_414_even_before_its_end_arrives()
        {
            var p = NewParser(maxLine: 64);
            byte[] b = Encoding.ASCII.GetBytes("GET /" + new string('a', 80));
            Assert.Equal(HttpRequestParser.StatusUriTooLong, ParseAll(p, b));
        }

        [Fact]
        public void Request_line_at_the_limit_is_accepted()
        {
            string line = "GET /" + new string('a', 64 - 14) + " HTTP/1.1";
            Assert.Equal(64, line.Length);
            var p = NewParser(maxLine: 64);
            Assert.Equal(HttpRequestParser.Complete, ParseAll(p, Encoding.ASCII.GetBytes(line + "\r\nHost: a\r\n\r\n")));
            p = NewParser(maxLine: 63);
            Assert.Equal(HttpRequestParser.StatusUriTooLong, ParseAll(p, Encoding.ASCII.GetBytes(line + "\r\nHost: a\r\n\r\n")));
        }

        [Fact]
        public void Too_many_headers_is_431()
        {
            var sb = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
            for (int i = 0; i < 4; i++) sb.Append("X-").Append(i).Append(": v\r\n");
            sb.Append("\r\n");
            Assert.Equal(HttpRequestParser.StatusHeadersTooLarge, ParseAll(NewParser(maxHeaders: 4), Encoding.ASCII.GetBytes(sb.ToString())));
            Assert.Equal(HttpRequestParser.Complete, ParseAll(NewParser(maxHeaders: 5), Encoding.ASCII.GetBytes(sb.ToString())));
        }

        [Fact]
        public void Head_longer_than_the_buffer_is_431_without_waiting_for_its_end()
        {
            var p = NewParser(maxLine: 64, maxHead: 100);
            byte[] b = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nCookie: " + new string('c', 200));
            Assert.Equal(HttpRequestParser.NeedMore, p.Parse(b, 0, 60));
            Assert.Equal(HttpRequestParser.StatusHeadersTooLarge, p.Parse(b, 0, 100));
        }

        [Fact]
        public void Truncated_heads_need_more_at_every_cut()
        {
            byte[] b = Encoding.ASCII.GetBytes("GET /index.html HTTP/1.1\r\nHost: device\r\nConnection: keep-alive\r\n\r\n");
            for (int cut = 0; cut < b.Length; cut++)
            {
                var p = NewParser();
                Assert.Equal(HttpRequestParser.NeedMore, p.Parse(b, 0, cut));
            }
        }

        [Theory]
        [InlineData("GET / HTTP/1.0\r\n\r\n", false)]
        [InlineData("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true)]
        [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true)]
        [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, CLOSE\r\n\r\n", false)]
        [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive,close\r\n\r\n", false)]
        public void Persistence_follows_version_and_connection_tokens(string text, bool keepAlive)
        {
            var p = NewParser();
            Assert.Equal(HttpRequestParser.Complete, ParseAll(p, Encoding.ASCII.GetBytes(text)));
            Assert.Equal(keepAlive, p.KeepAlive);
        }

        [Fact]
        public void Head_method_and_expect_continue_are_flagged()
        {
            var p = NewParser();
            Assert.Equal(HttpRequestParser.Complete, ParseAll(p, Encoding.ASCII.GetBytes("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")));
            Assert.True(p.IsHead);
            p.Reset();
            Assert.Equal(HttpRequestParser.Complete, ParseAll(p, Encoding.ASCII.GetBytes("PUT /f HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 10\r\n\r\n")));
            Assert.True(p.ExpectContinue);
            Assert.False(p.IsHead);
        }

        [Fact]
        public void Random_bytes_never_throw_and_end_in_a_defined_result()
        {
            var rng = new System.Random(1234);
            var p = NewParser(maxHead: 256);
            byte[] b = new byte[300];
            for (int round = 0; round < 2000; round++)
            {
                rng.NextBytes(b);
                if (round % 3 == 0) Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n").CopyTo(b, 0);
                int len = rng.Next(0, b.Length + 1);
                p.Reset();
                int r = p.Parse(b, 0, len);
                Assert.True(r == HttpRequestParser.NeedMore || r == HttpRequestParser.Complete || (r >= 400 && r <= 505), "result " + r);
                if (len >= 256) Assert.NotEqual(HttpRequestParser.NeedMore, r);
            }
        }

        [Fact]
        public void Parsing_allocates_nothing()
        {
            byte[] b = Encoding.ASCII.GetBytes("GET /bench HTTP/1.1\r\nHost: device\r\nUser-Agent: t\r\nConnection: keep-alive\r\n\r\n");
            var p = NewParser();
            p.Parse(b, 0, b.Length); // warm up (static constants)
            long before = System.GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                p.Reset();
                p.Parse(b, 0, b.Length);
            }
            Assert.Equal(0, System.GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
