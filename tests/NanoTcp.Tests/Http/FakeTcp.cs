using System;
using System.Text;
using NanoTcp.Http;
using NanoTcp.Tcp;

namespace NanoTcp.Tests.Http
{
    /// <summary>
    /// A scripted TCP for testing the web server without the engine: each connection has a
    /// client-to-server byte queue and a send ring of SendCapacity bytes that the test drains
    /// as "the window opening". Preallocated, so steady-state traffic allocates nothing.
    /// </summary>
    internal sealed class FakeTcp : ITcpStreams
    {
        internal sealed class Conn
        {
            public readonly byte[] ToServer = new byte[1 << 16];
            public int ToServerStart, ToServerEnd;
            public readonly byte[] ToClient;
            public int ToClientCount;
            public bool Accepted, ServerClosed, ServerAborted, PeerClosed, PeerReset;
            public Conn(int sendCapacity) { ToClient = new byte[sendCapacity]; }
        }

        private readonly Conn[] _conns = new Conn[64];
        private int _count;
        private int _listenPort = -1;
        public int SendCapacity;

        public FakeTcp(int sendCapacity = 4096) { SendCapacity = sendCapacity; }

        public Conn this[int handle] { get { return _conns[handle]; } }

        // ---- client side, used by tests ----
        public int ClientConnect()
        {
            if (_listenPort < 0) throw new InvalidOperationException("nobody listens");
            _conns[_count] = new Conn(SendCapacity);
            return _count++;
        }

        public void ClientSend(int h, byte[] data, int offset, int count)
        {
            Conn c = _conns[h];
            if (c.ToServerStart == c.ToServerEnd) c.ToServerStart = c.ToServerEnd = 0;
            Array.Copy(data, offset, c.ToServer, c.ToServerEnd, count);
            c.ToServerEnd += count;
        }

        public void ClientSend(int h, string text)
        {
            byte[] b = Encoding.ASCII.GetBytes(text);
            ClientSend(h, b, 0, b.Length);
        }

        /// <summary>Takes up to cap bytes the server sent (opens the window by that much).</summary>
        public int ClientRead(int h, byte[] into, int offset, int cap)
        {
            Conn c = _conns[h];
            int n = Math.Min(cap, c.ToClientCount);
            Array.Copy(c.ToClient, 0, into, offset, n);
            Array.Copy(c.ToClient, n, c.ToClient, 0, c.ToClientCount - n);
            c.ToClientCount -= n;
            return n;
        }

        public string ClientReadAll(int h)
        {
            byte[] b = new byte[SendCapacity];
            int n = ClientRead(h, b, 0, b.Length);
            return Encoding.ASCII.GetString(b, 0, n);
        }

        public void ClientClose(int h) { _conns[h].PeerClosed = true; }
        public void ClientReset(int h) { _conns[h].PeerReset = true; }

        // ---- ITcpStreams, used by the server ----
        public int Listen(int localPort) { _listenPort = localPort; return 7; }
        public void StopListening(int listener) { _listenPort = -1; }

        public int Accept(int listener)
        {
            for (int i = 0; i < _count; i++)
            {
                if (!_conns[i].Accepted) { _conns[i].Accepted = true; return i; }
            }
            return TcpStack.NoHandle;
        }

        public int Send(int h, byte[] buffer, int offset, int count)
        {
            Conn c = Live(h);
            if (c.ServerClosed) throw new InvalidOperationException("send after close");
            int n = Math.Min(count, c.ToClient.Length - c.ToClientCount);
            Array.Copy(buffer, offset, c.ToClient, c.ToClientCount, n);
            c.ToClientCount += n;
            return n;
        }

        public int Receive(int h, byte[] buffer, int offset, int count)
        {
            Conn c = Live(h);
            int n = Math.Min(count, c.ToServerEnd - c.ToServerStart);
            Array.Copy(c.ToServer, c.ToServerStart, buffer, offset, n);
            c.ToServerStart += n;
            return n;
        }

        public void Close(int h) { Live(h).ServerClosed = true; }
        public void Abort(int h) { Live(h).ServerAborted = true; }

        public TcpEvents GetEvents(int h)
        {
            Conn c = Live(h);
            TcpEvents e = TcpEvents.None;
            if (c.PeerReset) return TcpEvents.Reset | TcpEvents.Closed;
            if (c.ToServerEnd > c.ToServerStart) e |= TcpEvents.Readable;
            if (c.ToClientCount < c.ToClient.Length) e |= TcpEvents.Writable;
            if (c.PeerClosed) e |= TcpEvents.PeerClosed;
            return e;
        }

        private Conn Live(int h)
        {
            Conn c = _conns[h];
            if (c.ServerAborted || c.ServerClosed) throw new InvalidOperationException("handle " + h + " used after the server released it");
            return c;
        }
    }
}
