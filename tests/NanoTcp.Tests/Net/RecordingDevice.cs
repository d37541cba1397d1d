using System;
using System.Collections.Generic;
using NanoTcp.Drivers;
using NanoTcp.Simulation;

namespace NanoTcp.Tests.Net
{
    /// <summary>Wraps a device and keeps a copy of every frame sent through it, with the virtual time.</summary>
    public sealed class RecordingDevice : INetDevice
    {
        private readonly INetDevice _inner;
        /// <summary>Timestamps frames; may be set after construction.</summary>
        public VirtualClock Clock;
        public readonly List<(long AtMs, byte[] Frame)> Sent = new List<(long, byte[])>();

        public RecordingDevice(INetDevice inner, VirtualClock clock) { _inner = inner; Clock = clock; }

        public byte[] MacAddress => _inner.MacAddress;
        public bool LinkUp => _inner.LinkUp;
        public int Receive(byte[] buffer, int offset, int capacity) => _inner.Receive(buffer, offset, capacity);

        public bool Send(byte[] buffer, int offset, int length)
        {
            bool ok = _inner.Send(buffer, offset, length);
            if (ok)
            {
                byte[] f = new byte[length];
                Array.Copy(buffer, offset, f, 0, length);
                Sent.Add((Clock != null ? Clock.NowMs : 0, f));
            }
            return ok;
        }
    }
}
