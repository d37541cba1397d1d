using System;

namespace NanoTcp.Net
{
    /// <summary>State of one ARP cache entry.</summary>
    public enum ArpEntryState
    {
        Free = 0,
        /// <summary>Requests are going out; at most one frame waits for the answer.</summary>
        Resolving = 1,
        Resolved = 2,
    }

    /// <summary>
    /// The fixed-size ARP table (RFC 826) of one interface: address, MAC, state, timers and
    /// ONE held frame per entry (RFC 1122 2.3.2.2: SHOULD save at least one packet, the
    /// latest). Pure bookkeeping: NetworkInterface (NetworkInterface.Arp.cs) sends and
    /// receives the ARP packets. Read-only enumeration by index (0..Capacity-1) for status pages.
    ///
    /// Replacement when full: a free entry first; else the resolved entry used least recently;
    /// else (all resolving) the resolving entry started first, whose held frame is dropped.
    /// </summary>
    public sealed class ArpCache
    {
        private readonly uint[] _address;
        private readonly byte[] _mac;          // 6 bytes per entry
        private readonly ArpEntryState[] _state;
        private readonly long[] _expiresAt;    // Resolved: end of life. Resolving: next request time.
        private readonly long[] _lastUsed;     // Resolved: last lookup or refresh. Resolving: start.
        private readonly int[] _requestsSent;
        private readonly byte[][] _pending;
        private readonly int[] _pendingLength;

        internal ArpCache(int entries, int frameCapacity)
        {
            _address = new uint[entries];
            _mac = new byte[entries * 6];
            _state = new ArpEntryState[entries];
            _expiresAt = new long[entries];
            _lastUsed = new long[entries];
            _requestsSent = new int[entries];
            _pending = new byte[entries][];
            for (int i = 0; i < entries; i++) _pending[i] = new byte[frameCapacity];
            _pendingLength = new int[entries];
        }

        /// <summary>Number of entries (fixed by NetOptions.ArpCacheEntries).</summary>
        public int Capacity { get { return _state.Length; } }

        public ArpEntryState GetState(int index) { return _state[index]; }
        public uint GetAddress(int index) { return _address[index]; }

        /// <summary>Copies the 6-byte MAC of entry index to destination[offset].</summary>
        public void CopyMac(int index, byte[] destination, int offset)
        {
            Array.Copy(_mac, index * 6, destination, offset, 6);
        }

        /// <summary>Resolved: when the entry expires. Resolving: when the next request goes out.</summary>
        public long GetDeadline(int index) { return _expiresAt[index]; }

        /// <summary>Requests sent so far for a resolving entry.</summary>
        public int GetRequestsSent(int index) { return _requestsSent[index]; }

        /// <summary>True when a resolving entry holds a frame.</summary>
        public bool HasPendingFrame(int index) { return _pendingLength[index] > 0; }

        /// <summary>Entries in use (resolving or resolved).</summary>
        public int Used
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _state.Length; i++) if (_state[i] != ArpEntryState.Free) n++;
                return n;
            }
        }

        // ---- used by NetworkInterface ----

        /// <summary>Index of the entry for address (resolving or resolved), or -1.</summary>
        public int Find(uint address)
        {
            for (int i = 0; i < _state.Length; i++)
                if (_state[i] != ArpEntryState.Free && _address[i] == address) return i;
            return -1;
        }

        /// <summary>Claims an entry for address (state Resolving), evicting per the policy.
        /// Returns the index; droppedPendingFrame is set when an evicted entry held a frame.</summary>
        internal int Allocate(uint address, long nowMs, out bool droppedPendingFrame)
        {
            int victim = -1;
            for (int i = 0; i < _state.Length && victim < 0; i++)
                if (_state[i] == ArpEntryState.Free) victim = i;
            if (victim < 0)
            {
                for (int i = 0; i < _state.Length; i++)
                    if (_state[i] == ArpEntryState.Resolved && (victim < 0 || _lastUsed[i] < _lastUsed[victim])) victim = i;
            }
            if (victim < 0)
            {
                for (int i = 0; i < _state.Length; i++)
                    if (victim < 0 || _lastUsed[i] < _lastUsed[victim]) victim = i;
            }
            droppedPendingFrame = _state[victim] == ArpEntryState.Resolving && _pendingLength[victim] > 0;
            _address[victim] = address;
            _state[victim] = ArpEntryState.Resolving;
            _requestsSent[victim] = 0;
            _pendingLength[victim] = 0;
            _expiresAt[victim] = nowMs;
            _lastUsed[victim] = nowMs;
            for (int k = 0; k < 6; k++) _mac[victim * 6 + k] = 0;
            return victim;
        }

        internal void SetResolved(int index, byte[] mac, int macOffset, long expiresAt, long nowMs)
        {
            Array.Copy(mac, macOffset, _mac, index * 6, 6);
            _state[index] = ArpEntryState.Resolved;
            _expiresAt[index] = expiresAt;
            _lastUsed[index] = nowMs;
        }

        internal void Touch(int index, long nowMs) { _lastUsed[index] = nowMs; }

        internal void Free(int index)
        {
            _state[index] = ArpEntryState.Free;
            _pendingLength[index] = 0;
            _address[index] = 0;
        }

        internal void Clear()
        {
            for (int i = 0; i < _state.Length; i++) Free(i);
        }

        internal byte[] MacTable { get { return _mac; } }

        internal void SetNextRequest(int index, long atMs) { _expiresAt[index] = atMs; _requestsSent[index]++; }

        internal byte[] PendingBuffer(int index) { return _pending[index]; }
        internal int PendingLength(int index) { return _pendingLength[index]; }
        internal void SetPendingLength(int index, int length) { _pendingLength[index] = length; }
    }
}
