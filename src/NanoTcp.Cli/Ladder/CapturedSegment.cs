using System.Collections.Generic;
using NanoTcp.Wire;

namespace NanoTcp.Cli.Ladder
{
    /// <summary>
    /// The fields of one captured IPv4 TCP segment the ladder draws. Lengths come from the IP
    /// header, not from the bytes kept, so a capture with a short snap length still draws;
    /// checksums are not checked (a capture on the sending host often holds segments whose
    /// checksum the NIC fills in later).
    /// </summary>
    public sealed class CapturedSegment
    {
        public long TimeMicros;
        public uint SourceIp, DestinationIp;
        public int SourcePort, DestinationPort;
        public uint Sequence, Acknowledgment;
        public TcpFlags Flags;
        public int Window;
        public int UrgentPointer;
        public int PayloadLength;

        public bool Has(TcpFlags f) => (Flags & f) != 0;

        /// <summary>Sequence space the segment occupies (SYN and FIN count one each, RFC 9293 3.4).</summary>
        public int SequenceLength => PayloadLength + (Has(TcpFlags.Syn) ? 1 : 0) + (Has(TcpFlags.Fin) ? 1 : 0);

        /// <summary>Every IPv4 TCP segment of a capture, in capture order; other packets are skipped.</summary>
        public static List<CapturedSegment> FromCapture(IEnumerable<CapturedPacket> packets)
        {
            var list = new List<CapturedSegment>();
            foreach (var p in packets)
            {
                int ip = IpOffset(p);
                if (ip < 0) continue;
                var s = Parse(p.Data, ip);
                if (s == null) continue;
                s.TimeMicros = p.TimeMicros;
                list.Add(s);
            }
            return list;
        }

        /// <summary>Where the IPv4 header starts for this link type, or -1 when it is not IPv4.</summary>
        private static int IpOffset(CapturedPacket p)
        {
            byte[] d = p.Data;
            switch (p.LinkType)
            {
                case CaptureReader.LinkEthernet:
                    if (d.Length < 14) return -1;
                    int type = (d[12] << 8) | d[13], off = 14;
                    if (type == 0x8100 && d.Length >= 18) { type = (d[16] << 8) | d[17]; off = 18; } // one VLAN tag
                    return type == 0x0800 ? off : -1;
                case CaptureReader.LinkRaw:
                case CaptureReader.LinkIpv4:
                    return 0;
                case CaptureReader.LinkLinuxSll:
                    return d.Length >= 16 && ((d[14] << 8) | d[15]) == 0x0800 ? 16 : -1;
                case CaptureReader.LinkLinuxSll2:
                    return d.Length >= 20 && ((d[0] << 8) | d[1]) == 0x0800 ? 20 : -1;
                default:
                    return -1;
            }
        }

        private static CapturedSegment Parse(byte[] d, int ip)
        {
            if (d.Length < ip + 20 || (d[ip] >> 4) != 4 || d[ip + 9] != Ipv4.ProtocolTcp) return null;
            int ihl = (d[ip] & 0x0F) * 4;
            int total = (d[ip + 2] << 8) | d[ip + 3];
            int fragment = ((d[ip + 6] << 8) | d[ip + 7]) & 0x1FFF;
            if (ihl < 20 || fragment != 0) return null;
            int tcp = ip + ihl;
            if (d.Length < tcp + 20) return null;
            int dataOffset = (d[tcp + 12] >> 4) * 4;
            int payload = total - ihl - dataOffset;
            if (dataOffset < 20 || payload < 0) return null;
            return new CapturedSegment
            {
                SourceIp = U32(d, ip + 12),
                DestinationIp = U32(d, ip + 16),
                SourcePort = (d[tcp] << 8) | d[tcp + 1],
                DestinationPort = (d[tcp + 2] << 8) | d[tcp + 3],
                Sequence = U32(d, tcp + 4),
                Acknowledgment = U32(d, tcp + 8),
                Flags = (TcpFlags)(d[tcp + 13] & TcpHeader.FlagsMask),
                Window = (d[tcp + 14] << 8) | d[tcp + 15],
                UrgentPointer = (d[tcp + 18] << 8) | d[tcp + 19],
                PayloadLength = payload,
            };
        }

        private static uint U32(byte[] d, int o) => (uint)((d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3]);
    }
}
