using System;
using NanoTcp.Net;
using NanoTcp.Tests.Drivers.W5500;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Net
{
    /// <summary>
    /// The stack against INetDevice's lending contract, through StrictDevice on both sides:
    /// every frame built behind the device's headroom and never reused after Send, every
    /// received frame parsed where it was lent.
    /// </summary>
    public class DeviceContractTests
    {
        private static SimPair StrictPair(out StrictDevice a, out StrictDevice b)
        {
            StrictDevice sa = null, sb = null;
            var p = new SimPair(wrapA: d => sa = new StrictDevice(d, 5, 11), wrapB: d => sb = new StrictDevice(d, 3, 7));
            a = sa;
            b = sb;
            return p;
        }

        [Fact]
        public void Ping_with_arp_held_frame_and_echo_reply_work_through_headroom_and_lent_frames()
        {
            var p = StrictPair(out var a, out var b);
            Assert.Equal(5, p.A.FrameOffset);
            Assert.Equal(5 + 34, p.A.TransportOffset);
            // The first ping waits for ARP (held frame), the second finds the entry resolved.
            Assert.True(p.A.Ping(SimPair.AddressB, 7, 1, 200, p.Now));
            p.RunFor(10);
            Assert.True(p.A.Ping(SimPair.AddressB, 7, 2, 1000, p.Now));
            p.RunFor(10);
            Assert.Equal(2, p.A.Counters.IcmpEchoRepliesIn);
            Assert.Equal(2, p.B.Counters.IcmpEchoRepliesOut);
            Assert.Equal(0, p.A.Counters.IcmpChecksumErrors + p.B.Counters.IcmpChecksumErrors);
            Assert.Equal(1, p.A.Counters.ArpRequestsSent);
            Assert.True(a.FramesLent > 0 && b.FramesLent > 0);
            Assert.Equal(p.A.Counters.FramesIn, p.A.Counters.SumOfOutcomes());
            Assert.Equal(p.B.Counters.FramesIn, p.B.Counters.SumOfOutcomes());
        }

        [Fact]
        public void Udp_both_ways_and_port_unreachable_work_through_headroom_and_lent_frames()
        {
            var p = StrictPair(out _, out _);
            UdpSocket sa = p.A.OpenUdp(0);
            UdpSocket sb = p.B.OpenUdp(5000);
            byte[] msg = new byte[1472];
            for (int i = 0; i < msg.Length; i++) msg[i] = (byte)(i * 31);
            Assert.True(sa.SendTo(SimPair.AddressB, 5000, msg, 0, msg.Length, p.Now));
            p.RunFor(5);
            byte[] got = new byte[2000];
            Assert.Equal(msg.Length, sb.ReceiveFrom(got, 0, got.Length));
            Assert.Equal(msg, got[..msg.Length]);
            Assert.True(sb.SendTo(sb.RemoteAddress, sb.RemotePort, msg, 0, 100, p.Now));
            p.RunFor(5);
            Assert.Equal(100, sa.ReceiveFrom(got, 0, got.Length));
            Assert.Equal(msg[..100], got[..100]);
            // An ICMP error quotes the lent frame: it must quote the datagram, not the garbage around it.
            Assert.True(sa.SendTo(SimPair.AddressB, 9, msg, 0, 8, p.Now));
            p.RunFor(5);
            Assert.Equal(1, p.B.Counters.IcmpUnreachablesOut);
            Assert.Equal(1, sa.IcmpErrors);
            Assert.Equal(0, p.A.Counters.UdpChecksumErrors + p.B.Counters.UdpChecksumErrors);
        }

        [Fact]
        public void Tcp_bulk_through_headroom_and_lent_frames_hashes_equal()
        {
            var result = ChipTcpBulkTests.Transfer(end => new StrictDevice(end, 5, 11), end => new StrictDevice(end, 2, 1), 1024 * 1024);
            Assert.Equal(result.SentHash, result.ReceivedHash);
            Assert.Equal(1024 * 1024, result.Received);
        }

        [Fact]
        public void Interface_rejects_a_device_asking_for_more_headroom_than_it_supports()
        {
            var cable = new NanoTcp.Drivers.Cable(null, 4);
            var e = Assert.Throws<ArgumentException>(() => new NetworkInterface(new StrictDevice(cable.EndA, NetworkInterface.MaxTransmitHeadroom + 1), new NetOptions()));
            Assert.Contains("TransmitHeadroom", e.Message);
        }
    }
}
