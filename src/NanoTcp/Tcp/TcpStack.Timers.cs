namespace NanoTcp.Tcp
{
    // Poll and NextDeadline: the stack's only sense of time is what the caller passes in.
    public sealed partial class TcpStack
    {
        public void Poll(long nowMs)
        {
            _lastNowMs = nowMs;
            _outputPending = false;
            AbortConnectionsOnOldAddress(nowMs);
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (!c.InUse) continue;
                if (c.NextDeadline() <= nowMs) c.OnTimers(nowMs);
                if (c.InUse) c.Output(nowMs, false);
            }
        }

        public long NextDeadline(long nowMs)
        {
            if (_outputPending) return nowMs;
            long d = long.MaxValue;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                if (!c.InUse) continue;
                long t = c.NextDeadline();
                if (t < d) d = t;
                if (c.AckNow) return nowMs;
            }
            return d;
        }
    }
}
