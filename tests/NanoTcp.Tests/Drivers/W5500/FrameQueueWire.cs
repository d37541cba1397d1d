using System;
using NanoTcp.Drivers;

namespace NanoTcp.Tests.Drivers.W5500
{
    /// <summary>
    /// The far end of a wire for chip tests: frames injected here are what the chip receives,
    /// frames the chip sends are kept in order. Fixed slots, so steady-state traffic does not
    /// allocate (the zero-allocation tests rely on that).
    /// </summary>
    public sealed class FrameQueueWire : INetDevice
    {
        private const int Slots = 256;
        private const int SlotSize = 1600;
        private readonly byte[][] _in = new byte[Slots][];
        private readonly int[] _inLength = new int[Slots];
        private readonly byte[][] _out = new byte[Slots][];
        private readonly int[] _outLength = new int[Slots];
        private int _inHead, _inCount, _outHead, _outCount;

        public FrameQueueWire()
        {
            for (int i = 0; i < Slots; i++)
            {
                _in[i] = new byte[SlotSize];
                _out[i] = new byte[SlotSize];
            }
        }

        public byte[] MacAddress { get; } = { 0x02, 0, 0, 0, 0, 0xEE };
        public bool LinkUp => true;
        public int Waiting => _inCount;
        public int SentCount => _outCount;
        public long TotalSent { get; private set; }

        /// <summary>Queues a frame for the chip to receive.</summary>
        public void Inject(byte[] frame, int length)
        {
            if (_inCount == Slots) throw new InvalidOperationException("test wire full");
            int slot = (_inHead + _inCount) % Slots;
            Array.Copy(frame, 0, _in[slot], 0, length);
            _inLength[slot] = length;
            _inCount++;
        }

        /// <summary>Takes the oldest frame the chip sent into dst; returns its length or 0.</summary>
        public int TakeSent(byte[] dst)
        {
            if (_outCount == 0) return 0;
            int length = _outLength[_outHead];
            Array.Copy(_out[_outHead], 0, dst, 0, length);
            _outHead = (_outHead + 1) % Slots;
            _outCount--;
            return length;
        }

        public byte[] TakeSent()
        {
            var tmp = new byte[SlotSize];
            int n = TakeSent(tmp);
            return n == 0 ? null : tmp.AsSpan(0, n).ToArray();
        }

        int INetDevice.TransmitHeadroom => 0;
        void INetDevice.AddMulticastAddress(byte[] mac, int offset) { }

        int INetDevice.Receive(out byte[] buffer, out int offset)
        {
            buffer = null;
            offset = 0;
            if (_inCount == 0) return 0;
            int length = _inLength[_inHead];
            buffer = _in[_inHead]; // lent: the slot is reused only after 255 more injections
            _inHead = (_inHead + 1) % Slots;
            _inCount--;
            return length;
        }

        bool INetDevice.Send(byte[] buffer, int offset, int length)
        {
            if (_outCount == Slots) return false;
            int slot = (_outHead + _outCount) % Slots;
            Array.Copy(buffer, offset, _out[slot], 0, length);
            _outLength[slot] = length;
            _outCount++;
            TotalSent++;
            return true;
        }

        /// <summary>A frame to dst from src with a recognisable payload: byte i = (seed + i) mod 251.</summary>
        public static byte[] MakeFrame(byte[] dst, int length, int seed)
        {
            var f = new byte[length];
            Array.Copy(dst, 0, f, 0, 6);
            byte[] src = { 0x02, 0, 0, 0, 0, 0xEE };
            Array.Copy(src, 0, f, 6, 6);
            f[12] = 0x88; f[13] = 0xB5; // IEEE 802 local experimental EtherType
            for (int i = 14; i < length; i++) f[i] = (byte)((seed + i) % 251);
            return f;
        }
    }

    /// <summary>An ISpiBus wrapper that lets a test tamper with one transfer's MISO bytes.</summary>
    public sealed class TamperingSpi : ISpiBus
    {
        private readonly ISpiBus _inner;
        public TamperingSpi(ISpiBus inner) { _inner = inner; }

        public int MaxTransferBytes => _inner.MaxTransferBytes;

        /// <summary>Called after each transfer with (write header control byte, read buffer, read offset, count); returns true to stop tampering.</summary>
        public Func<byte[], int, byte[], int, int, bool> Tamper { get; set; }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            // Capture the header before the in-place transfer overwrites it.
            byte h0 = write[writeOffset], h1 = write[writeOffset + 1], h2 = write[writeOffset + 2];
            _inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
            if (Tamper != null && Tamper(new[] { h0, h1, h2 }, 0, read, readOffset, count))
            {
                Tamper = null;
            }
        }
    }

    public sealed class RecordingDelay : IDelay
    {
        public int TotalMs;
        public void SleepMs(int milliseconds) { TotalMs += milliseconds; }
    }
}
