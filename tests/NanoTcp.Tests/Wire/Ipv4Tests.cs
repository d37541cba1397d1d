using NanoTcp.Net;
using NanoTcp.Tests.Fixtures;
using NanoTcp.Tests.Net;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Wire
{
    public class Ipv4Tests
    {
        static byte[] Packet() => Frames.Bytes(Frames.Udp);

        static void Reseal(byte[] f, int ihl = 20)
        {
            f[24] = 0; f[25] = 0;
            NetworkOrder.WriteUInt16(f, 24, Checksum.Compute(f, 14, ihl));
        }

        [Fact]
        public void Ethernet_padding_is_not_payload()
        {
            byte[] f = new byte[Packet().Length + 10];
            Packet().CopyTo(f, 0);
            var h = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(f, 14, f.Length - 14, h));
            Assert.Equal(22, h.PayloadLength);
        }

        [Fact]
        public void Options_are_skipped_by_IHL()
        {
            byte[] p = Packet();
            // Insert 4 bytes of options (NOP NOP NOP EOL) after the 20-byte header.
            byte[] f = new byte[p.Length + 4];
            System.Array.Copy(p, f, 34);
            f[34] = 1; f[35] = 1; f[36] = 1; f[37] = 0;
            System.Array.Copy(p, 34, f, 38, p.Length - 34);
            f[14] = 0x46;
            NetworkOrder.WriteUInt16(f, 16, NetworkOrder.ReadUInt16(p, 16) + 4);
            Reseal(f, 24);
            var h = new Ipv4Header();
            Assert.Equal(ParseStatus.Ok, Ipv4.TryParse(f, 14, f.Length - 14, h));
            Assert.Equal(24, h.HeaderLength);
            Assert.Equal(38, h.PayloadOffset);
            Assert.Equal(ParseStatus.Ok, Udp.TryParse(f, h.PayloadOffset, h.PayloadLength, h.Source, h.Destination, new UdpDatagram()));
        }

        [Theory]
        [InlineData(0x20, 0x00)] // MF
        [InlineData(0x00, 0x10)] // offset 16
        [InlineData(0x3F, 0xFF)]
        public void Fragments_are_refused(int hi, int lo)
        {
            byte[] f = Packet();
            f[20] = (byte)hi; f[21] = (byte)lo;
            Reseal(f);
            Assert.Equal(ParseStatus.Fragment, Ipv4.TryParse(f, 14, f.Length - 14, new Ipv4Header()));
        }

        [Fact]
        public void Bad_version_IHL_and_lengths_are_refused_and_checksum_is_verified()
        {
            var h = new Ipv4Header();
            byte[] f = Packet(); f[14] = 0x65; Reseal(f);
            Assert.Equal(ParseStatus.Malformed, Ipv4.TryParse(f, 14, f.Length - 14, h));
            f = Packet(); f[14] = 0x44; Reseal(f);
            Assert.Equal(ParseStatus.Malformed, Ipv4.TryParse(f, 14, f.Length - 14, h));
            f = Packet(); f[14] = 0x4F; Reseal(f); // 60-byte header in a 42-byte total length
            Assert.Equal(ParseStatus.Malformed, Ipv4.TryParse(f, 14, f.Length - 14, h));
            f = Packet(); NetworkOrder.WriteUInt16(f, 16, 2000); Reseal(f);
            Assert.Equal(ParseStatus.Truncated, Ipv4.TryParse(f, 14, f.Length - 14, h));
            f = Packet(); NetworkOrder.WriteUInt16(f, 16, 19); Reseal(f);
            Assert.Equal(ParseStatus.Malformed, Ipv4.TryParse(f, 14, f.Length - 14, h));
            f = Packet(); f[22] ^= 1; // TTL changed, checksum not
            Assert.Equal(ParseStatus.BadChecksum, Ipv4.TryParse(f, 14, f.Length - 14, h));
            Assert.Equal(ParseStatus.Truncated, Ipv4.TryParse(null, 0, 20, h));
            Assert.Equal(ParseStatus.Truncated, Ipv4.TryParse(f, 60, 20, h));
            Assert.Equal(ParseStatus.Truncated, Ipv4.TryParse(f, -1, 20, h));
        }

        [Fact]
        public void Subnet_broadcast_rules()
        {
            uint a = Ipv4Address.Make(192, 0, 2, 2), m = Ipv4Address.MaskFromPrefix(24);
            Assert.True(Ipv4.IsBroadcastFor(0xFFFFFFFF, a, m));
            Assert.True(Ipv4.IsBroadcastFor(Ipv4Address.Make(192, 0, 2, 255), a, m));
            Assert.False(Ipv4.IsBroadcastFor(Ipv4Address.Make(192, 0, 3, 255), a, m));
            Assert.False(Ipv4.IsBroadcastFor(Ipv4Address.Make(192, 0, 2, 3), a, Ipv4Address.MaskFromPrefix(31))); // RFC 3021
        }

        [Fact]
        public void Interface_drops_and_counts_what_is_not_for_it()
        {
            byte[] macB = { 2, 0, 0, 0, 0, 0x0b };
            var dev = new ScriptedDevice(macB);
            var b = new NetworkInterface(dev, new NetOptions());
            b.SetStaticAddress(Ipv4Address.Make(192, 0, 2, 2), Ipv4Address.MaskFromPrefix(24), 0, 0);
            byte[] other = Packet(); NetworkOrder.WriteUInt32(other, 30, Ipv4Address.Make(192, 0, 2, 3)); Reseal(other);
            byte[] mcastSrc = Packet(); NetworkOrder.WriteUInt32(mcastSrc, 26, Ipv4Address.Make(224, 0, 0, 1)); Reseal(mcastSrc);
            byte[] ownSrc = Packet(); NetworkOrder.WriteUInt32(ownSrc, 26, Ipv4Address.Make(192, 0, 2, 2)); Reseal(ownSrc);
            byte[] otherMac = Packet(); otherMac[5] = 0x0c;
            byte[] vlan = Packet(); vlan[12] = 0x81; vlan[13] = 0x00;
            byte[] frag = Packet(); frag[20] = 0x20; Reseal(frag);
            foreach (var f in new[] { other, mcastSrc, ownSrc, otherMac, vlan, frag, new byte[10] }) dev.Inbox.Enqueue(f);
            b.Poll(1);
            var c = b.Counters;
            Assert.Equal(7, c.FramesIn);
            Assert.Equal(1, c.DroppedIpNotForUs);
            Assert.Equal(2, c.DroppedIpBadSource);
            Assert.Equal(1, c.DroppedNotOurMac);
            Assert.Equal(1, c.DroppedUnknownEtherType);
            Assert.Equal(1, c.DroppedIpFragments);
            Assert.Equal(1, c.DroppedBadLength);
            Assert.Equal(c.FramesIn, c.SumOfOutcomes());
        }

        [Fact]
        public void Poll_takes_at_most_FramesPerPoll_frames_and_then_asks_to_be_called_now()
        {
            var dev = new ScriptedDevice(new byte[] { 2, 0, 0, 0, 0, 0x0b });
            var b = new NetworkInterface(dev, new NetOptions { FramesPerPoll = 4 });
            for (int i = 0; i < 10; i++) dev.Inbox.Enqueue(new byte[10]);
            b.Poll(5);
            Assert.Equal(4, b.Counters.FramesIn);
            Assert.Equal(5, b.NextDeadline(5));
            b.Poll(5); b.Poll(5);
            Assert.Equal(10, b.Counters.FramesIn);
        }
    }
}
