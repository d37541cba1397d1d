using System;

namespace NanoTcp.Drivers
{
    /// <summary>
    /// An in-memory Ethernet cable with two ends (EndA, EndB), each an INetDevice, and seeded
    /// faults: drop, duplicate, reorder, delay, single bit flips (like smoltcp's
    /// FaultInjector). It lives in the portable core so the on-board selftest can run two
    /// stacks over it on the microcontroller.
    ///
    /// Time: the cable never reads a clock; SetTime(nowMs) moves its notion of now, and a
    /// frame becomes receivable at (send time + DelayMs [+ ReorderDelayMs]). With no delay
    /// configured a frame is receivable at once. NextDeliveryMs says when the next one is due.
    ///
    /// Memory: maxFramesInFlight slots of MaxFrameLength bytes, shared by both directions, are
    /// allocated in the constructor; Send copies into a free slot (a full cable drops the frame
    /// and counts it): that copy is the wire itself. Receive lends the slot (INetDevice) and
    /// keeps it out of use until that end's next Receive, so a Send meanwhile cannot overwrite
    /// it. Nothing allocates per frame.
    /// Short frames are padded with zeros to 60 bytes, as a real MAC pads them.
    /// </summary>
    public sealed class Cable
    {
        private readonly CableOptions _options;
        private readonly byte[][] _slot;
        private readonly int[] _length;
        private readonly long[] _deliverAt;
        private readonly long[] _order;
        private readonly int[] _to;        // 0 free, 1 to EndA, 2 to EndB, Lent: lent to an end
        private const int Lent = 3;
        private readonly int[] _lentTo = new int[] { -1, -1, -1 }; // by end id: the slot lent by its last Receive
        private uint _random;
        private long _now;
        private long _sequence;

        public Cable(CableOptions faults, int maxFramesInFlight)
        {
            if (faults == null) faults = new CableOptions();
            if (maxFramesInFlight < 1) throw new ArgumentOutOfRangeException("maxFramesInFlight", "A cable holds at least 1 frame in flight; 16 to 64 suits most tests.");
            if (faults.MaxFrameLength < 60) throw new ArgumentOutOfRangeException("faults", "CableOptions.MaxFrameLength must be at least 60 bytes (1514 for a standard MTU).");
            _options = faults;
            _slot = new byte[maxFramesInFlight][];
            for (int i = 0; i < maxFramesInFlight; i++) _slot[i] = new byte[faults.MaxFrameLength];
            _length = new int[maxFramesInFlight];
            _deliverAt = new long[maxFramesInFlight];
            _order = new long[maxFramesInFlight];
            _to = new int[maxFramesInFlight];
            _random = faults.Seed == 0 ? 1u : (uint)faults.Seed;
            LinkUp = true;
            EndA = new CableEnd(this, 1, faults.MacA != null ? faults.MacA : new byte[] { 0x02, 0, 0, 0, 0, 0x0A });
            EndB = new CableEnd(this, 2, faults.MacB != null ? faults.MacB : new byte[] { 0x02, 0, 0, 0, 0, 0x0B });
        }

        /// <summary>The end whose Send reaches EndB.Receive.</summary>
        public CableEnd EndA { get; private set; }
        /// <summary>The end whose Send reaches EndA.Receive.</summary>
        public CableEnd EndB { get; private set; }
        public CableOptions Options { get { return _options; } }

        /// <summary>Plugged in: while false both ends report link down and refuse to send.</summary>
        public bool LinkUp { get; set; }

        public long NowMs { get { return _now; } }

        /// <summary>Moves the cable's clock (the virtual clock's now).</summary>
        public void SetTime(long nowMs) { _now = nowMs; }

        /// <summary>Frames sent into the cable (each Send call that was accepted).</summary>
        public long FramesSent;
        public long FramesDelivered;
        public long FramesDropped;
        public long FramesDuplicated;
        public long FramesReordered;
        public long FramesCorrupted;
        /// <summary>Sends refused or lost because every slot was in flight.</summary>
        public long FramesDroppedNoSlot;

        /// <summary>Frames waiting in the cable, both directions.</summary>
        public int InFlight
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _to.Length; i++) if (_to[i] == 1 || _to[i] == 2) n++;
                return n;
            }
        }

        /// <summary>Earliest time a waiting frame becomes receivable, or long.MaxValue.</summary>
        public long NextDeliveryMs
        {
            get
            {
                long t = long.MaxValue;
                for (int i = 0; i < _to.Length; i++) if ((_to[i] == 1 || _to[i] == 2) && _deliverAt[i] < t) t = _deliverAt[i];
                return t;
            }
        }

        /// <summary>Throws away every frame in flight (a frame lent to an end stays valid).</summary>
        public void Clear()
        {
            for (int i = 0; i < _to.Length; i++) if (_to[i] != Lent) _to[i] = 0;
        }

        internal bool Send(int from, byte[] buffer, int offset, int length)
        {
            if (!LinkUp) return false;
            if (buffer == null || offset < 0 || length < 14 || length > _options.MaxFrameLength || offset > buffer.Length - length) return false;
            FramesSent++;
            if (Chance(_options.DropRate)) { FramesDropped++; return true; }
            int copies = Chance(_options.DuplicateRate) ? 2 : 1;
            if (copies == 2) FramesDuplicated++;
            bool reorder = Chance(_options.ReorderRate);
            if (reorder) FramesReordered++;
            bool flip = Chance(_options.BitFlipRate);
            int flipBit = flip ? (int)(Next() % (uint)(length * 8)) : 0;
            if (flip) FramesCorrupted++;
            for (int c = 0; c < copies; c++)
            {
                int s = FreeSlot();
                if (s < 0) { FramesDroppedNoSlot++; return true; }
                byte[] slot = _slot[s];
                Array.Copy(buffer, offset, slot, 0, length);
                int padded = length;
                while (padded < 60) slot[padded++] = 0;
                if (flip) slot[flipBit >> 3] ^= (byte)(1 << (flipBit & 7));
                _length[s] = padded;
                _deliverAt[s] = _now + _options.DelayMs + (reorder ? _options.ReorderDelayMs : 0);
                _order[s] = _sequence++;
                _to[s] = from == 1 ? 2 : 1;
            }
            return true;
        }

        internal int Receive(int at, out byte[] buffer, out int offset)
        {
            // The frame lent by this end's previous Receive is given back now (INetDevice).
            int lent = _lentTo[at];
            if (lent >= 0) { _to[lent] = 0; _lentTo[at] = -1; }
            buffer = null;
            offset = 0;
            int best = -1;
            for (int i = 0; i < _to.Length; i++)
            {
                if (_to[i] != at || _deliverAt[i] > _now) continue;
                if (best < 0 || _deliverAt[i] < _deliverAt[best] || (_deliverAt[i] == _deliverAt[best] && _order[i] < _order[best])) best = i;
            }
            if (best < 0) return 0;
            _to[best] = Lent;
            _lentTo[at] = best;
            FramesDelivered++;
            buffer = _slot[best];
            return _length[best];
        }

        private int FreeSlot()
        {
            for (int i = 0; i < _to.Length; i++) if (_to[i] == 0) return i;
            return -1;
        }

        private bool Chance(double rate)
        {
            if (rate <= 0) return false;
            if (rate >= 1) return true;
            return (Next() >> 8) < (uint)(rate * 16777216.0);
        }

        /// <summary>xorshift32 (Marsaglia 2003): small, fast, and the same on every platform.</summary>
        private uint Next()
        {
            uint x = _random;
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            _random = x;
            return x;
        }
    }

    /// <summary>One end of a Cable, an INetDevice.</summary>
    public sealed class CableEnd : INetDevice
    {
        private readonly Cable _cable;
        private readonly int _id;
        private readonly byte[] _mac;

        internal CableEnd(Cable cable, int id, byte[] mac)
        {
            if (mac.Length != 6) throw new ArgumentException("A MAC address is 6 bytes.", "mac");
            _cable = cable;
            _id = id;
            _mac = mac;
        }

        public byte[] MacAddress { get { return _mac; } }
        public bool LinkUp { get { return _cable.LinkUp; } }
        public Cable Cable { get { return _cable; } }

        public long FramesSent;
        public long FramesReceived;

        /// <summary>INetDevice: 0, a cable has no SPI preamble.</summary>
        public int TransmitHeadroom { get { return 0; } }

        /// <summary>INetDevice: lends the next frame from its cable slot, valid until this end's next Receive.</summary>
        public int Receive(out byte[] buffer, out int offset)
        {
            int n = _cable.Receive(_id, out buffer, out offset);
            if (n > 0) FramesReceived++;
            return n;
        }

        /// <summary>INetDevice: nothing to do, a cable carries every frame (multicast included).</summary>
        public void AddMulticastAddress(byte[] mac, int offset)
        {
        }

        public bool Send(byte[] buffer, int offset, int length)
        {
            bool ok = _cable.Send(_id, buffer, offset, length);
            if (ok) FramesSent++;
            return ok;
        }
    }
}
