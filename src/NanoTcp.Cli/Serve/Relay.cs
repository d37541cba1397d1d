using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using NanoTcp.Tcp;

namespace NanoTcp.Cli.Serve
{
    /// <summary>
    /// Carries real TCP connections from a loopback listener through a NanoTcp stack: each
    /// accepted socket gets a NanoTcp connection (Connect to target:port) and bytes are
    /// copied both ways, with half-closes passed on (socket EOF becomes Close, the peer's
    /// FIN becomes Shutdown(Send)). Non-blocking; call Pump from the stack's loop.
    /// </summary>
    public sealed class Relay : IDisposable
    {
        private sealed class Link
        {
            public Socket Socket;
            public int Handle;
            public readonly byte[] Up = new byte[16384];     // socket -> NanoTcp
            public int UpStart, UpEnd;
            public readonly byte[] Down = new byte[16384];   // NanoTcp -> socket
            public int DownStart, DownEnd;
            public bool SocketEof, SentFin, ShutdownSent;
            public string Name;
        }

        private readonly TcpStack _tcp;
        private readonly uint _targetIp;
        private readonly int _targetPort;
        private readonly TcpListener _listener;
        private readonly List<Link> _links = new List<Link>();
        private readonly Action<string> _log;

        public Relay(IPEndPoint listen, TcpStack tcp, uint targetIp, int targetPort, Action<string> log)
        {
            _tcp = tcp;
            _targetIp = targetIp;
            _targetPort = targetPort;
            _log = log ?? (_ => { });
            _listener = new TcpListener(listen);
            _listener.Start();
        }

        public IPEndPoint LocalEndPoint { get { return (IPEndPoint)_listener.LocalEndpoint; } }
        public int Active { get { return _links.Count; } }
        public long Accepted { get; private set; }

        /// <summary>Moves what can be moved; returns true when anything happened.</summary>
        public bool Pump(long nowMs)
        {
            bool progress = false;
            while (_listener.Pending())
            {
                Socket s = _listener.AcceptSocket();
                s.Blocking = false;
                s.NoDelay = true;
                int h = _tcp.Connect(_targetIp, _targetPort, nowMs);
                string name = s.RemoteEndPoint?.ToString() ?? "?";
                if (h == TcpStack.NoHandle)
                {
                    _log("relay: no free NanoTcp connection for " + name + "; closing it");
                    s.Close();
                    continue;
                }
                Accepted++;
                _links.Add(new Link { Socket = s, Handle = h, Name = name });
                _log("relay: " + name + " -> device port " + _targetPort + " (" + _links.Count + " open)");
                progress = true;
            }
            for (int i = _links.Count - 1; i >= 0; i--)
            {
                Link l = _links[i];
                bool done;
                progress |= Step(l, out done);
                if (done)
                {
                    _links.RemoveAt(i);
                    _log("relay: " + l.Name + " closed (" + _links.Count + " open)");
                }
            }
            return progress;
        }

        private bool Step(Link l, out bool done)
        {
            done = false;
            bool progress = false;
            TcpEvents ev = _tcp.GetEvents(l.Handle);
            if ((ev & (TcpEvents.Reset | TcpEvents.Refused | TcpEvents.TimedOut)) != 0)
            {
                l.Socket.Close(0);
                _tcp.Close(l.Handle);
                done = true;
                return true;
            }

            // Socket -> NanoTcp.
            if (l.UpStart == l.UpEnd && !l.SocketEof)
            {
                int n = TryReceive(l.Socket, l.Up, out bool eof);
                if (eof) l.SocketEof = true;
                l.UpStart = 0;
                l.UpEnd = n;
                if (n > 0 || eof) progress = true;
            }
            if (l.UpStart < l.UpEnd)
            {
                int n = _tcp.Send(l.Handle, l.Up, l.UpStart, l.UpEnd - l.UpStart);
                l.UpStart += n;
                if (n > 0) progress = true;
            }
            if (l.SocketEof && l.UpStart == l.UpEnd && !l.SentFin)
            {
                _tcp.Shutdown(l.Handle); // half-close: we can still receive the rest
                l.SentFin = true;
                progress = true;
            }

            // NanoTcp -> socket.
            if (l.DownStart == l.DownEnd)
            {
                l.DownStart = 0;
                l.DownEnd = _tcp.Receive(l.Handle, l.Down, 0, l.Down.Length);
                if (l.DownEnd > 0) progress = true;
            }
            if (l.DownStart < l.DownEnd)
            {
                int n = TrySend(l.Socket, l.Down, l.DownStart, l.DownEnd - l.DownStart, out bool broken);
                l.DownStart += n;
                if (n > 0) progress = true;
                if (broken)
                {
                    _tcp.Abort(l.Handle);
                    l.Socket.Close(0);
                    done = true;
                    return true;
                }
            }
            ev = _tcp.GetEvents(l.Handle);
            bool drained = l.DownStart == l.DownEnd && (ev & TcpEvents.Readable) == 0;
            if (drained && (ev & (TcpEvents.PeerClosed | TcpEvents.Closed)) != 0 && !l.ShutdownSent)
            {
                try { l.Socket.Shutdown(SocketShutdown.Send); } catch (SocketException) { }
                l.ShutdownSent = true;
                progress = true;
            }
            if (l.ShutdownSent && l.SentFin)
            {
                l.Socket.Close();
                _tcp.Close(l.Handle); // after Shutdown the handle is still ours
                done = true;
            }
            else if (l.ShutdownSent && !l.SentFin && (ev & TcpEvents.Closed) != 0)
            {
                // The device is gone entirely: nothing more can be delivered.
                l.Socket.Close();
                _tcp.Close(l.Handle);
                done = true;
            }
            return progress;
        }

        private static int TryReceive(Socket s, byte[] buffer, out bool eof)
        {
            eof = false;
            try
            {
                if (s.Available > 0) return s.Receive(buffer, 0, buffer.Length, SocketFlags.None);
                if (s.Poll(0, SelectMode.SelectRead))
                {
                    // Readable with nothing available: end of stream (or an error).
                    int n = s.Receive(buffer, 0, buffer.Length, SocketFlags.None);
                    if (n == 0) eof = true;
                    return n;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { }
            catch (SocketException) { eof = true; }
            return 0;
        }

        private static int TrySend(Socket s, byte[] buffer, int offset, int count, out bool broken)
        {
            broken = false;
            try { return s.Send(buffer, offset, count, SocketFlags.None); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { return 0; }
            catch (SocketException) { broken = true; return 0; }
        }

        public void Dispose()
        {
            _listener.Stop();
            foreach (Link l in _links)
            {
                try { l.Socket.Close(0); } catch (SocketException) { }
                _tcp.Abort(l.Handle);
            }
            _links.Clear();
        }
    }
}
