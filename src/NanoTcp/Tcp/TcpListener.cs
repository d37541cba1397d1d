namespace NanoTcp.Tcp
{
    /// <summary>
    /// A passive OPEN on a local port (RFC 9293 3.10.1). Holds no connections itself: the
    /// half-open and not-yet-accepted connections are table slots whose Listener field names
    /// this listener, so a SYN flood can fill at most ListenBacklog slots per listener and
    /// never touches established connections (MUST-41).
    /// </summary>
    internal sealed class TcpListener
    {
        internal readonly int Index;
        internal int Generation;
        internal bool InUse;
        internal int LocalPort;
        /// <summary>Half-open plus established-but-unaccepted connections.</summary>
        internal int Backlog;

        internal TcpListener(int index)
        {
            Index = index;
        }
    }
}
