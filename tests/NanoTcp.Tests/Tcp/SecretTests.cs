using System;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 6528 (MUST-8, MUST-9) and RFC 6056 in practice: the keys come from the host,
    /// never from something two devices share (sizes, MTU, clock).</summary>
    public class SecretTests : TraceTest
    {
        private static NanoTcp.Testing.RawSegment SynFrom(byte[] secret, long nowMs)
        {
            var ip = new CaptureIp { LocalAddress = TcpTrace.Local };
            var stack = new TcpStack(ip, new TcpOptions { Secret = secret });
            stack.Connect(TcpTrace.Remote, 80, nowMs);
            Assert.Single(ip.Sent);
            return ip.Sent[0];
        }

        private static byte[] Secret(byte seed)
        {
            var s = new byte[16];
            for (int i = 0; i < 16; i++) s[i] = (byte)(seed * 13 + i);
            return s;
        }

        [Fact]
        public void MUST_9_two_devices_with_different_secrets_pick_different_isns_and_ports_for_the_same_tuple_and_time()
        {
            // Same configuration, same addresses, same moment: only the secret differs.
            var a = SynFrom(Secret(1), 5000);
            var b = SynFrom(Secret(2), 5000);
            Assert.NotEqual(a.Seq, b.Seq);
            Assert.NotEqual(a.SourcePort, b.SourcePort);
            // The same secret gives the same choice: it is the secret that makes the difference.
            var a2 = SynFrom(Secret(1), 5000);
            Assert.Equal(a.Seq, a2.Seq);
            Assert.Equal(a.SourcePort, a2.SourcePort);
        }

        [Fact]
        public void MUST_9_stack_without_a_secret_refuses_to_start_and_says_how_to_get_one()
        {
            var ip = new CaptureIp { LocalAddress = TcpTrace.Local };
            var e = Assert.Throws<ArgumentException>(() => new TcpStack(ip, new TcpOptions()));
            Assert.Equal("Secret", e.ParamName);
            Assert.Contains("TcpOptions.Secret", e.Message);
            Assert.Contains("DeviceOptions.Entropy", e.Message);
            Assert.Contains("System.Random().NextBytes", e.Message);         // ESP32: the hardware RNG
            Assert.Contains("RandomNumberGenerator.GetBytes(16)", e.Message); // desktop: the OS
            Assert.Throws<ArgumentException>(() => new TcpStack(ip, null));
            Assert.Throws<ArgumentException>(() => new TcpStack(ip, new TcpOptions { Secret = new byte[8] }));
        }

        [Fact]
        public void Lifetime_settings_are_validated_with_their_name_and_range()
        {
            var e = Assert.Throws<ArgumentException>(() => new TcpOptions { FinWait2TimeoutMs = 999 }.Validate());
            Assert.Contains("FinWait2TimeoutMs", e.Message);
            e = Assert.Throws<ArgumentException>(() => new TcpOptions { ZeroWindowTimeoutMs = 0 }.Validate());
            Assert.Contains("ZeroWindowTimeoutMs", e.Message);
            e = Assert.Throws<ArgumentException>(() => new TcpOptions { SynAckRetries = 16 }.Validate());
            Assert.Contains("SynAckRetries must be 0 to 15", e.Message);
        }
    }
}
