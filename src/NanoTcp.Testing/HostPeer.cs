using System;
using System.Collections.Generic;
using System.Text;
using NanoTcp.Device;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Testing
{
    /// <summary>
    /// A host on the virtual network (a PC, a collector, a browser): a NanoTcp stack with
    /// roomy buffers and blocking-style helpers that run the network while they wait, on the
    /// virtual clock. TCP client: <see cref="Connect"/>; server: <see cref="Listen"/>;
    /// HTTP: <see cref="HttpGet"/> and <see cref="HttpRequest"/>.
    /// </summary>
    public sealed class HostPeer : INode
    {
        private readonly VirtualNetwork _network;
        private readonly List<HostConnection> _connections = new List<HostConnection>();
        private readonly List<HostListener> _listeners = new List<HostListener>();

        internal HostPeer(VirtualNetwork network, string name, uint address, Action<DeviceOptions>? configure)
        {
            _network = network;
            Name = name;
            Address = address;
            byte[] mac = network.NextMac();
            Link = network.AttachLink(name, mac);
            var options = new DeviceOptions
            {
                NetDevice = Link.Cable.EndA,
                Name = name,
                Chip = "host",
                Entropy = new SeededEntropy(1000 + mac[5]),
                Address = AddressOptions.Static(address, VirtualNetwork.DefaultPrefixLength, 0),
                Tcp = new TcpOptions { Connections = 64, Listeners = 8, ListenBacklog = 16, ReceiveBufferSize = 16384, SendBufferSize = 16384 },
                Http = null,
                StatusPage = false,
            };
            configure?.Invoke(options);
            Stack = new DeviceStack(options);
            Stack.Start(network.NowMs);
        }

        public string Name { get; }
        public uint Address { get; }
        public Link Link { get; }
        /// <summary>The host's stack, built by the same composition root as a device.</summary>
        public DeviceStack Stack { get; }
        public NetworkInterface Interface => Stack.Interface;
        public TcpStack Tcp => Stack.Tcp;
        internal VirtualNetwork Network => _network;

        /// <summary>Opens a TCP connection and runs the network until it is established
        /// (or refused, reset, timed out: then TestKitException, with the pcap).</summary>
        public HostConnection Connect(string address, int port, long maxMs = 10_000)
        {
            int h = Tcp.Connect(Ipv4Address.Parse(address), port, _network.NowMs);
            if (h == TcpStack.NoHandle) throw _network.Fail(Name + " has no free connection slot for " + address + ":" + port);
            var c = new HostConnection(this, h);
            _connections.Add(c);
            _network.RunUntil(() => Tcp.GetState(h) == TcpState.Established || (Tcp.GetEvents(h) & (TcpEvents.Reset | TcpEvents.Refused | TcpEvents.TimedOut)) != 0,
                maxMs, Name + "'s connection to " + address + ":" + port);
            if (Tcp.GetState(h) != TcpState.Established)
                throw _network.Fail(Name + " could not connect to " + address + ":" + port + " (" + Tcp.GetEvents(h) + ")");
            return c;
        }

        /// <summary>Listens on a port; accepted connections come from the listener.</summary>
        public HostListener Listen(int port)
        {
            var l = new HostListener(this, Tcp.Listen(port));
            _listeners.Add(l);
            return l;
        }

        /// <summary>GET path from address:port with Connection: close; runs the network until the response is complete.</summary>
        public HttpResult HttpGet(string address, string path, int port = 80, long maxMs = 10_000)
            => HttpRequest(address, "GET", path, null, port, maxMs);

        /// <summary>Any HTTP/1.1 request (Connection: close, Content-Length for a body).</summary>
        public HttpResult HttpRequest(string address, string method, string path, byte[]? body = null, int port = 80, long maxMs = 10_000)
        {
            HostConnection c = Connect(address, port, maxMs);
            var head = new StringBuilder();
            head.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: ").Append(address).Append("\r\nConnection: close\r\n");
            if (body != null) head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
            head.Append("\r\n");
            c.Send(Encoding.ASCII.GetBytes(head.ToString()));
            if (body != null) c.Send(body);
            byte[] raw = c.ReadUntilClosed(maxMs);
            c.Close();
            return HttpResult.Parse(raw) ?? throw _network.Fail("the response to " + method + " " + path + " was not HTTP: " + Encoding.ASCII.GetString(raw, 0, Math.Min(raw.Length, 200)));
        }

        internal void Track(HostConnection c) => _connections.Add(c);

        public void Poll(long nowMs)
        {
            Stack.Poll(nowMs);
            foreach (HostListener l in _listeners) l.AcceptWaiting();
            // Host-side applications never let a buffer block the device: drain and top up.
            foreach (HostConnection c in _connections) c.Pump();
            Stack.Poll(nowMs);
        }

        public long NextDeadline(long nowMs) => Stack.NextDeadline(nowMs);
    }

    /// <summary>A listening port of a host peer.</summary>
    public sealed class HostListener
    {
        private readonly HostPeer _host;
        private readonly int _handle;
        private readonly Queue<HostConnection> _accepted = new Queue<HostConnection>();

        internal HostListener(HostPeer host, int handle) { _host = host; _handle = handle; }

        internal void AcceptWaiting()
        {
            int h;
            while ((h = _host.Tcp.Accept(_handle)) != TcpStack.NoHandle)
            {
                var c = new HostConnection(_host, h);
                _host.Track(c);
                _accepted.Enqueue(c);
            }
        }

        /// <summary>The next accepted connection, running the network until one comes.</summary>
        public HostConnection WaitForConnection(long maxMs = 10_000)
        {
            _host.Network.RunUntil(() => _accepted.Count > 0, maxMs, "a connection to " + _host.Name);
            return _accepted.Dequeue();
        }

        /// <summary>Connections accepted and not yet taken with WaitForConnection.</summary>
        public int Waiting => _accepted.Count;
    }

    /// <summary>One TCP connection of a host peer, with everything it received kept in order.</summary>
    public sealed class HostConnection
    {
        private readonly HostPeer _host;
        private readonly List<byte> _toSend = new List<byte>();
        private readonly List<byte> _received = new List<byte>();
        private readonly byte[] _chunk = new byte[4096];
        private readonly byte[] _outChunk = new byte[4096];
        private int _readPosition;
        private bool _closeRequested;

        internal HostConnection(HostPeer host, int handle) { _host = host; Handle = handle; }

        public int Handle { get; }
        public TcpState State => _host.Tcp.GetState(Handle);
        public TcpEvents Events => _host.Tcp.GetEvents(Handle);
        public bool PeerClosed => (Events & TcpEvents.PeerClosed) != 0;
        public bool WasReset => (Events & TcpEvents.Reset) != 0;

        /// <summary>Queues bytes; they go out as the window allows while the network runs.</summary>
        public void Send(byte[] data) { _toSend.AddRange(data); Pump(); }
        public void Send(string ascii) => Send(Encoding.ASCII.GetBytes(ascii));

        /// <summary>Bytes received and not read yet.</summary>
        public int Available => _received.Count - _readPosition;

        /// <summary>Returns what arrived since the last read (maybe nothing).</summary>
        public byte[] ReadAvailable()
        {
            byte[] r = _received.GetRange(_readPosition, _received.Count - _readPosition).ToArray();
            _readPosition = _received.Count;
            return r;
        }

        /// <summary>Runs the network until count bytes are available, then returns them.</summary>
        public byte[] Read(int count, long maxMs = 10_000)
        {
            _host.Network.RunUntil(() => Available >= count, maxMs, count + " bytes on " + _host.Name + "'s connection");
            byte[] r = _received.GetRange(_readPosition, count).ToArray();
            _readPosition += count;
            return r;
        }

        /// <summary>Runs the network until the peer closes (FIN) or resets; returns the rest of the stream.</summary>
        public byte[] ReadUntilClosed(long maxMs = 10_000)
        {
            _host.Network.RunUntil(() => PeerClosed || WasReset, maxMs, "the peer to close " + _host.Name + "'s connection");
            Pump();
            return ReadAvailable();
        }

        /// <summary>Closes gracefully once everything queued has been handed to the stack.</summary>
        public void Close() { _closeRequested = true; Pump(); }

        /// <summary>Resets the connection now.</summary>
        public void Abort() { _toSend.Clear(); _host.Tcp.Abort(Handle); }

        internal void Pump()
        {
            TcpState s = State;
            if (s == TcpState.Closed && !_closeRequested) return;
            int n;
            while ((n = _host.Tcp.Receive(Handle, _chunk, 0, _chunk.Length)) > 0)
                for (int i = 0; i < n; i++) _received.Add(_chunk[i]);
            while (_toSend.Count > 0 && (s == TcpState.Established || s == TcpState.CloseWait))
            {
                int k = Math.Min(_toSend.Count, _outChunk.Length);
                _toSend.CopyTo(0, _outChunk, 0, k);
                int took = _host.Tcp.Send(Handle, _outChunk, 0, k);
                if (took == 0) break;
                _toSend.RemoveRange(0, took);
            }
            if (_closeRequested && _toSend.Count == 0 && (s == TcpState.Established || s == TcpState.CloseWait || s == TcpState.SynReceived))
            {
                _host.Tcp.Close(Handle);
                _closeRequested = false;
            }
        }
    }
}
