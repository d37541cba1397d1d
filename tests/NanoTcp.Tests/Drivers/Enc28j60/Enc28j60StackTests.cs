using System;
using System.Security.Cryptography;
using NanoTcp.Drivers;
using NanoTcp.Drivers.Enc28j60;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;
using NanoTcp.Simulation.Enc28j60;
using NanoTcp.Simulation.W5500;
using NanoTcp.Tcp;
using NanoTcp.Tests.Net;
using Xunit;

namespace NanoTcp.Tests.Drivers.Enc28j60
{
    /// <summary>Whole stacks on simulated ENC28J60s (and a W5500) joined by the in-memory cable.</summary>
    public class Enc28j60StackTests
    {
        private sealed class Side
        {
            public Enc28j60Chip Chip;
            public Enc28j60Device Device;
            public W5500Chip W5500Chip;
            public W5500Device W5500Device;
            public long Errors => (Device != null ? Device.Counters.Errors : 0) + (W5500Device != null ? W5500Device.Counters.Errors : 0);
        }

        private static INetDevice OnEnc28j60(INetDevice cableEnd, byte last, Side side)
        {
            side.Chip = new Enc28j60Chip(cableEnd);
            side.Device = new Enc28j60Device(side.Chip, new byte[] { 0x02, 0x28, 0, 0, 0, last }, null, side.Chip.Delay);
            side.Device.Initialize();
            return side.Device;
        }

        private static INetDevice OnW5500(INetDevice cableEnd, byte last, Side side)
        {
            side.W5500Chip = new W5500Chip(cableEnd);
            side.W5500Device = new W5500Device(side.W5500Chip, new byte[] { 0x02, 0x55, 0, 0, 0, last });
            side.W5500Device.Initialize();
            return side.W5500Device;
        }

        [Fact]
        public void Ping_between_two_stacks_on_simulated_enc28j60s()
        {
            var a = new Side(); var b = new Side();
            var p = new SimPair(wrapA: end => OnEnc28j60(end, 1, a), wrapB: end => OnEnc28j60(end, 2, b));
            for (int seq = 1; seq <= 5; seq++)
            {
                Assert.True(p.A.Ping(SimPair.AddressB, 9, seq, p.Now));
                p.RunFor(10);
            }
            Assert.Equal(5, p.A.Counters.IcmpEchoRepliesIn);
            Assert.Equal(0, a.Errors + b.Errors);
            Assert.Equal(0, a.Chip.ProtocolViolations + b.Chip.ProtocolViolations);
        }

        [Fact]
        public void Udp_datagrams_of_all_sizes_cross_from_a_w5500_to_an_enc28j60_and_back()
        {
            var a = new Side(); var b = new Side();
            var p = new SimPair(wrapA: end => OnW5500(end, 1, a), wrapB: end => OnEnc28j60(end, 2, b));
            UdpSocket sa = p.A.OpenUdp(6000);
            UdpSocket sb = p.B.OpenUdp(7000);
            var got = new byte[2000];
            foreach (int size in new[] { 1, 18, 100, 1000, 1472 })
            {
                var msg = new byte[size];
                for (int i = 0; i < size; i++) msg[i] = (byte)(i * 7 + size);
                if (!sa.SendTo(SimPair.AddressB, 7000, msg, 0, size, p.Now)) { p.RunFor(5); Assert.True(sa.SendTo(SimPair.AddressB, 7000, msg, 0, size, p.Now)); }
                p.RunFor(5);
                Assert.Equal(size, sb.ReceiveFrom(got, 0, got.Length));
                Assert.Equal(msg, got[..size]);
                Assert.True(sb.SendTo(SimPair.AddressA, 6000, msg, 0, size, p.Now));
                p.RunFor(5);
                Assert.Equal(size, sa.ReceiveFrom(got, 0, got.Length));
                Assert.Equal(msg, got[..size]);
            }
            Assert.Equal(0, a.Errors + b.Errors);
        }

        /// <summary>
        /// Bulk TCP from a stack on a simulated W5500 to a stack on a simulated ENC28J60, both
        /// through their drivers and SPI; SHA-256 of what was sent equals what arrived.
        /// 1 MiB by default; set NANOTCP_TCP_MIB=16 for the 16 MiB run.
        /// </summary>
        [Fact]
        public void Tcp_bulk_from_w5500_to_enc28j60_arrives_with_equal_sha256()
        {
            int mib = int.TryParse(Environment.GetEnvironmentVariable("NANOTCP_TCP_MIB"), out int m) && m > 0 ? m : 1;
            long total = mib * 1024L * 1024L;
            var a = new Side(); var b = new Side();
            var oa = new TcpOptions { Secret = new byte[16] };
            var ob = new TcpOptions { Secret = new byte[] { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 } };
            var p = new SimPair(wrapA: end => OnW5500(end, 1, a), wrapB: end => OnEnc28j60(end, 2, b));
            var ta = new TcpStack(p.A, oa); p.A.AddTransport(ta);
            var tb = new TcpStack(p.B, ob); p.B.AddTransport(tb);
            int listener = tb.Listen(5001);
            int ca = ta.Connect(SimPair.AddressB, 5001, p.Now);
            int cb = TcpStack.NoHandle;
            for (int i = 0; i < 200 && cb == TcpStack.NoHandle; i++) { p.RunFor(5); cb = tb.Accept(listener); }
            Assert.NotEqual(TcpStack.NoHandle, cb);

            using var sent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var received = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var chunk = new byte[4096];
            var inbuf = new byte[8192];
            long queued = 0, got = 0;
            var rng = new Random(5);
            int pending = 0, pendingOff = 0;
            for (long round = 0; round < 2_000_000 && got < total; round++)
            {
                if (pending == 0 && queued < total)
                {
                    pending = (int)Math.Min(chunk.Length, total - queued);
                    rng.NextBytes(chunk);
                    sent.AppendData(chunk, 0, pending);
                    pendingOff = 0;
                }
                if (pending > 0)
                {
                    int n = ta.Send(ca, chunk, pendingOff, pending);
                    if (n > 0) { pending -= n; pendingOff += n; queued += n; }
                }
                p.RunFor(1);
                int r;
                while ((r = tb.Receive(cb, inbuf, 0, inbuf.Length)) > 0) { received.AppendData(inbuf, 0, r); got += r; }
            }
            Assert.Equal(total, got);
            Assert.Equal(sent.GetHashAndReset(), received.GetHashAndReset());
            Assert.Equal(0, a.Errors + b.Errors);
            Assert.Equal(0, b.Chip.ProtocolViolations);
        }
    }
}
