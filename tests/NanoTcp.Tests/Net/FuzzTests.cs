using System;
using System.Diagnostics;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tests.Fixtures;
using NanoTcp.Wire;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Net
{
    /// <summary>
    /// A seeded stream of random and mutated frames into two interfaces (one static, one running
    /// the DHCP client): nothing throws, and every frame ends in exactly one outcome counter.
    /// NANOTCP_FUZZ_FRAMES overrides the count (default 1,000,000).
    /// </summary>
    public class FuzzTests
    {
        private readonly ITestOutputHelper _out;
        public FuzzTests(ITestOutputHelper output) { _out = output; }

        /// <summary>Counts what IPv4 hands to a registered transport (TCP stand-in).</summary>
        sealed class CountingTransport : IIpTransport
        {
            public long Inputs, IcmpErrors;
            public byte Protocol => Ipv4.ProtocolTcp;
            public void Input(uint s, uint d, byte[] p, int o, int l, long now)
            {
                if (o < 0 || l < 0 || o + l > p.Length) throw new InvalidOperationException("bad range handed to transport");
                Inputs++;
            }
            public void IcmpError(int type, int code, uint remote, byte[] q, int o, int l, long now)
            {
                if (l < 8 || o + l > q.Length) throw new InvalidOperationException("ICMP quote shorter than 8 bytes");
                IcmpErrors++;
            }
            public void Poll(long now) { }
            public long NextDeadline(long now) => long.MaxValue;
        }

        /// <summary>Hands out one frame per Receive; swallows sends.</summary>
        sealed class OneFrameDevice : INetDevice
        {
            public byte[] Frame = new byte[2048];
            public int Length;
            public long SentFrames;
            /// <summary>Frames actually handed to the stack (empty and oversized ones are not).</summary>
            public long Handed;
            public OneFrameDevice(byte[] mac) { MacAddress = mac; }
            public byte[] MacAddress { get; }
            public bool LinkUp => true;
            public int TransmitHeadroom => 0;
            public void AddMulticastAddress(byte[] mac, int offset) { }
            public int Receive(out byte[] b, out int o)
            {
                b = Frame;
                o = 0;
                int n = Length;
                Length = 0;
                if (n == 0) return 0;
                // Lengths up to 1600 are lent as they are: the interface must drop and count a
                // frame longer than its MTU even from a device that breaks the 1514-byte promise.
                Handed++;
                return n;
            }
            public bool Send(byte[] b, int o, int n) { SentFrames++; return true; }
        }

        static readonly string[] Templates =
        {
            Frames.ArpRequest, Frames.ArpReply, Frames.ArpGratuitous, Frames.IcmpEchoRequest, Frames.IcmpEchoReply,
            Frames.Udp, Frames.DhcpDiscover, Frames.DhcpOffer, Frames.DhcpRequest, Frames.DhcpAck, Frames.DhcpNak,
            Frames.TcpSynWithOptions,
        };

        [Fact]
        public void Million_random_and_mutated_frames_never_throw_and_are_all_counted()
        {
            int count = 1_000_000;
            string env = Environment.GetEnvironmentVariable("NANOTCP_FUZZ_FRAMES");
            if (!string.IsNullOrEmpty(env)) count = int.Parse(env);

            byte[][] templates = new byte[Templates.Length + 2][];
            for (int i = 0; i < Templates.Length; i++) templates[i] = Frames.Bytes(Templates[i]);
            templates[Templates.Length] = IcmpPortUnreachableQuotingUdp();
            templates[Templates.Length + 1] = IcmpPortUnreachableQuotingTcp();

            var devStatic = new OneFrameDevice(new byte[] { 2, 0, 0, 0, 0, 0x0b });
            var devDhcp = new OneFrameDevice(new byte[] { 2, 0, 0, 0, 0, 0x0a });
            var staticIf = new NetworkInterface(devStatic, new NetOptions());
            var dhcpIf = new NetworkInterface(devDhcp, new NetOptions());
            var tcp = new CountingTransport();
            staticIf.AddTransport(tcp);
            staticIf.SetStaticAddress(Ipv4Address.Make(192, 0, 2, 2), Ipv4Address.MaskFromPrefix(24), Ipv4Address.Make(192, 0, 2, 1), 0);
            UdpSocket sock = staticIf.OpenUdp(5000);
            dhcpIf.StartDhcp(0);
            byte[] drain = new byte[2048];

            var rng = new Random(20261125);
            var sw = Stopwatch.StartNew();
            long now = 0;
            for (int n = 0; n < count; n++)
            {
                OneFrameDevice dev = (n & 1) == 0 ? devStatic : devDhcp;
                NetworkInterface iface = (n & 1) == 0 ? staticIf : dhcpIf;
                MakeFrame(rng, templates, dev, dhcpIf.Dhcp.TransactionId);
                now += rng.Next(0, 50);
                iface.Poll(now);
                if ((n & 255) == 0) while (sock.ReceiveFrom(drain, 0, drain.Length) >= 0) { }
            }
            sw.Stop();
            _out.WriteLine($"{count} frames in {sw.ElapsedMilliseconds} ms; static: in {staticIf.Counters.FramesIn}, tcp inputs {tcp.Inputs}, udp {staticIf.Counters.UdpDelivered}, icmp echo {staticIf.Counters.IcmpEchoRequestsIn}, arp {staticIf.Counters.ArpIn}, ip checksum errors {staticIf.Counters.IpChecksumErrors}; dhcp: in {dhcpIf.Counters.DhcpIn}, ignored {dhcpIf.Counters.DroppedDhcpIgnored}");
            for (int i = 0; i < InterfaceCounters.Count; i++)
                _out.WriteLine($"  {InterfaceCounters.GetName(i),-24} {staticIf.Counters.GetValue(i),10} {dhcpIf.Counters.GetValue(i),10}");

            Assert.Equal(staticIf.Counters.FramesIn, staticIf.Counters.SumOfOutcomes());
            Assert.Equal(dhcpIf.Counters.FramesIn, dhcpIf.Counters.SumOfOutcomes());
            Assert.Equal(devStatic.Handed, staticIf.Counters.FramesIn);
            Assert.Equal(devDhcp.Handed, dhcpIf.Counters.FramesIn);
            Assert.True(devStatic.Handed + devDhcp.Handed > count * 9L / 10);
            Assert.Equal(staticIf.Counters.TransportDelivered, tcp.Inputs);
            // The mutations are not so wild that nothing valid gets through: every path is exercised.
            if (count >= 100_000)
            {
                Assert.True(tcp.Inputs > 0 && tcp.IcmpErrors > 0);
                Assert.True(staticIf.Counters.UdpDelivered > 0 && staticIf.Counters.IcmpEchoRequestsIn > 0 && staticIf.Counters.ArpIn > 0);
                Assert.True(staticIf.Counters.IpChecksumErrors > 0 && staticIf.Counters.DroppedIpMalformed > 0 && staticIf.Counters.DroppedIpFragments > 0);
                Assert.True(dhcpIf.Counters.DhcpIn > 0 && dhcpIf.Counters.DroppedDhcpIgnored > 0);
            }
        }

        static void MakeFrame(Random rng, byte[][] templates, OneFrameDevice dev, uint xid)
        {
            byte[] f = dev.Frame;
            int kind = rng.Next(10);
            if (kind == 0)
            {
                // Pure noise, sometimes with a plausible header start.
                int len = rng.Next(0, 1600);
                rng.NextBytes(new Span<byte>(f, 0, len));
                if (len >= 14 && rng.Next(2) == 0)
                {
                    Array.Copy(dev.MacAddress, 0, f, 0, 6);
                    f[12] = 0x08; f[13] = (byte)(rng.Next(2) == 0 ? 0x00 : 0x06);
                    if (len > 14 && f[13] == 0) f[14] = 0x45;
                }
                dev.Length = len;
                return;
            }
            byte[] t = templates[rng.Next(templates.Length)];
            Array.Copy(t, f, t.Length);
            int length = t.Length;
            // Address the frame to this device (unicast templates carry the other MAC).
            if ((f[0] & 1) == 0) Array.Copy(dev.MacAddress, 0, f, 0, 6);
            // Server DHCP templates: speak the client's current transaction so they are considered.
            if (length > 50 && f[12] == 8 && f[13] == 0 && f[23] == 17 && f[36] == 0 && f[37] == 68)
            {
                NetworkOrder.WriteUInt32(f, 42 + 4, xid);
                Array.Copy(dev.MacAddress, 0, f, 42 + 28, 6);
                Udp.Write(f, 34, new UdpDatagram { SourcePort = 67, DestinationPort = 68, PayloadLength = NetworkOrder.ReadUInt16(f, 38) - 8 },
                    NetworkOrder.ReadUInt32(f, 26), NetworkOrder.ReadUInt32(f, 30));
            }
            if (kind <= 2) { dev.Length = length; return; } // valid as is
            int mutations = 1 + rng.Next(4);
            for (int m = 0; m < mutations; m++)
            {
                switch (rng.Next(7))
                {
                    case 0: // flip one bit
                        { int bit = rng.Next(length * 8); f[bit >> 3] ^= (byte)(1 << (bit & 7)); break; }
                    case 1: // random byte in the headers
                        f[rng.Next(Math.Min(length, 64))] = (byte)rng.Next(256); break;
                    case 2: // truncate
                        length = rng.Next(0, length + 1); break;
                    case 3: // extend with noise
                        { int extra = rng.Next(1, 200); rng.NextBytes(new Span<byte>(f, length, extra)); length += extra; break; }
                    case 4: // lie in the IPv4 total length / IHL
                        if (length > 18) { f[16] = (byte)rng.Next(256); f[17] = (byte)rng.Next(256); if (rng.Next(2) == 0) f[14] = (byte)(0x40 | rng.Next(16)); }
                        break;
                    case 5: // lie in the UDP length, or a DHCP option length
                        if (length > 40) f[38 + rng.Next(2)] = (byte)rng.Next(256);
                        if (length > 250) f[240 + 42 + rng.Next(Math.Max(1, length - 282))] = (byte)rng.Next(256);
                        break;
                    case 6: // fix the IPv4 header checksum so deeper layers see the damage
                        if (length >= 34 && (f[14] >> 4) == 4)
                        {
                            int ihl = (f[14] & 15) * 4;
                            if (ihl >= 20 && 14 + ihl <= length)
                            {
                                f[24] = 0; f[25] = 0;
                                NetworkOrder.WriteUInt16(f, 24, Checksum.Compute(f, 14, ihl));
                            }
                        }
                        break;
                }
            }
            if (length > 1514 + 100) length = 1514 + 100; // the device hands the stack at most this; longer is its problem
            dev.Length = length;
        }

        /// <summary>B's port unreachable answering A's UDP fixture, addressed to the static side (192.0.2.2).</summary>
        static byte[] IcmpPortUnreachableQuotingUdp() => IcmpErrorQuoting(Frames.Bytes(Frames.Udp));
        static byte[] IcmpPortUnreachableQuotingTcp() => IcmpErrorQuoting(Frames.Bytes(Frames.TcpSynWithOptions));

        static byte[] IcmpErrorQuoting(byte[] original)
        {
            // The quoted packet as if we (192.0.2.2) had sent it to 192.0.2.1.
            byte[] q = new byte[28];
            Array.Copy(original, 14, q, 0, 28);
            NetworkOrder.WriteUInt32(q, 12, Ipv4Address.Make(192, 0, 2, 2));
            NetworkOrder.WriteUInt32(q, 16, Ipv4Address.Make(192, 0, 2, 1));
            byte[] f = new byte[14 + 20 + 8 + q.Length];
            Ethernet.WriteHeader(f, 0, new byte[] { 2, 0, 0, 0, 0, 0x0b }, 0, new byte[] { 2, 0, 0, 0, 0, 0x0a }, Ethernet.EtherTypeIpv4);
            Array.Copy(q, 0, f, 42, q.Length);
            Icmp.Write(f, 34, new IcmpMessage { Type = Icmp.TypeDestinationUnreachable, Code = Icmp.CodePortUnreachable, PayloadLength = q.Length });
            Ipv4.Write(f, 14, new Ipv4Header
            {
                PayloadLength = 8 + q.Length, Identification = 9, TimeToLive = 64, Protocol = Ipv4.ProtocolIcmp,
                Source = Ipv4Address.Make(192, 0, 2, 1), Destination = Ipv4Address.Make(192, 0, 2, 2),
            });
            return f;
        }
    }
}
