using System;
using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// The TCP of one interface: a fixed table of connections and listeners (sizes from
    /// TcpOptions), driven by the interface's Poll. The application talks to it through
    /// int handles between polls; every call is non-blocking and returns a count.
    ///
    /// Handles: a connection handle carries its slot and a generation, so a stale handle
    /// never reaches a newer connection in the same slot. The application owns a handle
    /// from Connect or Accept until it calls Close or Abort; after Close it may still
    /// Receive (half-close) and read State/Events until the slot is reused, and the stack
    /// finishes the close on its own (FIN exchange, TIME-WAIT) and reuses the slot. A
    /// connection the peer resets stays in CLOSED with TcpEvents.Reset until the
    /// application closes it. A stale handle reads as Closed and receives nothing.
    ///
    /// Output: Input only records what must be sent (except RSTs, challenge ACKs and the
    /// immediate duplicate ACK for out-of-order data); Poll sends it, so every segment that
    /// arrived in one poll is processed before one ACK covers them (MUST-58, MUST-59).
    /// NextDeadline returns "now" while output is pending.
    /// </summary>
    public sealed partial class TcpStack : IIpTransport
    {
        /// <summary>Returned by Accept when no connection waits, and by Connect when no slot is free.</summary>
        public const int NoHandle = -1;
        /// <summary>RFC 9293 3.7.1 (MUST-15): send MSS when the peer sent no MSS option (IPv4).</summary>
        public const int DefaultMss = 536;

        private const int SlotBits = 11; // 2048 > TcpOptions' 1024 connections
        private const int SlotMask = (1 << SlotBits) - 1;
        private const int ListenerBits = 7; // 128 > 64 listeners
        private const int ListenerMask = (1 << ListenerBits) - 1;

        private readonly IIpSender _ip;
        private readonly TcpOptions _options;
        private readonly TcpConnection[] _connections;
        private readonly TcpListener[] _listeners;
        private readonly TcpSegment _segment = new TcpSegment();
        private readonly TcpSegment _outgoing = new TcpSegment();
        private readonly byte[] _secret;
        private readonly IsnGenerator _isn;
        private readonly EphemeralPorts _ports;
        private readonly ChallengeAckLimiter _challengeAcks;
        private long _acceptCounter;
        private bool _outputPending;
        private long _lastNowMs;

        /// <summary>Counters of the whole engine (status page, tests).</summary>
        public readonly TcpCounters Counters = new TcpCounters();

        /// <summary>Sees every state change (tests, ladder diagrams). Null for none.</summary>
        public ITcpTrace Trace;

        // Test hook: every new connection uses this ISN (to put ISNs near 0xFFFFFF00).
        internal bool FixedIsnSet;
        internal uint FixedIsn;

        public TcpStack(IIpSender ip, TcpOptions options)
        {
            if (ip == null) throw new ArgumentNullException("ip", "Pass the NetworkInterface (or another IIpSender) this TCP sends through.");
            if (options == null) options = new TcpOptions();
            options.Validate();
            // RFC 6528 / MUST-9: ISNs and ephemeral ports are keyed by a secret only the host can
            // supply; without one they would be predictable (and equal on every device).
            options.RequireSecret();
            _ip = ip;
            _options = options;
            _connections = new TcpConnection[options.Connections];
            for (int i = 0; i < _connections.Length; i++)
            {
                _connections[i] = new TcpConnection(this, i, options);
            }
            _listeners = new TcpListener[options.Listeners];
            for (int i = 0; i < _listeners.Length; i++)
            {
                _listeners[i] = new TcpListener(i);
            }
            _secret = new byte[16];
            Array.Copy(options.Secret, _secret, 16);
            _isn = new IsnGenerator(_secret);
            _ports = new EphemeralPorts(_secret);
            _challengeAcks = new ChallengeAckLimiter(options.ChallengeAckLimitPerSecond);
        }

        public byte Protocol { get { return 6; } }

        public TcpOptions Options { get { return _options; } }

        internal IIpSender Ip { get { return _ip; } }

        // ================= Listening =================

        /// <summary>Passive OPEN on a local port (RFC 9293 3.10.1). Returns a listener handle.</summary>
        public int Listen(int localPort)
        {
            if (localPort < 1 || localPort > 65535)
                throw new ArgumentOutOfRangeException("localPort", "A listening port is 1 to 65535.");
            for (int i = 0; i < _listeners.Length; i++)
            {
                if (_listeners[i].InUse && _listeners[i].LocalPort == localPort)
                    throw new InvalidOperationException("Port " + localPort.ToString() + " already has a listener; share its handle or StopListening it first.");
            }
            for (int i = 0; i < _listeners.Length; i++)
            {
                TcpListener l = _listeners[i];
                if (!l.InUse)
                {
                    l.InUse = true;
                    l.Generation = (l.Generation + 1) & 0xFFFFF;
                    l.LocalPort = localPort;
                    l.Backlog = 0;
                    return (l.Generation << ListenerBits) | i;
                }
            }
            throw new InvalidOperationException("All " + _listeners.Length.ToString() + " listeners are in use; raise TcpOptions.Listeners or StopListening one.");
        }

        /// <summary>Stops a listener; its queued, unaccepted connections are reset.</summary>
        public void StopListening(int listener)
        {
            TcpListener l = ListenerFor(listener);
            if (l == null) return;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.InUse && c.Listener == l.Index)
                {
                    c.Listener = -1;
                    AbortConnection(c, _lastNowMs);
                }
            }
            l.InUse = false;
            l.Backlog = 0;
        }

        /// <summary>Takes the next established connection of a listener, or NoHandle.</summary>
        public int Accept(int listener)
        {
            TcpListener l = ListenerFor(listener);
            if (l == null)
                throw new ArgumentException("Not a listener handle (or it was stopped); use the value Listen returned.", "listener");
            TcpConnection best = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.InUse && c.Listener == l.Index && c.AcceptOrder != 0 && (best == null || c.AcceptOrder < best.AcceptOrder))
                {
                    best = c;
                }
            }
            if (best == null) return NoHandle;
            best.Listener = -1;
            best.AppOwned = true;
            l.Backlog--;
            return HandleOf(best);
        }

        // ================= Active open =================

        /// <summary>Active OPEN to remoteIp:remotePort from an ephemeral port (RFC 6056).
        /// Returns NoHandle (and counts NoSlotDrops) when every slot is busy.</summary>
        public int Connect(uint remoteIp, int remotePort, long nowMs)
        {
            // MUST-46: reject OPEN to an invalid, broadcast or multicast address.
            if (!IsUnicast(remoteIp))
                throw new ArgumentException("Connect needs a unicast IPv4 address, not 0.0.0.0, broadcast or multicast.", "remoteIp");
            if (remotePort < 1 || remotePort > 65535)
                throw new ArgumentOutOfRangeException("remotePort", "A remote port is 1 to 65535.");
            uint localIp = _ip.LocalAddress;
            if (localIp == 0)
                throw new InvalidOperationException("The interface has no IPv4 address yet; call SetStaticAddress or wait for DHCP before Connect.");
            _lastNowMs = nowMs;
            int localPort = 0;
            for (int attempt = 0; attempt < 1024 && localPort == 0; attempt++)
            {
                int candidate = _ports.Candidate(localIp, remoteIp, remotePort, attempt);
                if (candidate == EphemeralPorts.NoPort) break;
                if (PortFree(candidate, remoteIp, remotePort)) localPort = candidate;
            }
            if (localPort == 0)
            {
                Counters.NoSlotDrops++;
                return NoHandle;
            }
            TcpConnection c = Allocate(nowMs);
            if (c == null)
            {
                Counters.NoSlotDrops++;
                return NoHandle;
            }
            c.Open(localIp, localPort, remoteIp, remotePort, NewIsn(localIp, localPort, remoteIp, remotePort, nowMs), nowMs);
            c.AppOwned = true;
            c.R2StartMs = nowMs; // MUST-22/23: the SYN's R2 runs from the first SYN.
            Counters.ActiveOpens++;
            c.SetState(TcpState.SynSent, nowMs);
            c.SendSyn(nowMs);
            return HandleOf(c);
        }

        // ================= Data =================

        /// <summary>Queues up to count bytes; returns how many the send ring took (0 when full).
        /// Segments go out at the next Poll.</summary>
        public int Send(int connection, byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            TcpConnection c = ForSend(connection);
            int n = c.SendRing.Write(buffer, offset, count);
            if (n > 0) _outputPending = true;
            return n;
        }

        /// <summary>Queues urgent data (RFC 9293 3.8.5, MUST-30/31): the urgent pointer will mark
        /// the octet after the last of these bytes (MUST-62). Returns how many bytes were taken.</summary>
        public int SendUrgent(int connection, byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            TcpConnection c = ForSend(connection);
            int n = c.SendRing.Write(buffer, offset, count);
            if (n > 0)
            {
                c.SendUrgent = true;
                c.SndUp = c.DataStartSeq + (uint)c.SendRing.Count;
                _outputPending = true;
            }
            return n;
        }

        /// <summary>Copies up to count received bytes out; returns how many (0 when none wait).</summary>
        public int Receive(int connection, byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            TcpConnection c = Lookup(connection);
            if (c == null) return 0;
            int n = c.ReceiveRing.Read(buffer, offset, count);
            if (n > 0)
            {
                c.AfterApplicationRead();
                if (c.AckNow) _outputPending = true;
            }
            return n;
        }

        /// <summary>Bytes waiting to be received.</summary>
        public int ReceiveAvailable(int connection)
        {
            TcpConnection c = Lookup(connection);
            return c == null ? 0 : c.ReceiveRing.Count;
        }

        /// <summary>Free space in the send ring.</summary>
        public int SendFree(int connection)
        {
            TcpConnection c = Lookup(connection);
            return c == null || !c.AppOwned ? 0 : c.SendRing.Free;
        }

        /// <summary>MUST-33: how many received bytes, from the read point, are urgent (up to the
        /// urgent mark); 0 when no urgent data is pending.</summary>
        public int UrgentPending(int connection)
        {
            TcpConnection c = Lookup(connection);
            if (c == null || !c.ReceiveUrgent) return 0;
            int d = Seq.Diff(c.RcvUp, c.ReadSeq);
            return d > 0 ? d : 0;
        }

        /// <summary>MUST-17: turns Nagle's algorithm off (true) or on (false, the default).</summary>
        public void SetNoDelay(int connection, bool noDelay)
        {
            TcpConnection c = ForOwner(connection);
            c.NoDelay = noDelay;
            _outputPending = true;
        }

        /// <summary>MUST-24: keep-alives for this connection (off by default, MUST-25).</summary>
        public void SetKeepAlive(int connection, bool enabled)
        {
            TcpConnection c = ForOwner(connection);
            c.KeepAliveEnabled = enabled;
            c.KeepAliveProbes = 0;
            c.ScheduleKeepAlive();
        }

        /// <summary>MUST-21: R2 for this connection's data, in ms (default TcpOptions.R2Ms).</summary>
        public void SetR2(int connection, int milliseconds)
        {
            if (milliseconds < 1)
                throw new ArgumentOutOfRangeException("milliseconds", "R2 is a time in ms, 1 or more (RFC 9293 suggests at least 100000).");
            ForOwner(connection).R2Ms = milliseconds;
        }

        /// <summary>
        /// Graceful close and release of the handle (RFC 9293 3.10.4 CLOSE, in the half-duplex
        /// form RFC 1122 4.2.2.13 allows, as sockets' close()): a FIN follows the queued data and
        /// the stack finishes the close by itself. The application reads no more: when received
        /// data is still unread, or new data arrives later, the connection is reset (RST) and
        /// the slot freed at once, after the queued data went out as far as the window allowed.
        /// To half-close and keep receiving, call Shutdown first and Close when done.
        /// </summary>
        public void Close(int connection)
        {
            TcpConnection c = Lookup(connection);
            if (c == null || !c.AppOwned) return;
            c.AppOwned = false;
            c.AppClosed = true;
            long now = _lastNowMs;
            if (c.ReceiveRing.Count > 0 && c.IsSynchronized && c.State != TcpState.TimeWait)
            {
                // RFC 1122 4.2.2.13: CLOSE with received data pending sends RST to show it was lost.
                Counters.AbortOnClose++;
                ResetAfterClose(c, now);
                return;
            }
            switch (c.State)
            {
                case TcpState.SynSent:
                    // RFC 9293 3.10.4: delete the TCB.
                    Release(c, now);
                    break;
                case TcpState.FinWait2:
                    // Shut down earlier, closed now: an orphan from here on.
                    ArmFinWait2Timeout(c, now);
                    break;
                case TcpState.Closed:
                    Release(c, now);
                    break;
                default:
                    // SYN-RECEIVED, ESTABLISHED, CLOSE-WAIT send the FIN (unless Shutdown did);
                    // FIN-WAIT-1, CLOSING, LAST-ACK, TIME-WAIT are already closing.
                    ShutdownSend(c, now);
                    break;
            }
        }

        /// <summary>ABORT (RFC 9293 3.10.5): RST now, queued data thrown away.</summary>
        public void Abort(int connection)
        {
            TcpConnection c = Lookup(connection);
            if (c == null) return;
            c.AppOwned = false;
            AbortConnection(c, _lastNowMs);
        }

        public TcpState GetState(int connection)
        {
            TcpConnection c = Lookup(connection);
            return c == null ? TcpState.Closed : c.State;
        }

        public TcpEvents GetEvents(int connection)
        {
            TcpConnection c = Lookup(connection);
            if (c == null) return TcpEvents.Closed;
            return c.Events;
        }

        /// <summary>The remote address and port of a connection (0 for a stale handle).</summary>
        public uint RemoteAddress(int connection) { TcpConnection c = Lookup(connection); return c == null ? 0 : c.RemoteIp; }
        public int RemotePort(int connection) { TcpConnection c = Lookup(connection); return c == null ? 0 : c.RemotePort; }
        public int LocalPort(int connection) { TcpConnection c = Lookup(connection); return c == null ? 0 : c.LocalPort; }

        // ================= Internals shared by the partial files =================

        internal void OutputPending() { _outputPending = true; }

        internal TcpConnection Lookup(int handle)
        {
            if (handle < 0)
                throw new ArgumentOutOfRangeException("connection", "Not a connection handle; use the value Connect or Accept returned.");
            int slot = handle & SlotMask;
            if (slot >= _connections.Length)
                throw new ArgumentOutOfRangeException("connection", "Not a connection handle; use the value Connect or Accept returned.");
            TcpConnection c = _connections[slot];
            if (!c.InUse || (c.Generation & 0xFFFFF) != (handle >> SlotBits)) return null;
            return c;
        }

        private TcpConnection ForOwner(int handle)
        {
            TcpConnection c = Lookup(handle);
            if (c == null || !c.AppOwned)
                throw new InvalidOperationException("This connection handle is closed; open a new connection.");
            return c;
        }

        private TcpConnection ForSend(int handle)
        {
            TcpConnection c = ForOwner(handle);
            if (c.WasReset || c.WasRefused || c.WasTimedOut || c.WasAddressChanged || c.State == TcpState.Closed)
                throw new InvalidOperationException("The connection was reset, refused, timed out or lost its local address; check GetEvents and open a new one.");
            return c;
        }

        private static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null) throw new ArgumentNullException("buffer", "Pass a byte[] buffer.");
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
                throw new ArgumentOutOfRangeException("count", "offset and count must lie inside the buffer.");
        }

        private int HandleOf(TcpConnection c)
        {
            return ((c.Generation & 0xFFFFF) << SlotBits) | c.Slot;
        }

        private TcpListener ListenerFor(int handle)
        {
            if (handle < 0) return null;
            int i = handle & ListenerMask;
            if (i >= _listeners.Length) return null;
            TcpListener l = _listeners[i];
            if (!l.InUse || l.Generation != (handle >> ListenerBits)) return null;
            return l;
        }

        internal static bool IsUnicast(uint a)
        {
            // 0.0.0.0, 255.255.255.255 and 224.0.0.0/4 (RFC 9293 MUST-46, MUST-57, MUST-63).
            return a != 0 && a != 0xFFFFFFFF && (a >> 28) != 0xE;
        }

        private bool PortFree(int port, uint remoteIp, int remotePort)
        {
            for (int i = 0; i < _listeners.Length; i++)
            {
                if (_listeners[i].InUse && _listeners[i].LocalPort == port) return false;
            }
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.InUse && c.LocalPort == port && c.RemoteIp == remoteIp && c.RemotePort == remotePort) return false;
            }
            return true;
        }

        private uint NewIsn(uint localIp, int localPort, uint remoteIp, int remotePort, long nowMs)
        {
            if (FixedIsnSet) return FixedIsn;
            // RFC 6528 (MUST-8, MUST-9): clock component plus keyed hash of the four-tuple.
            return _isn.Next(localIp, localPort, remoteIp, remotePort, nowMs);
        }

        /// <summary>
        /// A free slot, or (when the table is full) the TIME-WAIT slot closest to expiry:
        /// it has waited longest, so the fewest old duplicates can still be in flight (the
        /// policy Linux calls tw_reuse, counted in Counters.TimeWaitReclaimed). Null when
        /// every slot holds a live connection.
        /// </summary>
        private TcpConnection Allocate(long nowMs)
        {
            TcpConnection oldest = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (!c.InUse) return c;
                if (c.State == TcpState.TimeWait && (oldest == null || c.TimeWaitAt < oldest.TimeWaitAt)) oldest = c;
            }
            if (oldest == null) return null;
            Counters.TimeWaitReclaimed++;
            Release(oldest, nowMs);
            return oldest;
        }

        /// <summary>The one place a state changes (DESIGN.md): traced.</summary>
        internal void SetState(TcpConnection c, TcpState to, long nowMs)
        {
            TcpState from = c.State;
            if (from == to) return;
            c.State = to;
            if (to == TcpState.FinWait2 && c.AppClosed) ArmFinWait2Timeout(c, nowMs);
            else if (from == TcpState.FinWait2) c.FinWait2At = TcpConnection.Never;
            if (to == TcpState.Established)
            {
                c.WasConnected = true;
                if (c.Listener >= 0 && c.AcceptOrder == 0) c.AcceptOrder = ++_acceptCounter;
            }
            ITcpTrace t = Trace;
            if (t != null) t.StateChanged(c.Slot, from, to, nowMs);
        }

        /// <summary>Frees a slot: its state becomes CLOSED and a stale handle no longer reaches it.</summary>
        internal void Release(TcpConnection c, long nowMs)
        {
            if (c.Listener >= 0)
            {
                TcpListener l = _listeners[c.Listener];
                if (l.InUse) l.Backlog--;
                c.Listener = -1;
            }
            c.Flush();
            SetState(c, TcpState.Closed, nowMs);
            c.InUse = false;
            c.AppOwned = false;
        }

        /// <summary>Connection went to CLOSED because of the peer or a timeout: keep the slot
        /// (with its events) while the application still holds the handle.</summary>
        internal void EnterClosed(TcpConnection c, long nowMs)
        {
            if (!c.AppOwned)
            {
                Release(c, nowMs);
                return;
            }
            c.Flush();
            SetState(c, TcpState.Closed, nowMs);
        }

        /// <summary>RFC 9293 3.10.5 ABORT: RST in synchronized states, queues dropped at once.</summary>
        internal void AbortConnection(TcpConnection c, long nowMs)
        {
            switch (c.State)
            {
                case TcpState.SynReceived:
                case TcpState.Established:
                case TcpState.FinWait1:
                case TcpState.FinWait2:
                case TcpState.CloseWait:
                    // <SEQ=SND.NXT><CTL=RST> (the highest SND.NXT, see TcpConnection.SendAck)
                    c.SendReset(nowMs);
                    break;
            }
            Release(c, nowMs);
        }
    }
}
