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
        public int TransmitHeadroom => _inner.TransmitHeadroom;
        public int Receive(out byte[] buffer, out int offset) => _inner.Receive(out buffer, out offset);
        public void AddMulticastAddress(byte[] mac, int offset) => _inner.AddMulticastAddress(mac, offset);

        public bool Send(byte[] buffer, int offset, int length)
        {
            // Copied before the inner Send: INetDevice.Send leaves the sent bytes undefined.
            byte[] f = new byte[length];
            Array.Copy(buffer, offset, f, 0, length);
            bool ok = _inner.Send(buffer, offset, length);
            if (ok) Sent.Add((Clock != null ? Clock.NowMs : 0, f));
            return ok;
        }
    }
}
