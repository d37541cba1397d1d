using System;
using NanoTcp.Tcp;

namespace NanoTcp.Services
{
    /// <summary>
    /// The TCP "small services" a device offers for measuring: echo (port 7, RFC 862),
    /// discard (port 9, RFC 863) and character generator (port 19, RFC 864), on fixed slots
    /// shared by the three. Call Poll(nowMs) after every interface poll.
    ///
    /// Memory: one scratch buffer of one full segment and a few ints per slot; echo never
    /// holds bytes of its own (it reads only as much as the send ring can take back), and
    /// chargen computes its text instead of keeping RFC 864's 7 KB pattern in memory.
    /// Nothing is allocated after construction.
    /// </summary>
    public sealed class SmallServices
    {
        /// <summary>RFC 862.</summary>
        public const int EchoPort = 7;
        /// <summary>RFC 863.</summary>
        public const int DiscardPort = 9;
        /// <summary>RFC 864.</summary>
        public const int ChargenPort = 19;
        /// <summary>Bytes of the scratch buffer: one full-size segment.</summary>
        public const int ScratchSize = 1460;

        private const int KindEcho = 0;
        private const int KindDiscard = 1;
        private const int KindChargen = 2;
        private const int Kinds = 3;

        // RFC 864: lines of 72 printable characters (95 of them, ' ' to '~') and CR LF; line
        // l starts at character l mod 95, so the text repeats after 95 lines.
        private const int LineWidth = 72;
        private const int LineLength = LineWidth + 2;
        private const int PrintableCount = 95;
        private const int PatternLength = PrintableCount * LineLength;

        private readonly TcpStack _tcp;
        private readonly ServiceOptions _options;
        private readonly int[] _listener = new int[Kinds];
        private readonly int[] _handle;
        private readonly int[] _kind;
        private readonly int[] _chargenPosition;
        private readonly byte[] _scratch = new byte[ScratchSize];

        /// <summary>Bytes echoed, discarded and generated since start.</summary>
        public long EchoBytes, DiscardBytes, ChargenBytes;

        /// <param name="tcp">The TCP the services listen on.</param>
        /// <param name="options">Which services, and how many connections they share.</param>
        public SmallServices(TcpStack tcp, ServiceOptions options)
        {
            if (tcp == null) throw new ArgumentNullException("tcp", "Pass the TcpStack the services listen on.");
            if (options == null) options = new ServiceOptions();
            options.Validate();
            _tcp = tcp;
            _options = options;
            int n = options.Connections;
            _handle = new int[n];
            _kind = new int[n];
            _chargenPosition = new int[n];
            for (int i = 0; i < n; i++) _handle[i] = TcpStack.NoHandle;
            for (int k = 0; k < Kinds; k++) _listener[k] = TcpStack.NoHandle;
        }

        /// <summary>Bytes this object fixed at construction (its tables and scratch buffer).</summary>
        public static int FixedBytes(ServiceOptions options)
        {
            return ScratchSize + Kinds * 4 + options.Connections * 3 * 4;
        }

        /// <summary>Connections being served now.</summary>
        public int ActiveConnections
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _handle.Length; i++) if (_handle[i] != TcpStack.NoHandle) n++;
                return n;
            }
        }

        /// <summary>Starts listening on the ports of the services that are on.</summary>
        public void Start()
        {
            if (_options.Echo && _listener[KindEcho] == TcpStack.NoHandle) _listener[KindEcho] = _tcp.Listen(EchoPort);
            if (_options.Discard && _listener[KindDiscard] == TcpStack.NoHandle) _listener[KindDiscard] = _tcp.Listen(DiscardPort);
            if (_options.Chargen && _listener[KindChargen] == TcpStack.NoHandle) _listener[KindChargen] = _tcp.Listen(ChargenPort);
        }

        /// <summary>Accepts waiting connections and moves what can be moved on each.</summary>
        public void Poll(long nowMs)
        {
            for (int kind = 0; kind < Kinds; kind++) AcceptWaiting(kind);
            for (int i = 0; i < _handle.Length; i++)
            {
                if (_handle[i] != TcpStack.NoHandle) Service(i);
            }
        }

        private void AcceptWaiting(int kind)
        {
            if (_listener[kind] == TcpStack.NoHandle) return;
            for (int i = 0; i < _handle.Length; i++)
            {
                if (_handle[i] != TcpStack.NoHandle) continue;
                int h = _tcp.Accept(_listener[kind]);
                if (h == TcpStack.NoHandle) return;
                _handle[i] = h;
                _kind[i] = kind;
                _chargenPosition[i] = 0;
            }
        }

        private void Service(int i)
        {
            int h = _handle[i];
            TcpEvents ev = _tcp.GetEvents(h);
            if ((ev & (TcpEvents.Reset | TcpEvents.TimedOut | TcpEvents.Closed)) != 0)
            {
                // Reset or timed out: Close releases the handle (TcpStack keeps it until then).
                CloseAndRelease(i);
                return;
            }
            bool peerClosed = (ev & TcpEvents.PeerClosed) != 0;
            switch (_kind[i])
            {
                case KindEcho: ServiceEcho(i, h, peerClosed); break;
                case KindDiscard: ServiceDiscard(i, h, peerClosed); break;
                default: ServiceChargen(i, h, peerClosed); break;
            }
        }

        private void ServiceEcho(int i, int h, bool peerClosed)
        {
            // Read only what the send ring can take back, so no byte waits in between and a
            // peer that does not read its echo stops us reading (flow control end to end).
            for (int round = 0; round < 16; round++)
            {
                int room = _tcp.SendFree(h);
                if (room > _scratch.Length) room = _scratch.Length;
                if (room == 0) return;
                int n = _tcp.Receive(h, _scratch, 0, room);
                if (n == 0) break;
                _tcp.Send(h, _scratch, 0, n);
                EchoBytes += n;
            }
            if (peerClosed && _tcp.ReceiveAvailable(h) == 0) CloseAndRelease(i);
        }

        private void ServiceDiscard(int i, int h, bool peerClosed)
        {
            for (int round = 0; round < 64; round++)
            {
                int n = _tcp.Receive(h, _scratch, 0, _scratch.Length);
                if (n == 0) break;
                DiscardBytes += n;
            }
            // The measuring client waits for our FIN to know every byte was taken.
            if (peerClosed) CloseAndRelease(i);
        }

        private void ServiceChargen(int i, int h, bool peerClosed)
        {
            // Whatever the peer sends is read and ignored, so its window never stalls us.
            while (_tcp.Receive(h, _scratch, 0, _scratch.Length) > 0) { }
            if (peerClosed)
            {
                CloseAndRelease(i);
                return;
            }
            for (int round = 0; round < 64; round++)
            {
                int room = _tcp.SendFree(h);
                if (room > _scratch.Length) room = _scratch.Length;
                if (room == 0) break;
                int position = _chargenPosition[i];
                FillChargen(_scratch, room, position);
                int sent = _tcp.Send(h, _scratch, 0, room);
                if (sent <= 0) break;
                ChargenBytes += sent;
                _chargenPosition[i] = (position + sent) % PatternLength;
            }
        }

        /// <summary>Writes count bytes of RFC 864's text starting at position (0 .. 95*74-1).</summary>
        internal static void FillChargen(byte[] buffer, int count, int position)
        {
            int line = position / LineLength;
            int column = position % LineLength;
            for (int k = 0; k < count; k++)
            {
                byte b;
                if (column < LineWidth) b = (byte)(' ' + (line + column) % PrintableCount);
                else b = column == LineWidth ? (byte)'\r' : (byte)'\n';
                buffer[k] = b;
                column++;
                if (column == LineLength)
                {
                    column = 0;
                    line++;
                    if (line == PrintableCount) line = 0;
                }
            }
        }

        private void CloseAndRelease(int i)
        {
            _tcp.Close(_handle[i]);
            _handle[i] = TcpStack.NoHandle;
        }
    }
}
