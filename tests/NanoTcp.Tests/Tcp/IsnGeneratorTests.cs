using System;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    public class SipHashTests
    {
        // The 64 published SipHash-2-4 test vectors (reference implementation vectors.h,
        // Aumasson/Bernstein): key = 00 01 .. 0f, message i = 00 01 .. (i-1). Each entry is
        // the 8 output bytes in the order the reference writes them (little-endian).
        private static readonly string[] Vectors =
        {
            "310e0edd47db6f72", "fd67dc93c539f874", "5a4fa9d909806c0d", "2d7efbd796666785",
            "b7877127e09427cf", "8da699cd64557618", "cee3fe586e46c9cb", "37d1018bf50002ab",
            "6224939a79f5f593", "b0e4a90bdf82009e", "f3b9dd94c5bb5d7a", "a7ad6b22462fb3f4",
            "fbe50e86bc8f1e75", "903d84c02756ea14", "eef27a8e90ca23f7", "e545be4961ca29a1",
            "db9bc2577fcc2a3f", "9447be2cf5e99a69", "9cd38d96f0b3c14b", "bd6179a71dc96dbb",
            "98eea21af25cd6be", "c7673b2eb0cbf2d0", "883ea3e395675393", "c8ce5ccd8c030ca8",
            "94af49f6c650adb8", "eab8858ade92e1bc", "f315bb5bb835d817", "adcf6b0763612e2f",
            "a5c91da7acaa4dde", "716595876650a2a6", "28ef495c53a387ad", "42c341d8fa92d832",
            "ce7cf2722f512771", "e37859f94623f3a7", "381205bb1ab0e012", "ae97a10fd434e015",
            "b4a31508beff4d31", "81396229f0907902", "4d0cf49ee5d4dcca", "5c73336a76d8bf9a",
            "d0a704536ba93e0e", "925958fcd6420cad", "a915c29bc8067318", "952b79f3bc0aa6d4",
            "f21df2e41d4535f9", "87577519048f53a9", "10a56cf5dfcd9adb", "eb75095ccd986cd0",
            "51a9cb9ecba312e6", "96afadfc2ce666c7", "72fe52975a4364ee", "5a1645b276d592a1",
            "b274cb8ebf87870a", "6f9bb4203de7b381", "eaecb2a30b22a87f", "9924a43cc1315724",
            "bd838d3aafbf8db7", "0b1a2a3265d51aea", "135079a3231ce660", "932b2846e4d70666",
            "e1915f5cb1eca46c", "f325965ca16d629f", "575ff28e60381be5", "724506eb4c328a95",
        };

        [Fact]
        public void Matches_all_64_published_SipHash_2_4_vectors()
        {
            var key = new byte[16];
            for (int i = 0; i < 16; i++) key[i] = (byte)i;
            SipHash.ReadKey(key, 0, out ulong k0, out ulong k1);
            var message = new byte[64 + 3];
            for (int i = 0; i < 64; i++) message[3 + i] = (byte)i;  // at an offset on purpose
            for (int len = 0; len < 64; len++)
            {
                ulong h = SipHash.Compute(k0, k1, message, 3, len);
                var bytes = BitConverter.GetBytes(h);
                if (!BitConverter.IsLittleEndian) Array.Reverse(bytes);
                Assert.Equal(Vectors[len], Convert.ToHexString(bytes).ToLowerInvariant());
            }
        }

        [Fact]
        public void Bad_arguments_throw()
        {
            Assert.Throws<ArgumentException>(() => SipHash.ReadKey(new byte[15], 0, out _, out _));
            Assert.Throws<ArgumentOutOfRangeException>(() => SipHash.Compute(0, 0, new byte[4], 2, 3));
        }
    }

    public class IsnGeneratorTests
    {
        private static byte[] Secret(byte seed)
        {
            var s = new byte[16];
            for (int i = 0; i < 16; i++) s[i] = (byte)(seed + 31 * i);
            return s;
        }

        private const uint A = 0xC0000201u;  // 192.0.2.1
        private const uint B = 0xC0000202u;  // 192.0.2.2

        [Fact]
        public void MUST_8_ISN_is_the_4us_clock_plus_a_keyed_hash_of_the_4_tuple()
        {
            // RFC 6528 3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey).
            var secret = Secret(1);
            var isn = new IsnGenerator(secret);
            SipHash.ReadKey(secret, 0, out ulong k0, out ulong k1);
            var msg = new byte[] { 0x49, 0xC0, 0, 2, 1, 0xC3, 0x50, 0xC0, 0, 2, 2, 0, 80 };  // 'I', A:50000, B:80
            uint f = (uint)SipHash.Compute(k0, k1, msg, 0, msg.Length);
            Assert.Equal(f, isn.Hash(A, 50000, B, 80));
            Assert.Equal(unchecked(f + 1234u * 250u), isn.Next(A, 50000, B, 80, 1234));
        }

        [Fact]
        public void MUST_8_ISN_advances_250_per_millisecond_and_wraps_modulo_2_32()
        {
            var isn = new IsnGenerator(Secret(2));
            uint t0 = isn.Next(A, 50000, B, 80, 1000);
            Assert.Equal(250u, unchecked(isn.Next(A, 50000, B, 80, 1001) - t0));
            Assert.Equal(250000u, unchecked(isn.Next(A, 50000, B, 80, 2000) - t0));
            // M crosses 2^32 between 17179869 ms and 17179870 ms (2^32 / 250 = 17179869.184):
            uint before = isn.Next(A, 50000, B, 80, 17179869);
            Assert.Equal(250u, unchecked(isn.Next(A, 50000, B, 80, 17179870) - before));
            // 250 * 2^31 = 125 * 2^32: the clock part repeats every 2^31 ms.
            Assert.Equal(t0, isn.Next(A, 50000, B, 80, 1000 + (1L << 31)));
        }

        [Fact]
        public void MUST_9_ISNs_of_different_4_tuples_or_secrets_are_unrelated()
        {
            var isn = new IsnGenerator(Secret(3));
            var other = new IsnGenerator(Secret(4));
            uint x = isn.Next(A, 50000, B, 80, 0);
            Assert.NotEqual(x, isn.Next(A, 50001, B, 80, 0));
            Assert.NotEqual(x, isn.Next(A, 50000, B, 81, 0));
            Assert.NotEqual(x, isn.Next(B, 50000, A, 80, 0));
            Assert.NotEqual(x, other.Next(A, 50000, B, 80, 0));
            // The same tuple and time under the same secret give the same ISN.
            Assert.Equal(x, new IsnGenerator(Secret(3)).Next(A, 50000, B, 80, 0));
        }

        [Fact]
        public void Consecutive_ports_do_not_give_consecutive_ISNs()
        {
            // A predictable ISN per connection is what RFC 6528 exists to prevent: over 1000
            // consecutive local ports the ISN differences look random (no two equal deltas).
            var isn = new IsnGenerator(Secret(5));
            var deltas = new System.Collections.Generic.HashSet<uint>();
            uint prev = isn.Next(A, 49152, B, 80, 5);
            for (int p = 49153; p < 50153; p++)
            {
                uint cur = isn.Next(A, p, B, 80, 5);
                deltas.Add(unchecked(cur - prev));
                prev = cur;
            }
            Assert.True(deltas.Count > 990);
        }

        [Fact]
        public void A_short_secret_is_refused_with_advice()
        {
            var e = Assert.Throws<ArgumentException>(() => new IsnGenerator(new byte[8]));
            Assert.Contains("TcpOptions.Secret", e.Message);
            Assert.Throws<ArgumentException>(() => new IsnGenerator(null));
        }

        [Fact]
        public void Next_allocates_nothing()
        {
            var isn = new IsnGenerator(Secret(6));
            isn.Next(A, 1, B, 2, 3);
            long before = GC.GetAllocatedBytesForCurrentThread();
            uint sink = 0;
            for (int i = 0; i < 10000; i++) sink ^= isn.Next(A, 49152 + i % 1000, B, 80, i);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.NotEqual(0u, sink | 1u);
        }
    }
}
