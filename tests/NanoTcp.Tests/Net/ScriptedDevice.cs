using System;
using System.Collections.Generic;
using NanoTcp.Drivers;

namespace NanoTcp.Tests.Net
{
    /// <summary>An INetDevice for tests: frames queued in Inbox are received, frames sent are kept in Sent.</summary>
    public sealed class ScriptedDevice : INetDevice
    {
        public readonly Queue<byte[]> Inbox = new Queue<byte[]>();
        public readonly List<byte[]> Sent = new List<byte[]>();

        public ScriptedDevice(byte[] mac) { MacAddress = mac; }

        public byte[] MacAddress { get; }
        public bool LinkUp { get; set; } = true;

        /// <summary>Headroom this device asks for; frames sent are checked to leave it.</summary>
        public int TransmitHeadroom { get; set; }

        public void AddMulticastAddress(byte[] mac, int offset) { MulticastAddresses.Add(BitConverter.ToString(mac, offset, 6)); }
        public readonly List<string> MulticastAddresses = new List<string>();

        /// <summary>Lends the next Inbox frame (the test's own array) at offset 0.</summary>
        public int Receive(out byte[] buffer, out int offset)
        {
            buffer = null;
            offset = 0;
            if (Inbox.Count == 0) return 0;
            buffer = Inbox.Dequeue();
            return buffer.Length;
        }

        public bool Send(byte[] buffer, int offset, int length)
        {
            if (!LinkUp) return false;
            if (offset < TransmitHeadroom) throw new ArgumentOutOfRangeException(nameof(offset), "frame built without the device's headroom");
            byte[] f = new byte[length];
            Array.Copy(buffer, offset, f, 0, length);
            Sent.Add(f);
            return true;
        }
    }
}
