using System;
using System.Collections.Generic;
using System.IO;

namespace NanoTcp.Cli.Ladder
{
    /// <summary>One captured packet: when, how it is framed, and the bytes that were kept.</summary>
    public sealed class CapturedPacket
    {
        /// <summary>Capture time in microseconds since the Unix epoch (or the virtual clock's zero).</summary>
        public long TimeMicros;
        /// <summary>LINKTYPE_* of the interface the packet was captured on.</summary>
        public int LinkType;
        public byte[] Data;
    }

    /// <summary>
    /// Reads the two capture formats people have: classic pcap (what NanoTcp's PcapWriter and
    /// tcpdump write; both byte orders, microsecond and nanosecond magic) and pcapng (what
    /// Wireshark and dumpcap write by default: section header, interface description,
    /// enhanced and simple packet blocks; other blocks are skipped). Link types the ladder
    /// understands: Ethernet (1), raw IPv4 (101, 228) and Linux cooked capture v1/v2 (113, 276).
    /// </summary>
    public static class CaptureReader
    {
        public const int LinkEthernet = 1;
        public const int LinkRaw = 101;
        public const int LinkIpv4 = 228;
        public const int LinkLinuxSll = 113;
        public const int LinkLinuxSll2 = 276;

        /// <summary>Reads every packet; throws InvalidDataException naming what is wrong with the file.</summary>
        public static List<CapturedPacket> Read(byte[] file)
        {
            if (file.Length < 4) throw new InvalidDataException("The file is too short to be a capture (pcap or pcapng).");
            uint magic = BitConverter.ToUInt32(file, 0);
            if (magic == 0x0A0D0D0A) return ReadPcapNg(file);
            return ReadPcap(file);
        }

        private static List<CapturedPacket> ReadPcap(byte[] f)
        {
            uint magic = BitConverter.ToUInt32(f, 0);
            bool swap, nanos;
            switch (magic)
            {
                case 0xA1B2C3D4: swap = false; nanos = false; break;
                case 0xD4C3B2A1: swap = true; nanos = false; break;
                case 0xA1B23C4D: swap = false; nanos = true; break;
                case 0x4D3CB2A1: swap = true; nanos = true; break;
                default: throw new InvalidDataException("Not a capture: the first bytes are neither a pcap nor a pcapng magic number.");
            }
            if (f.Length < 24) throw new InvalidDataException("The pcap global header is cut short (24 bytes expected).");
            int linkType = (int)(U32(f, 20, swap) & 0x0FFFFFFF);
            var packets = new List<CapturedPacket>();
            int p = 24;
            while (p + 16 <= f.Length)
            {
                long seconds = U32(f, p, swap);
                long fraction = U32(f, p + 4, swap);
                int captured = (int)U32(f, p + 8, swap);
                p += 16;
                if (captured < 0 || captured > f.Length - p) break; // a capture cut off mid-record
                var data = new byte[captured];
                Buffer.BlockCopy(f, p, data, 0, captured);
                p += captured;
                packets.Add(new CapturedPacket
                {
                    TimeMicros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction),
                    LinkType = linkType,
                    Data = data,
                });
            }
            return packets;
        }

        private static List<CapturedPacket> ReadPcapNg(byte[] f)
        {
            var packets = new List<CapturedPacket>();
            var linkTypes = new List<int>();
            var resolutions = new List<long>(); // ticks per second of each interface
            bool swap = false;
            int p = 0;
            while (p + 12 <= f.Length)
            {
                uint type = BitConverter.ToUInt32(f, p);
                if (type == 0x0A0D0D0A)
                {
                    uint bom = BitConverter.ToUInt32(f, p + 8);
                    if (bom == 0x1A2B3C4D) swap = false;
                    else if (bom == 0x4D3C2B1A) swap = true;
                    else throw new InvalidDataException("pcapng section header with an unknown byte-order mark.");
                    linkTypes.Clear();
                    resolutions.Clear();
                }
                else if (swap) type = Swap(type);
                int length = (int)U32(f, p + 4, swap);
                if (length < 12 || length > f.Length - p) break; // cut short
                switch (type)
                {
                    case 1: // Interface Description Block
                        linkTypes.Add(U16(f, p + 8, swap));
                        resolutions.Add(InterfaceResolution(f, p + 16, p + length - 4, swap));
                        break;
                    case 6: // Enhanced Packet Block
                    {
                        int iface = (int)U32(f, p + 8, swap);
                        long ts = ((long)U32(f, p + 12, swap) << 32) | U32(f, p + 16, swap);
                        int captured = (int)U32(f, p + 20, swap);
                        if (iface >= linkTypes.Count || captured < 0 || 28 + captured > length) break;
                        packets.Add(Packet(f, p + 28, captured, linkTypes[iface], ts, resolutions[iface]));
                        break;
                    }
                    case 3: // Simple Packet Block (no timestamp)
                    {
                        if (linkTypes.Count == 0) break;
                        int original = (int)U32(f, p + 8, swap);
                        int captured = Math.Min(original, length - 16);
                        packets.Add(Packet(f, p + 12, captured, linkTypes[0], 0, 1_000_000));
                        break;
                    }
                }
                p += length;
            }
            return packets;
        }

        private static CapturedPacket Packet(byte[] f, int offset, int captured, int linkType, long ticks, long ticksPerSecond)
        {
            var data = new byte[captured];
            Buffer.BlockCopy(f, offset, data, 0, captured);
            long micros = ticksPerSecond == 1_000_000 ? ticks : (long)(ticks * (1_000_000.0 / ticksPerSecond));
            return new CapturedPacket { TimeMicros = micros, LinkType = linkType, Data = data };
        }

        /// <summary>The if_tsresol option (9) of an interface; microseconds when absent.</summary>
        private static long InterfaceResolution(byte[] f, int p, int end, bool swap)
        {
            while (p + 4 <= end)
            {
                int code = U16(f, p, swap), len = U16(f, p + 2, swap);
                if (code == 0) break;
                if (code == 9 && len >= 1 && p + 4 < end)
                {
                    int r = f[p + 4];
                    return (r & 0x80) != 0 ? 1L << (r & 0x7F) : (long)Math.Pow(10, r & 0x7F);
                }
                p += 4 + ((len + 3) & ~3);
            }
            return 1_000_000;
        }

        private static uint U32(byte[] f, int p, bool swap)
        {
            uint v = BitConverter.ToUInt32(f, p);
            return swap ? Swap(v) : v;
        }

        private static int U16(byte[] f, int p, bool swap)
        {
            int v = BitConverter.ToUInt16(f, p);
            return swap ? ((v >> 8) | (v << 8)) & 0xFFFF : v;
        }

        private static uint Swap(uint v)
        {
            return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
        }
    }
}
