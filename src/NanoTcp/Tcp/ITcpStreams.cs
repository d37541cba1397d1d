namespace NanoTcp.Tcp
{
    /// <summary>
    /// The part of TcpStack's handle API that applications on TCP (the web server, the
    /// device services) use. It exists so they can be tested against a scripted fake TCP as
    /// well as the real stack (TcpStackStreams forwards to a TcpStack). Same semantics as TcpStack: every
    /// call is non-blocking and returns a count; handles are generation-checked ints.
    /// </summary>
    public interface ITcpStreams
    {
        int Listen(int localPort);
        void StopListening(int listener);
        /// <summary>The next established connection of the listener, or TcpStack.NoHandle.</summary>
        int Accept(int listener);
        int Send(int connection, byte[] buffer, int offset, int count);
        int Receive(int connection, byte[] buffer, int offset, int count);
        void Close(int connection);
        void Abort(int connection);
        TcpEvents GetEvents(int connection);
    }

    /// <summary>ITcpStreams over a real TcpStack: plain forwarding, no allocation.</summary>
    public sealed class TcpStackStreams : ITcpStreams
    {
        private readonly TcpStack _tcp;

        public TcpStackStreams(TcpStack tcp)
        {
            if (tcp == null) throw new System.ArgumentNullException("tcp", "Pass the TcpStack the server runs on (registered with the NetworkInterface).");
            _tcp = tcp;
        }

        public TcpStack Stack { get { return _tcp; } }

        public int Listen(int localPort) { return _tcp.Listen(localPort); }
        public void StopListening(int listener) { _tcp.StopListening(listener); }
        public int Accept(int listener) { return _tcp.Accept(listener); }
        public int Send(int connection, byte[] buffer, int offset, int count) { return _tcp.Send(connection, buffer, offset, count); }
        public int Receive(int connection, byte[] buffer, int offset, int count) { return _tcp.Receive(connection, buffer, offset, count); }
        public void Close(int connection) { _tcp.Close(connection); }
        public void Abort(int connection) { _tcp.Abort(connection); }
        public TcpEvents GetEvents(int connection) { return _tcp.GetEvents(connection); }
    }
}
