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

        public int Receive(byte[] buffer, int offset, int capacity)
        {
            while (Inbox.Count > 0)
            {
                byte[] f = Inbox.Dequeue();
                if (f.Length > capacity) continue;
                Array.Copy(f, 0, buffer, offset, f.Length);
                return f.Length;
            }
            return 0;
        }

        public bool Send(byte[] buffer, int offset, int length)
        {
            if (!LinkUp) return false;
            byte[] f = new byte[length];
            Array.Copy(buffer, offset, f, 0, length);
            Sent.Add(f);
            return true;
        }
    }
}
