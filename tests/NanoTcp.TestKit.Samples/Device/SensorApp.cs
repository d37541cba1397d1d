using NanoTcp.Http;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace Sensor.Device
{
    /// <summary>Where the sensor's readings come from (an I2C thermometer on the board; a fake in tests).</summary>
    public interface ITemperatureSensor
    {
        /// <summary>Temperature in hundredths of a degree Celsius.</summary>
        int ReadCentiCelsius();
    }

    /// <summary>
    /// A small device application as a user would write it for a board (nanoFramework style:
    /// no generics, no closures, time passed in): it serves the latest reading over HTTP at
    /// GET /reading and pushes a line "reading SEQ VALUE\n" to a TCP collector every
    /// IntervalMs, reconnecting with a back-off when the collector is away.
    /// </summary>
    public sealed class SensorApp : IHttpHandler
    {
        public const int IntervalMs = 10_000;
        public const int ReconnectMs = 5_000;

        private readonly TcpStack _tcp;
        private readonly ITemperatureSensor _sensor;
        private readonly HttpServer _http;
        private readonly uint _collector;
        private readonly int _collectorPort;
        private readonly byte[] _line = new byte[48];
        private int _connection = TcpStack.NoHandle;
        private long _nextReadingMs;
        private long _nextConnectMs;
        private int _sequence;
        private int _lastValue;

        public SensorApp(TcpStack tcp, ITemperatureSensor sensor, uint collector, int collectorPort)
        {
            _tcp = tcp;
            _sensor = sensor;
            _collector = collector;
            _collectorPort = collectorPort;
            _http = new HttpServer(tcp, new HttpServerOptions());
            _http.Route("GET", "/reading", this);
            _http.Start();
        }

        public int ReadingsSent { get; private set; }
        public int ConnectAttempts { get; private set; }

        public void Poll(long nowMs)
        {
            _http.Poll(nowMs);
            if (nowMs >= _nextReadingMs)
            {
                _lastValue = _sensor.ReadCentiCelsius();
                _sequence++;
                _nextReadingMs = nowMs + IntervalMs;
                Push();
            }
            KeepCollectorConnection(nowMs);
        }

        public long NextDeadline(long nowMs)
        {
            long next = _http.NextDeadline(nowMs);
            if (_nextReadingMs < next) next = _nextReadingMs;
            if (_connection == TcpStack.NoHandle && _nextConnectMs < next) next = _nextConnectMs;
            return next;
        }

        private void KeepCollectorConnection(long nowMs)
        {
            if (_connection != TcpStack.NoHandle)
            {
                TcpEvents e = _tcp.GetEvents(_connection);
                if ((e & (TcpEvents.Reset | TcpEvents.Refused | TcpEvents.TimedOut | TcpEvents.PeerClosed)) != 0)
                {
                    _tcp.Abort(_connection); // releases the handle; the collector is gone or leaving
                    _connection = TcpStack.NoHandle;
                    _nextConnectMs = nowMs + ReconnectMs;
                }
                return;
            }
            if (nowMs < _nextConnectMs) return;
            ConnectAttempts++;
            _connection = _tcp.Connect(_collector, _collectorPort, nowMs);
            _nextConnectMs = nowMs + ReconnectMs;
        }

        private void Push()
        {
            if (_connection == TcpStack.NoHandle || _tcp.GetState(_connection) != TcpState.Established) return;
            int n = Append(_line, 0, "reading ");
            n = AppendNumber(_line, n, _sequence);
            _line[n++] = (byte)' ';
            n = AppendNumber(_line, n, _lastValue);
            _line[n++] = (byte)'\n';
            if (_tcp.SendFree(_connection) < n) return; // a slow collector misses a reading rather than a half line
            _tcp.Send(_connection, _line, 0, n);
            ReadingsSent++;
        }

        /// <summary>GET /reading: {"seq":N,"centiCelsius":V}</summary>
        public void Handle(HttpRequest request, HttpResponse response)
        {
            response.Status = 200;
            response.ContentType = HttpContentType.Json;
            response.WriteAscii("{\"seq\":");
            response.WriteDecimal(_sequence);
            response.WriteAscii(",\"centiCelsius\":");
            response.WriteDecimal(_lastValue);
            response.WriteAscii("}");
        }

        private static int Append(byte[] b, int at, string ascii)
        {
            for (int i = 0; i < ascii.Length; i++) b[at++] = (byte)ascii[i];
            return at;
        }

        private static int AppendNumber(byte[] b, int at, int value)
        {
            if (value < 0) { b[at++] = (byte)'-'; value = -value; }
            int start = at;
            do { b[at++] = (byte)('0' + value % 10); value /= 10; } while (value > 0);
            for (int i = start, j = at - 1; i < j; i++, j--) { byte t = b[i]; b[i] = b[j]; b[j] = t; }
            return at;
        }
    }
}
