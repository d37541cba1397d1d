using System;
using NanoTcp.Wire;

namespace NanoTcp.Tcp
{
    // Every connection slot comes back on its own, bounded in time, whatever the peer or the
    // application does: half-duplex close with RST (RFC 1122 4.2.2.13), the FIN-WAIT-2 orphan
    // timeout, the zero-window user timeout (TcpConnection.Lifetimes.cs), bounded SYN-ACK
    // retries and recycling of the oldest half-open connection (RFC 4987 3.3), and the
    // address-change abort (MUST-45).
    public sealed partial class TcpStack
    {
        private uint _lastLocalAddress;

        /// <summary>
        /// Half-close (RFC 9293 3.10.4 CLOSE, "may continue to RECEIVE"): a FIN follows the
        /// queued data, the application keeps the handle and still receives until the peer's
        /// FIN. Call Close when done with the handle. Calling it again does nothing.
        /// </summary>
        public void Shutdown(int connection)
        {
            TcpConnection c = ForOwner(connection);
            ShutdownSend(c, _lastNowMs);
        }

        /// <summary>
        /// User timeout for a zero window on this connection, in ms (RFC 5482 style): when the
        /// peer's window has stayed zero this long since our first probe, the connection is
        /// reset and reports TimedOut. 0 probes for as long as the peer answers (MUST-37); once
        /// the application closes the handle, TcpOptions.ZeroWindowTimeoutMs bounds it again.
        /// </summary>
        public void SetZeroWindowTimeout(int connection, int milliseconds)
        {
            if (milliseconds < 0)
                throw new ArgumentOutOfRangeException("milliseconds", "The zero-window timeout is a time in ms, 0 (probe for as long as the peer answers) or more.");
            ForOwner(connection).ZeroWindowTimeoutMs = milliseconds;
        }

        /// <summary>Queues our FIN after the data (once): CLOSE's sending half.</summary>
        private void ShutdownSend(TcpConnection c, long nowMs)
        {
            if (c.FinQueued) return;
            switch (c.State)
            {
                case TcpState.SynSent:
                case TcpState.SynReceived:
                    // RFC 9293 3.10.4: queued until ESTABLISHED, then FIN-WAIT-1 (Input).
                    c.QueueFin();
                    break;
                case TcpState.Established:
                    c.QueueFin();
                    c.SetState(TcpState.FinWait1, nowMs);
                    _outputPending = true;
                    break;
                case TcpState.CloseWait:
                    c.QueueFin();
                    c.SetState(TcpState.LastAck, nowMs);
                    _outputPending = true;
                    break;
            }
        }

        /// <summary>An orphan (closed by the application) in FIN-WAIT-2 waits for the peer's FIN
        /// at most TcpFinWait2TimeoutMs (Linux tcp_fin_timeout).</summary>
        internal void ArmFinWait2Timeout(TcpConnection c, long nowMs)
        {
            c.FinWait2At = nowMs + _options.FinWait2TimeoutMs;
        }

        /// <summary>
        /// RFC 1122 4.2.2.13: the application closed and data was lost (unread at Close, or new
        /// data arrived after it). What the application queued goes out first as far as the
        /// windows allow (an error response written just before Close is not lost to the
        /// reset), then &lt;SEQ=SND.NXT&gt;&lt;CTL=RST&gt; (TcpConnection.ResetSequence) and the
        /// slot is free.
        /// </summary>
        internal void ResetAfterClose(TcpConnection c, long nowMs)
        {
            c.NoDelay = true; // the connection ends now: nothing to coalesce with
            c.Output(nowMs, false);
            c.SendReset(c.ResetSequence, nowMs);
            Release(c, nowMs);
        }

        /// <summary>
        /// RFC 4987 3.3 "Recycling the Oldest Half-Open TCB": a SYN that finds the listener's
        /// backlog (or the table) full frees the listener's oldest SYN-RECEIVED connection, so a
        /// legitimate client gets through a spoofed-SYN flood as long as its handshake completes
        /// before ListenBacklog newer SYNs arrive. Chosen over SYN cookies (RFC 4987 3.6):
        /// no per-SYN keyed hash, no options lost in a cookie, and the slot table, not the
        /// backlog, is what a device runs out of. The recycled peer gets no RST (a spoofed
        /// source would only receive backscatter). False when the listener has no half-open one.
        /// </summary>
        private bool RecycleOldestHalfOpen(TcpListener l, long nowMs)
        {
            TcpConnection oldest = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (c.InUse && c.Listener == l.Index && c.State == TcpState.SynReceived && c.FromListen
                    && (oldest == null || c.OpenedMs < oldest.OpenedMs))
                {
                    oldest = c;
                }
            }
            if (oldest == null) return false;
            Counters.HalfOpenRecycled++;
            oldest.SetState(TcpState.Listen, nowMs); // MUST-11: a passive half-open goes back to LISTEN
            Release(oldest, nowMs);
            return true;
        }

        /// <summary>
        /// MUST-45: a connection sends only from its own local address. When the interface
        /// takes a different address (static or DHCP), the connections bound to the old one
        /// can no longer send a correct segment (the IP header would carry the new address, the
        /// TCP checksum the old one), so they are aborted with TcpEvents.AddressChanged. No RST
        /// goes out: it would have to come from the old address. While the interface has no
        /// address nothing is sent and nothing is aborted, so a lease that comes back with the
        /// same address resumes every connection.
        /// </summary>
        private void AbortConnectionsOnOldAddress(long nowMs)
        {
            uint address = _ip.LocalAddress;
            if (address == 0 || address == _lastLocalAddress) return;
            _lastLocalAddress = address;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (!c.InUse || c.State == TcpState.Closed || c.LocalIp == address) continue;
                Counters.AddressChangeAborts++;
                c.WasAddressChanged = true;
                EnterClosed(c, nowMs);
            }
        }
    }
}
