namespace NanoTcp.Tcp
{
    // Read-only view of the connection table for the status page and the CLI, by slot.
    // None of these allocate.
    public sealed partial class TcpStack
    {
        public int ConnectionSlots { get { return _connections.Length; } }

        /// <summary>State of a slot; CLOSED for a free one.</summary>
        public TcpState GetSlotState(int slot) { TcpConnection c = SlotAt(slot); return c.InUse ? c.State : TcpState.Closed; }
        public bool IsSlotInUse(int slot) { return SlotAt(slot).InUse; }
        public uint GetSlotLocalAddress(int slot) { return SlotAt(slot).LocalIp; }
        public int GetSlotLocalPort(int slot) { return SlotAt(slot).LocalPort; }
        public uint GetSlotRemoteAddress(int slot) { return SlotAt(slot).RemoteIp; }
        public int GetSlotRemotePort(int slot) { return SlotAt(slot).RemotePort; }
        public uint GetSlotSndUna(int slot) { return SlotAt(slot).SndUna; }
        public uint GetSlotSndNxt(int slot) { return SlotAt(slot).SndNxt; }
        public uint GetSlotRcvNxt(int slot) { return SlotAt(slot).RcvNxt; }
        public int GetSlotSndWnd(int slot) { return SlotAt(slot).SndWnd; }
        public int GetSlotRcvWnd(int slot) { TcpConnection c = SlotAt(slot); int w = Seq.Diff(c.RcvAdvRight, c.RcvNxt); return w < 0 ? 0 : w; }
        public int GetSlotSendQueued(int slot) { return SlotAt(slot).SendRing.Count; }
        public int GetSlotReceiveQueued(int slot) { return SlotAt(slot).ReceiveRing.Count; }
        public int GetSlotRtoMs(int slot) { return SlotAt(slot).Rtt.RtoMs; }
        public int GetSlotCwnd(int slot) { return SlotAt(slot).Congestion.Cwnd; }
        public int GetSlotSendMss(int slot) { return SlotAt(slot).SendMss; }

        /// <summary>Slots in use, by state (count of one state; CLOSED counts free slots too).</summary>
        public int CountInState(TcpState state)
        {
            int n = 0;
            for (int i = 0; i < _connections.Length; i++)
            {
                TcpConnection c = _connections[i];
                TcpState s = c.InUse ? c.State : TcpState.Closed;
                if (s == state) n++;
            }
            return n;
        }

        private TcpConnection SlotAt(int slot)
        {
            if (slot < 0 || slot >= _connections.Length)
                throw new System.ArgumentOutOfRangeException("slot", "A slot is 0 to ConnectionSlots - 1.");
            return _connections[slot];
        }
    }
}
