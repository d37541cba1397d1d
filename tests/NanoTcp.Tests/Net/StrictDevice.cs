using System;
using NanoTcp.Drivers;

namespace NanoTcp.Tests.Net
{
    /// <summary>
    /// Wraps a device and holds the stack to the letter of INetDevice, the way a real driver
    /// could: it asks for headroom and refuses a frame built without it; after passing a frame
    /// on it scribbles over the headroom and the frame (Send leaves them undefined); and it
    /// lends received frames from the middle of its own buffer, at an odd offset, between
    /// bytes of garbage, and overwrites the previously lent frame on the next Receive.
    /// Preallocated; nothing allocates per frame.
    /// </summary>
    public sealed class StrictDevice : INetDevice
    {
        public const byte Scribble = 0xA5;
        private readonly INetDevice _inner;
        private readonly int _headroom;
        private readonly int _lendOffset;
        private readonly byte[] _lend;
        private readonly byte[] _staging = new byte[1514];

        public long FramesSent, FramesLent, HeadroomViolations;

        public StrictDevice(INetDevice inner, int headroom = 5, int lendOffset = 11)
        {
            _inner = inner;
            _headroom = headroom;
            _lendOffset = lendOffset;
            _lend = new byte[lendOffset + 1514 + 64];
        }

        public byte[] MacAddress => _inner.MacAddress;
        public bool LinkUp => _inner.LinkUp;
        public int TransmitHeadroom => _headroom;
        public void AddMulticastAddress(byte[] mac, int offset) => _inner.AddMulticastAddress(mac, offset);

        public int Receive(out byte[] buffer, out int offset)
        {
            // The frame lent last time is gone now: a stack that kept using it reads garbage.
            for (int i = 0; i < _lend.Length; i++) _lend[i] = 0xCC;
            buffer = _lend;
            offset = _lendOffset;
            int n = _inner.Receive(out byte[] inner, out int at);
            if (n <= 0) return 0;
            Buffer.BlockCopy(inner, at, _lend, _lendOffset, n);
            FramesLent++;
            return n;
        }

        public bool Send(byte[] buffer, int offset, int length)
        {
            if (offset < _headroom)
            {
                HeadroomViolations++;
                throw new ArgumentOutOfRangeException(nameof(offset), "frame built without the device's TransmitHeadroom");
            }
            Buffer.BlockCopy(buffer, offset, _staging, 0, length);
            for (int i = offset - _headroom; i < offset + length; i++) buffer[i] = Scribble;
            bool ok = _inner.Send(_staging, 0, length);
            if (ok) FramesSent++;
            return ok;
        }
    }
}
