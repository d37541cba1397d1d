using System;
using NanoTcp.Wire;

namespace NanoTcp.Interop.Tests.Tap
{
    /// <summary>
    /// The smallest possible "stack" for testing TapDevice alone: turns an ARP request for our
    /// address into the ARP reply (RFC 826) and an ICMP echo request into the echo reply
    /// (RFC 792), in place, without allocating. Test code only; NanoTcp's NetworkInterface is
    /// the real thing.
    /// </summary>
    internal static class HandMadeReplies
    {
        public const int EtherTypeArp = 0x0806;
        public const int EtherTypeIpv4 = 0x0800;

        public static int EtherType(byte[] f) { return NetworkOrder.ReadUInt16(f, 12); }

        /// <summary>ARP request (Ethernet/IPv4, op 1) whose target protocol address is ip?</summary>
        public static bool IsArpRequestFor(byte[] f, int len, uint ip)
        {
            return len >= 42 && EtherType(f) == EtherTypeArp && NetworkOrder.ReadUInt16(f, 14) == 1
                && NetworkOrder.ReadUInt16(f, 16) == EtherTypeIpv4 && f[18] == 6 && f[19] == 4
                && NetworkOrder.ReadUInt16(f, 20) == 1 && NetworkOrder.ReadUInt32(f, 38) == ip;
        }

        /// <summary>Rewrites an ARP request into our reply; returns the reply's length (42: TapDevice pads it).</summary>
        public static int MakeArpReply(byte[] f, byte[] ourMac, uint ourIp)
        {
            Buffer.BlockCopy(f, 22, f, 32, 10);      // THA,TPA := requester's SHA,SPA
            Buffer.BlockCopy(ourMac, 0, f, 22, 6);   // SHA := us
            NetworkOrder.WriteUInt32(f, 28, ourIp);  // SPA := us
            NetworkOrder.WriteUInt16(f, 20, 2);      // op := reply
            Buffer.BlockCopy(f, 6, f, 0, 6);         // Ethernet destination := requester
            Buffer.BlockCopy(ourMac, 0, f, 6, 6);
            return 42;
        }

        /// <summary>IPv4 (no options needed: any IHL) ICMP echo request to ip?</summary>
        public static bool IsEchoRequestTo(byte[] f, int len, uint ip)
        {
            if (len < 14 + 20 + 8 || EtherType(f) != EtherTypeIpv4 || (f[14] >> 4) != 4) return false;
            int ihl = (f[14] & 15) * 4;
            return f[23] == 1 && NetworkOrder.ReadUInt32(f, 30) == ip && len >= 14 + ihl + 8 && f[14 + ihl] == 8;
        }

        public static int MakeEchoReply(byte[] f, int len, byte[] ourMac)
        {
            int ihl = (f[14] & 15) * 4;
            int totalLength = NetworkOrder.ReadUInt16(f, 16);
            Buffer.BlockCopy(f, 6, f, 0, 6);
            Buffer.BlockCopy(ourMac, 0, f, 6, 6);
            uint src = NetworkOrder.ReadUInt32(f, 26);
            NetworkOrder.WriteUInt32(f, 26, NetworkOrder.ReadUInt32(f, 30));
            NetworkOrder.WriteUInt32(f, 30, src);    // the IP header checksum is unchanged by a swap
            int icmp = 14 + ihl;
            int icmpLength = totalLength - ihl;
            f[icmp] = 0;                             // type := echo reply
            NetworkOrder.WriteUInt16(f, icmp + 2, 0);
            NetworkOrder.WriteUInt16(f, icmp + 2, Checksum.Compute(f, icmp, icmpLength));
            return 14 + totalLength;
        }
    }
}
