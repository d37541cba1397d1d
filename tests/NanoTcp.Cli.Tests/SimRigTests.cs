using System;
using System.Text;
using NanoTcp.Cli.Serve;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Cli.Tests
{
    /// <summary>
    /// The serve rig under a virtual clock: host-side NanoTcp -> cable -> simulated W5500 ->
    /// SPI -> W5500Device -> device NanoTcp -> HttpServer / DeviceServices.
    /// </summary>
    public class SimRigTests
    {
        private readonly SimRig _rig;
        private long _now = 1000;
        private readonly byte[] _rx = new byte[65536];

        public SimRigTests()
        {
            _rig = new SimRig(_now);
        }

        private void Step(int times = 1)
        {
            for (int i = 0; i < times; i++)
            {
                _now += 1;
                _rig.Poll(_now);
            }
        }

        private int Connect(int port)
        {
            int h = _rig.HostTcp.Connect(SimRig.DeviceAddress, port, _now);
            Assert.NotEqual(TcpStack.NoHandle, h);
            for (int i = 0; i < 200 && (_rig.HostTcp.GetEvents(h) & TcpEvents.Connected) == 0; i++) Step();
            Assert.Equal(TcpState.Established, _rig.HostTcp.GetState(h));
            return h;
        }

        /// <summary>Receives until count bytes arrived (bounded); returns bytes received.</summary>
        private int ReceiveAtLeast(int h, int count)
        {
            int got = 0;
            for (int i = 0; i < 2000 && got < count; i++)
            {
                Step();
                got += _rig.HostTcp.Receive(h, _rx, got, _rx.Length - got);
            }
            return got;
        }

        private void SendAll(int h, byte[] data)
        {
            int sent = 0;
            for (int i = 0; i < 2000 && sent < data.Length; i++)
            {
                sent += _rig.HostTcp.Send(h, data, sent, data.Length - sent);
                if (sent < data.Length) Step();
            }
            Assert.Equal(data.Length, sent);
        }

        [Fact]
        public void Status_json_over_the_simulated_w5500_lists_the_connection_it_is_sent_on()
        {
            int h = Connect(80);
            SendAll(h, Encoding.ASCII.GetBytes("GET /status.json HTTP/1.1\r\nHost: device\r\n\r\n"));
            int n = 0;
            string text = "";
            for (int i = 0; i < 3000 && !text.EndsWith(Chunked.LastChunk, StringComparison.Ordinal); i++)
            {
                Step();
                int k = _rig.HostTcp.Receive(h, _rx, n, _rx.Length - n);
                if (k > 0) { n += k; text = Encoding.ASCII.GetString(_rx, 0, n); }
            }
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", text);
            Assert.Contains("Transfer-Encoding: chunked\r\n", text);
            string body = Chunked.Decode(text.Substring(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4));
            Assert.EndsWith("]}\n", body);
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            var tcp = doc.RootElement.GetProperty("tcp");
            Assert.Contains(tcp.EnumerateArray(), c => c.GetProperty("state").GetString() == "ESTABLISHED"
                && c.GetProperty("remote").GetString() == "192.0.2.1:" + LocalPortOf(h));
        }

        private int LocalPortOf(int handle)
        {
            var t = _rig.HostTcp;
            for (int s = 0; s < t.ConnectionSlots; s++)
            {
                if (t.GetSlotState(s) == TcpState.Established && t.GetSlotRemotePort(s) == 80) return t.GetSlotLocalPort(s);
            }
            return -1;
        }

        [Fact]
        public void Keep_alive_requests_through_the_whole_path_allocate_nothing_in_steady_state()
        {
            int h = Connect(80);
            byte[] req = Encoding.ASCII.GetBytes("GET /bench HTTP/1.1\r\nHost: device\r\n\r\n");
            int responseLength = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 64\r\n\r\n".Length + 64;
            int Request()
            {
                int sent = _rig.HostTcp.Send(h, req, 0, req.Length);
                int got = 0;
                for (int i = 0; i < 500 && got < responseLength; i++)
                {
                    _now += 1;
                    _rig.Poll(_now);
                    got += _rig.HostTcp.Receive(h, _rx, got, _rx.Length - got);
                }
                return sent == req.Length ? got : -1;
            }
            int first = Request();
            string head = Encoding.ASCII.GetString(_rx, 0, first);
            Assert.Equal(responseLength, first);
            Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
            for (int i = 0; i < 50; i++) Assert.Equal(responseLength, Request()); // warm up: ARP, JIT, delayed ACK paths
            long before = GC.GetAllocatedBytesForCurrentThread();
            int ok = 0;
            for (int i = 0; i < 200; i++) if (Request() == responseLength) ok++;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(200, ok);
            Assert.Equal(0, allocated);
            Assert.Equal(251, _rig.Device.Http.Counters.Requests);
        }

        [Fact]
        public void Status_json_requests_allocate_nothing_in_steady_state()
        {
            int h = Connect(80);
            byte[] req = Encoding.ASCII.GetBytes("GET /status.json HTTP/1.1\r\nHost: device\r\n\r\n");
            bool Request()
            {
                _rig.HostTcp.Send(h, req, 0, req.Length);
                int got = 0;
                for (int i = 0; i < 500; i++)
                {
                    _now += 1;
                    _rig.Poll(_now);
                    got += _rig.HostTcp.Receive(h, _rx, got, _rx.Length - got);
                    if (got > 8 && EndsWithLastChunk(got)) return true;
                }
                return false;
            }
            for (int i = 0; i < 20; i++) Assert.True(Request());
            long before = GC.GetAllocatedBytesForCurrentThread();
            int ok = 0;
            for (int i = 0; i < 50; i++) if (Request()) ok++;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(50, ok);
            Assert.Equal(0, allocated);
            Assert.Equal(0, _rig.Device.Http.Counters.Overflows);
        }

        private static readonly byte[] JsonEnd = Encoding.ASCII.GetBytes("]}\n\r\n" + Chunked.LastChunk);

        /// <summary>The received bytes end with the JSON's last item and the last chunk (no allocation).</summary>
        private bool EndsWithLastChunk(int got)
        {
            for (int i = 0; i < JsonEnd.Length; i++) if (_rx[got - JsonEnd.Length + i] != JsonEnd[i]) return false;
            return true;
        }

        [Fact]
        public void Echo_returns_bytes_and_closes_after_the_peer()
        {
            int h = Connect(DeviceServicesPorts.Echo);
            byte[] data = new byte[20000];
            new Random(3).NextBytes(data);
            var got = new System.IO.MemoryStream();
            int sent = 0;
            for (int i = 0; i < 5000 && got.Length < data.Length; i++)
            {
                if (sent < data.Length) sent += _rig.HostTcp.Send(h, data, sent, data.Length - sent);
                Step();
                int n = _rig.HostTcp.Receive(h, _rx, 0, _rx.Length);
                got.Write(_rx, 0, n);
            }
            Assert.Equal(data, got.ToArray());
            _rig.HostTcp.Close(h);
            for (int i = 0; i < 200 && (_rig.HostTcp.GetEvents(h) & TcpEvents.PeerClosed) == 0; i++) Step();
            Assert.True((_rig.HostTcp.GetEvents(h) & TcpEvents.PeerClosed) != 0, "echo closes its side after ours");
        }

        [Fact]
        public void Discard_takes_everything_and_answers_our_fin_with_its_own()
        {
            int h = Connect(DeviceServicesPorts.Discard);
            SendAll(h, new byte[30000]);
            _rig.HostTcp.Close(h);
            for (int i = 0; i < 2000 && (_rig.HostTcp.GetEvents(h) & TcpEvents.PeerClosed) == 0; i++) Step();
            Assert.True((_rig.HostTcp.GetEvents(h) & TcpEvents.PeerClosed) != 0);
            Assert.Equal(30000, _rig.Device.Services.DiscardBytes);
            Assert.Equal(0, _rig.HostTcp.Receive(h, _rx, 0, _rx.Length));
        }

        [Fact]
        public void Source_streams_the_chargen_pattern_until_we_close()
        {
            int h = Connect(DeviceServicesPorts.Source);
            int n = ReceiveAtLeast(h, 50000);
            Assert.True(n >= 50000);
            string text = Encoding.ASCII.GetString(_rx, 0, 148);
            var line0 = new StringBuilder();
            for (int c = 0; c < 72; c++) line0.Append((char)(' ' + c));
            Assert.Equal(line0 + "\r\n", text.Substring(0, 74));
            Assert.Equal('!', text[74]); // the next line starts one character later (RFC 864)
            _rig.HostTcp.Shutdown(h); // half-close: we keep reading until the source closes too
            for (int i = 0; i < 2000 && (_rig.HostTcp.GetEvents(h) & TcpEvents.Closed) == 0; i++)
            {
                Step();
                _rig.HostTcp.Receive(h, _rx, 0, _rx.Length);
            }
            Assert.True((_rig.HostTcp.GetEvents(h) & TcpEvents.PeerClosed) != 0, "source closes when we close");
            _rig.HostTcp.Close(h);
        }
    }

    /// <summary>HTTP/1.1 chunked bodies (RFC 9112 7.1), as the status JSON is sent.</summary>
    internal static class Chunked
    {
        public const string LastChunk = "0\r\n\r\n";

        public static string Decode(string body)
        {
            var sb = new StringBuilder();
            int p = 0;
            while (true)
            {
                int eol = body.IndexOf("\r\n", p, StringComparison.Ordinal);
                int size = Convert.ToInt32(body.Substring(p, eol - p), 16);
                if (size == 0) return sb.ToString();
                sb.Append(body, eol + 2, size);
                Assert.Equal("\r\n", body.Substring(eol + 2 + size, 2));
                p = eol + 2 + size + 2;
            }
        }
    }

    internal static class DeviceServicesPorts
    {
        public const int Echo = NanoTcp.Services.SmallServices.EchoPort;
        public const int Discard = NanoTcp.Services.SmallServices.DiscardPort;
        public const int Source = NanoTcp.Services.SmallServices.ChargenPort;
    }
}
