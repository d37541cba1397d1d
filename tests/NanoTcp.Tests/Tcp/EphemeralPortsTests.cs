using System;
using System.Collections.Generic;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    public class EphemeralPortsTests
    {
        private static byte[] Secret(byte seed)
        {
            var s = new byte[16];
            for (int i = 0; i < 16; i++) s[i] = (byte)(seed * 13 + i);
            return s;
        }

        private const uint Local = 0xC0000201u;
        private const uint Remote = 0xC0000202u;

        [Fact]
        public void Every_port_of_the_dynamic_range_is_offered_exactly_once_before_giving_up()
        {
            // RFC 6056 3.3.4: the loop tries num_ephemeral ports, then reports failure.
            var ports = new EphemeralPorts(Secret(1));
            var seen = new bool[65536];
            for (int attempt = 0; attempt < EphemeralPorts.PortCount; attempt++)
            {
                int p = ports.Candidate(Local, Remote, 80, attempt);
                Assert.InRange(p, 49152, 65535);
                Assert.False(seen[p]);
                seen[p] = true;
            }
            Assert.Equal(EphemeralPorts.NoPort, ports.Candidate(Local, Remote, 80, EphemeralPorts.PortCount));
        }

        [Fact]
        public void Successive_connections_to_one_destination_take_successive_ports()
        {
            // table[index]++ : the next Connect to the same place does not reuse the port
            // that may still sit in TIME-WAIT.
            var ports = new EphemeralPorts(Secret(2));
            int first = ports.Candidate(Local, Remote, 443, 0);
            int second = ports.Candidate(Local, Remote, 443, 0);
            Assert.Equal(first == 65535 ? 49152 : first + 1, second);
        }

        [Fact]
        public void Different_destinations_get_unrelated_ports()
        {
            var ports = new EphemeralPorts(Secret(3));
            var firsts = new HashSet<int>();
            for (int d = 0; d < 64; d++)
                firsts.Add(new EphemeralPorts(Secret(3)).Candidate(Local, Remote + (uint)d, 80, 0));
            Assert.True(firsts.Count >= 60, "ports towards 64 destinations should almost all differ");
        }

        [Fact]
        public void The_secret_decides_the_ports()
        {
            int a = new EphemeralPorts(Secret(4)).Candidate(Local, Remote, 80, 0);
            int b = new EphemeralPorts(Secret(4)).Candidate(Local, Remote, 80, 0);
            Assert.Equal(a, b);
            int differing = 0;
            for (byte s = 5; s < 25; s++)
                if (new EphemeralPorts(Secret(s)).Candidate(Local, Remote, 80, 0) != a) differing++;
            Assert.True(differing >= 19);
        }

        [Fact]
        public void Bad_arguments_throw_with_advice()
        {
            var e = Assert.Throws<ArgumentException>(() => new EphemeralPorts(new byte[3]));
            Assert.Contains("TcpOptions.Secret", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new EphemeralPorts(Secret(1)).Candidate(Local, Remote, 80, -1));
        }

        [Fact]
        public void Candidate_allocates_nothing()
        {
            var ports = new EphemeralPorts(Secret(6));
            long before = GC.GetAllocatedBytesForCurrentThread();
            int sink = 0;
            for (int i = 0; i < 10000; i++) sink ^= ports.Candidate(Local, Remote + (uint)i, 80, i % 3);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.NotEqual(-2, sink);
        }
    }

    public class ChallengeAckLimiterTests
    {
        [Fact]
        public void RFC5961_7_at_most_the_limit_per_second()
        {
            var l = new ChallengeAckLimiter(10);
            for (int i = 0; i < 10; i++) Assert.True(l.Allow(5000 + i));
            Assert.False(l.Allow(5010));
            Assert.False(l.Allow(5999));
            Assert.Equal(2, l.Suppressed);
            Assert.True(l.Allow(6000));       // a new one-second window
            for (int i = 0; i < 9; i++) Assert.True(l.Allow(6001));
            Assert.False(l.Allow(6002));
        }

        [Fact]
        public void A_clock_that_goes_backwards_opens_a_new_window()
        {
            var l = new ChallengeAckLimiter(1);
            Assert.True(l.Allow(10000));
            Assert.False(l.Allow(10001));
            Assert.True(l.Allow(500));
        }

        [Fact]
        public void With_a_secret_the_limit_varies_between_half_and_full_per_window()
        {
            // CVE-2016-5696: a constant global limit lets an off-path attacker count.
            var secret = new byte[16];
            for (int i = 0; i < 16; i++) secret[i] = (byte)(i * 5 + 1);
            var l = new ChallengeAckLimiter(20, secret);
            var limits = new HashSet<int>();
            for (int w = 0; w < 50; w++)
            {
                long t = w * 1000L;
                int allowed = 0;
                for (int i = 0; i < 30; i++) if (l.Allow(t)) allowed++;
                Assert.InRange(allowed, 10, 20);
                Assert.Equal(l.CurrentLimit, allowed);
                limits.Add(allowed);
            }
            Assert.True(limits.Count >= 5);
        }

        [Fact]
        public void Bad_limit_throws_and_Allow_allocates_nothing()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new ChallengeAckLimiter(0));
            var l = new ChallengeAckLimiter(10, new byte[16]);
            l.Allow(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10000; i++) l.Allow(i * 7);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
