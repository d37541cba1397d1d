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
    /// RFC 826's merge rule decides what may enter: an entry we have is updated by any ARP
    /// packet from its address; a new one is added only when we asked (we need to send to it)
    /// or when it talks to us (an ARP request or reply whose target is our address).
    ///
    /// An entry is "in use" once we resolved it because we had something to send, or looked it
    /// up to send. Traffic we did not ask for never evicts an entry in use: an unsolicited
    /// sender takes a free entry or one that was itself learned unsolicited and never used
    /// (oldest first), else it is not cached (counted in LearnRefused; we still answer it,
    /// and resolve it if we ever send to it). So an ARP flood cannot cost a bulk transfer its
    /// peer's entry. Every entry expires after StackOptions.ArpEntryLifetimeMs, so "in use"
    /// lasts at most that long after the last send.
    ///
    /// Replacement when we need an entry and the table is full: a free entry; else the oldest
    /// unused learned one; else the resolving entry started first (its held frame is dropped);
    /// else the resolved entry used least recently. Every replacement counts in Evictions.
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
        private readonly bool[] _inUse;

        /// <summary>Senders that talked to us unasked and were not cached: every entry was in use (RFC 826 merge rule).</summary>
        public long LearnRefused;
        /// <summary>Entries replaced to make room (free entries are not counted).</summary>
        public long Evictions;

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
            _inUse = new bool[entries];
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

        /// <summary>True when we resolved the entry to send to it or looked it up to send (see the class notes).</summary>
        public bool IsInUse(int index) { return _inUse[index]; }

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

        /// <summary>Claims an entry for an address we need to send to (state Resolving, in use),
        /// evicting per the policy. Returns the index; droppedPendingFrame is set when an
        /// evicted entry held a frame.</summary>
        internal int Allocate(uint address, long nowMs, out bool droppedPendingFrame)
        {
            int victim = FreeOrUnusedLearned();
            if (victim < 0)
            {
                for (int i = 0; i < _state.Length; i++)
                    if (_state[i] == ArpEntryState.Resolving && (victim < 0 || _lastUsed[i] < _lastUsed[victim])) victim = i;
            }
            if (victim < 0)
            {
                for (int i = 0; i < _state.Length; i++)
                    if (victim < 0 || _lastUsed[i] < _lastUsed[victim]) victim = i;
            }
            droppedPendingFrame = Claim(victim, address, nowMs);
            _inUse[victim] = true;
            return victim;
        }

        /// <summary>RFC 826 merge rule for a sender that talked to us without being asked: a
        /// free entry or the oldest unused learned one, never an entry in use. Returns the index
        /// (state Resolving, not in use) or -1 when nothing may be replaced (LearnRefused).</summary>
        internal int AllocateUnsolicited(uint address, long nowMs)
        {
            int victim = FreeOrUnusedLearned();
            if (victim < 0)
            {
                LearnRefused++;
                return -1;
            }
            Claim(victim, address, nowMs);
            return victim;
        }

        /// <summary>A free entry, else the resolved entry learned unasked and never used, least
        /// recently refreshed first; -1 when neither exists.</summary>
        private int FreeOrUnusedLearned()
        {
            for (int i = 0; i < _state.Length; i++)
                if (_state[i] == ArpEntryState.Free) return i;
            int victim = -1;
            for (int i = 0; i < _state.Length; i++)
                if (_state[i] == ArpEntryState.Resolved && !_inUse[i] && (victim < 0 || _lastUsed[i] < _lastUsed[victim])) victim = i;
            return victim;
        }

        /// <summary>Resets entry index for address (Resolving); true when it held a frame.</summary>
        private bool Claim(int index, uint address, long nowMs)
        {
            if (_state[index] != ArpEntryState.Free) Evictions++;
            bool dropped = _state[index] == ArpEntryState.Resolving && _pendingLength[index] > 0;
            _address[index] = address;
            _state[index] = ArpEntryState.Resolving;
            _inUse[index] = false;
            _requestsSent[index] = 0;
            _pendingLength[index] = 0;
            _expiresAt[index] = nowMs;
            _lastUsed[index] = nowMs;
            for (int k = 0; k < 6; k++) _mac[index * 6 + k] = 0;
            return dropped;
        }

        internal void SetResolved(int index, byte[] mac, int macOffset, long expiresAt, long nowMs)
        {
            Array.Copy(mac, macOffset, _mac, index * 6, 6);
            _state[index] = ArpEntryState.Resolved;
            _expiresAt[index] = expiresAt;
            _lastUsed[index] = nowMs;
        }

        /// <summary>We looked the entry up to send: it is in use from now on (until it expires).</summary>
        internal void Touch(int index, long nowMs) { _lastUsed[index] = nowMs; _inUse[index] = true; }

        internal void Free(int index)
        {
            _state[index] = ArpEntryState.Free;
            _inUse[index] = false;
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
