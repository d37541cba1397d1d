using System.Collections.Generic;
using System.IO;
using NanoTcp.Wire;

namespace NanoTcp.Cli.Tests.Ladder
{
    /// <summary>
    /// Writes hand-made TCP segments between two hosts as a classic pcap (Ethernet, IPv4,
    /// valid checksums), so a ladder test states exactly which segments were on the wire.
    /// </summary>
    internal sealed class CaptureBuilder
    {
        public const uint IpA = 0xC0000201, IpB = 0xC0000202; // 192.0.2.1, 192.0.2.2
        public const int PortA = 49152, PortB = 80;
        private readonly List<(long micros, byte[] frame)> _frames = new List<(long, byte[])>();
        public long NowMicros;

        /// <summary>One segment; fromA picks the direction, the clock advances 100 µs after it.</summary>
        public CaptureBuilder Segment(bool fromA, TcpFlags flags, uint seq, uint ack, int payload = 0, int urgent = 0, int window = 4096)
        {
            byte[] f = new byte[14 + 20 + 20 + payload];
            byte[] macA = { 2, 0, 0, 0, 0, 1 }, macB = { 2, 0, 0, 0, 0, 2 };
            System.Array.Copy(fromA ? macB : macA, 0, f, 0, 6);
            System.Array.Copy(fromA ? macA : macB, 0, f, 6, 6);
            f[12] = 0x08; f[13] = 0x00;
            uint src = fromA ? IpA : IpB, dst = fromA ? IpB : IpA;
            int ip = 14;
            f[ip] = 0x45; NetworkOrder.WriteUInt16(f, ip + 2, 40 + payload); f[ip + 8] = 64; f[ip + 9] = 6;
            NetworkOrder.WriteUInt32(f, ip + 12, src); NetworkOrder.WriteUInt32(f, ip + 16, dst);
            NetworkOrder.WriteUInt16(f, ip + 10, Checksum.Compute(f, ip, 20));
            int t = ip + 20;
            NetworkOrder.WriteUInt16(f, t, fromA ? PortA : PortB);
            NetworkOrder.WriteUInt16(f, t + 2, fromA ? PortB : PortA);
            NetworkOrder.WriteUInt32(f, t + 4, seq);
            NetworkOrder.WriteUInt32(f, t + 8, ack);
            f[t + 12] = 5 << 4; f[t + 13] = (byte)flags;
            NetworkOrder.WriteUInt16(f, t + 14, window);
            NetworkOrder.WriteUInt16(f, t + 18, urgent);
            for (int i = 0; i < payload; i++) f[t + 20 + i] = (byte)('a' + i % 26);
            TcpHeader.FinishChecksum(f, t, 20 + payload, src, dst);
            _frames.Add((NowMicros, f));
            NowMicros += 100;
            return this;
        }

        /// <summary>The same packets as pcapng (section header, one Ethernet interface, enhanced packet blocks), as Wireshark saves.</summary>
        public string SaveNg(string directory, string name)
        {
            string path = Path.Combine(directory, name);
            using var w = new BinaryWriter(File.Create(path));
            w.Write(0x0A0D0D0Au); w.Write(28u); w.Write(0x1A2B3C4Du); w.Write((ushort)1); w.Write((ushort)0); w.Write(-1L); w.Write(28u);
            w.Write(1u); w.Write(20u); w.Write((ushort)1); w.Write((ushort)0); w.Write(65535u); w.Write(20u);
            foreach (var (micros, frame) in _frames)
            {
                int padded = (frame.Length + 3) & ~3;
                uint length = (uint)(32 + padded);
                w.Write(6u); w.Write(length); w.Write(0u); w.Write((uint)(micros >> 32)); w.Write((uint)micros);
                w.Write((uint)frame.Length); w.Write((uint)frame.Length); w.Write(frame);
                for (int i = frame.Length; i < padded; i++) w.Write((byte)0);
                w.Write(length);
            }
            return path;
        }

        public CaptureBuilder Wait(long micros) { NowMicros += micros; return this; }

        public string Save(string directory, string name)
        {
            string path = Path.Combine(directory, name);
            using var w = new BinaryWriter(File.Create(path));
            w.Write(0xA1B2C3D4u); w.Write((ushort)2); w.Write((ushort)4); w.Write(0); w.Write(0u); w.Write(65535u); w.Write(1u);
            foreach (var (micros, frame) in _frames)
            {
                w.Write((uint)(micros / 1_000_000)); w.Write((uint)(micros % 1_000_000));
                w.Write((uint)frame.Length); w.Write((uint)frame.Length);
                w.Write(frame);
            }
            return path;
        }
    }
}
