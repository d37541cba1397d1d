using System;
using NanoTcp.Drivers;

namespace NanoTcp.Tests.Drivers.Enc28j60
{
    /// <summary>
    /// The far end of the chip's cable for tests: frames queued with <see cref="Push"/> are
    /// what the chip receives; frames the chip sends are kept in order for <see cref="TryTake"/>.
    /// Preallocated rings, so it does not allocate per frame (zero-allocation tests use it).
    /// </summary>
    internal sealed class TestWire : INetDevice
    {
        private const int Slots = 64;
        private readonly byte[][] _in = new byte[Slots][];
        private readonly int[] _inLen = new int[Slots];
        private readonly byte[][] _out = new byte[Slots][];
        private readonly int[] _outLen = new int[Slots];
        private int _inHead, _inCount, _outHead, _outCount;

        public TestWire()
        {
            for (int i = 0; i < Slots; i++) { _in[i] = new byte[1518]; _out[i] = new byte[1518]; }
        }

        public byte[] MacAddress { get; } = { 0x02, 0, 0, 0, 0, 0xEE };
        public bool LinkUp => true;
        public int Waiting => _inCount;
        public int SentCount => _outCount;

        public void Push(byte[] frame, int length)
        {
            if (_inCount == Slots) throw new InvalidOperationException("test wire full");
            int slot = (_inHead + _inCount) % Slots;
            Array.Copy(frame, _in[slot], length);
            _inLen[slot] = length;
            _inCount++;
        }

        public int TransmitHeadroom => 0;
        public void AddMulticastAddress(byte[] mac, int offset) { }

        /// <summary>Lends the oldest pushed frame from its slot (the slot is reused only after 63 more pushes).</summary>
        public int Receive(out byte[] buffer, out int offset)
        {
            buffer = null;
            offset = 0;
            if (_inCount == 0) return 0;
            int len = _inLen[_inHead];
            buffer = _in[_inHead];
            _inHead = (_inHead + 1) % Slots;
            _inCount--;
            return len;
        }

        public bool Send(byte[] buffer, int offset, int length)
        {
            if (_outCount == Slots) throw new InvalidOperationException("test wire: sent frames not taken");
            int slot = (_outHead + _outCount) % Slots;
            Array.Copy(buffer, offset, _out[slot], 0, length);
            _outLen[slot] = length;
            _outCount++;
            return true;
        }

        /// <summary>Copies the oldest frame the chip sent into buffer; returns its length or 0.</summary>
        public int TryTake(byte[] buffer)
        {
            if (_outCount == 0) return 0;
            int len = _outLen[_outHead];
            Array.Copy(_out[_outHead], buffer, len);
            _outHead = (_outHead + 1) % Slots;
            _outCount--;
            return len;
        }

        /// <summary>A frame addressed to dst from this wire's MAC, with a recognisable payload.</summary>
        public static byte[] MakeFrame(byte[] dst, int length, int seed)
        {
            var f = new byte[length];
            Array.Copy(dst, f, 6);
            f[6] = 0x02; f[11] = 0xEE;
            f[12] = 0x08; f[13] = 0x00;
            for (int i = 14; i < length; i++) f[i] = (byte)(i * 7 + seed * 13);
            return f;
        }
    }
}
