using System;
using NanoTcp.Net;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// The TCP of one interface: a fixed table of connections and listeners (sizes from
    /// StackOptions), driven by the interface's Poll. The application talks to it through
    /// int handles between polls; every call is non-blocking and returns a count.
    ///
    /// Handles: a connection handle carries its slot and a generation, so a stale handle
    /// never reaches a newer connection in the same slot. The application owns a handle
    /// from Connect or Accept until it calls Close or Abort; after that the stack finishes
    /// the close on its own (FIN exchange, TIME-WAIT) and reuses the slot. A connection
    /// the peer resets stays in CLOSED with TcpEvents.Reset until the application closes it.
    /// </summary>
    public sealed partial class TcpStack : IIpTransport
    {
        // CONTRACT SKELETON: the TCP engine issues fill this class in.

        /// <summary>Returned by Accept when no connection waits.</summary>
        public const int NoHandle = -1;

        public TcpStack(IIpSender ip, StackOptions options)
        {
            throw new NotImplementedException();
        }

        public byte Protocol { get { return 6; } }

        /// <summary>Passive OPEN on a local port (RFC 9293 3.10.1). Returns a listener handle.</summary>
        public int Listen(int localPort) { throw new NotImplementedException(); }

        /// <summary>Stops a listener; its queued, unaccepted connections are reset.</summary>
        public void StopListening(int listener) { throw new NotImplementedException(); }

        /// <summary>Takes the next established connection of a listener, or NoHandle.</summary>
        public int Accept(int listener) { throw new NotImplementedException(); }

        /// <summary>Active OPEN to remoteIp:remotePort from an ephemeral port (RFC 6056).</summary>
        public int Connect(uint remoteIp, int remotePort, long nowMs) { throw new NotImplementedException(); }

        /// <summary>Queues up to count bytes; returns how many the send ring took (0 when full).</summary>
        public int Send(int connection, byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        /// <summary>Copies up to count received bytes out; returns how many (0 when none wait).</summary>
        public int Receive(int connection, byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        /// <summary>Graceful CLOSE (RFC 9293 3.10.4): FIN after the queued data.</summary>
        public void Close(int connection) { throw new NotImplementedException(); }

        /// <summary>ABORT (RFC 9293 3.10.5): RST now, queued data thrown away.</summary>
        public void Abort(int connection) { throw new NotImplementedException(); }

        public TcpState GetState(int connection) { throw new NotImplementedException(); }

        public TcpEvents GetEvents(int connection) { throw new NotImplementedException(); }

        public void Input(uint sourceIp, uint destinationIp, byte[] packet, int offset, int length, long nowMs) { throw new NotImplementedException(); }

        public void IcmpError(int type, int code, uint remoteIp, byte[] quoted, int offset, int length, long nowMs) { throw new NotImplementedException(); }

        public void Poll(long nowMs) { throw new NotImplementedException(); }

        public long NextDeadline(long nowMs) { throw new NotImplementedException(); }
    }
}
