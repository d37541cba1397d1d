namespace NanoTcp.Tcp
{
    // Internal views of the fixed tables for the test project's leak check (the role lwIP's
    // tcp_remove_all and MEMP statistics play in its unit tests): after a test, every slot,
    // ring, out-of-order range, timer and backlog count must be back to empty. Read-only,
    // no allocation, nothing here runs on a packet path.
    public sealed partial class TcpStack
    {
        internal TcpConnection ConnectionAt(int slot) { return _connections[slot]; }

        /// <summary>The handle the application holds for a slot's current connection.</summary>
        internal int HandleOfSlot(int slot) { return HandleOf(_connections[slot]); }

        internal int ListenerSlots { get { return _listeners.Length; } }

        internal TcpListener ListenerAt(int index) { return _listeners[index]; }

        /// <summary>The handle Listen returned for a listener slot.</summary>
        internal int HandleOfListener(int index) { TcpListener l = _listeners[index]; return (l.Generation << ListenerBits) | l.Index; }

        /// <summary>Input or the application queued something that the next Poll sends.</summary>
        internal bool IsOutputPending { get { return _outputPending; } }
    }
}
