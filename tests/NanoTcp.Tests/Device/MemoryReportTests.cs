using System;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.SelfTest;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Device
{
    /// <summary>
    /// The root knows its memory: MemoryReport's figures (computed from the options) against
    /// the real object graph measured with the nanoCLR heap model, and the budgets of the
    /// small-board profiles.
    /// </summary>
    public class MemoryReportTests
    {
        /// <summary>An ESP32 without PSRAM: what the brief budgets for the stack.</summary>
        public const int Esp32WithoutPsramBudget = 24 * 1024;

        private readonly ITestOutputHelper _out;
        public MemoryReportTests(ITestOutputHelper output) { _out = output; }

        private static DeviceStack Build(Func<INetDevice, DeviceOptions> profile, Action<DeviceOptions> configure = null)
        {
            var cable = new Cable(new CableOptions(), 4);
            DeviceOptions o = profile(cable.EndA);
            o.Entropy = new FixedEntropy(7);
            o.Address = AddressOptions.Static(DeviceOnCable.DeviceAddress, 24, 0);
            configure?.Invoke(o);
            return new DeviceStack(o);
        }

        private static DeviceOptions Bare(INetDevice device)
        {
            var o = new DeviceOptions { NetDevice = device, Http = null, StatusPage = false };
            return o;
        }

        [Fact]
        public void Esp32_without_PSRAM_profile_with_4_connections_and_the_web_server_fixes_at_most_24_KiB()
        {
            DeviceStack d = Build(DeviceProfiles.Esp32WithoutPsram);
            LayerSizes walked = LayerSizes.Of(d);
            _out.WriteLine("walked " + walked + "; report " + d.Memory.Total);
            Assert.Equal(4, d.Options.Tcp.Connections);
            Assert.NotNull(d.Http);
            Assert.True(d.Options.StatusPage);
            Assert.True(walked.Total <= Esp32WithoutPsramBudget, "the ESP32 profile's object graph takes " + walked + " bytes on the nanoCLR, over " + Esp32WithoutPsramBudget);
            Assert.True(d.Memory.Total <= Esp32WithoutPsramBudget, "the ESP32 profile reports " + d.Memory.Total + " bytes, over " + Esp32WithoutPsramBudget);
        }

        public static TheoryData<string> Profiles => new TheoryData<string> { "esp32", "desktop", "bare", "no-services", "many-arp-udp" };

        [Theory]
        [MemberData(nameof(Profiles))]
        public void Report_matches_the_object_graph_layer_by_layer(string profile)
        {
            DeviceStack d = profile switch
            {
                "esp32" => Build(DeviceProfiles.Esp32WithoutPsram),
                "desktop" => Build(DeviceProfiles.Desktop),
                "bare" => Build(Bare),
                "no-services" => Build(DeviceProfiles.Desktop, o => { o.Services = null; o.StatusPage = false; }),
                _ => Build(DeviceProfiles.Esp32WithoutPsram, o => { o.Net.ArpCacheEntries = 32; o.Net.UdpSockets = 8; o.Net.Mtu = 1500; }),
            };
            LayerSizes walked = LayerSizes.Of(d);
            LayerSizes reported = LayerSizes.Of(d.Memory);
            string both = "\nwalked   " + walked + "\nreported " + reported +
                "\n(MemoryReport computes what the constructors allocate; when a layer allocates something new, add it there)";
            _out.WriteLine(both);
            AssertClose("net", walked.Net, reported.Net, both);
            AssertClose("tcp", walked.Tcp, reported.Tcp, both);
            AssertClose("http", walked.Http, reported.Http, both);
            AssertClose("services", walked.Services, reported.Services, both);
            AssertClose("device", walked.Device, reported.Device, both);
            Assert.Equal(reported.Total, d.Memory.Total);
        }

        /// <summary>Within 8 % or 300 bytes: a field more or less per object is noise, a buffer is not.</summary>
        private static void AssertClose(string layer, long walked, long reported, string both)
        {
            long tolerance = Math.Max(300, walked * 8 / 100);
            Assert.True(Math.Abs(walked - reported) <= tolerance, layer + ": reported " + reported + ", the object graph holds " + walked + both);
        }

        [Fact]
        public void Rings_and_frames_grow_the_report_by_exactly_their_bytes()
        {
            DeviceStack small = Build(DeviceProfiles.Esp32WithoutPsram);
            DeviceStack wide = Build(DeviceProfiles.Esp32WithoutPsram, o => { o.Tcp.ReceiveBufferSize += 1200; o.Net.Mtu = 1500; });
            Assert.Equal(4 * MemoryReport.ByteArray(1024 + 1200) - 4 * MemoryReport.ByteArray(1024),
                wide.Memory.Bytes(MemoryReport.TcpRings) - small.Memory.Bytes(MemoryReport.TcpRings));
            Assert.Equal(MemoryReport.ByteArray(1514) - MemoryReport.ByteArray(590),
                wide.Memory.Bytes(MemoryReport.FrameBuffers) - small.Memory.Bytes(MemoryReport.FrameBuffers));
            Assert.Equal(small.Memory.Bytes(MemoryReport.HttpServer), wide.Memory.Bytes(MemoryReport.HttpServer));
        }

        [Fact]
        public void Self_test_small_profile_runs_both_stacks_and_the_cable_in_24_KiB()
        {
            var n = new SelfTestNetwork(SelfTestProfile.Small(), SelfTestProfile.Small().RingSize, 0);
            var m = new NanoClrHeapModel();
            long walked = m.Walk(n);
            _out.WriteLine("self-test small: walked " + walked + ", reported " + n.FixedBytes);
            Assert.True(walked <= Esp32WithoutPsramBudget, "the small self-test network takes " + walked + " bytes on the nanoCLR");
            Assert.True(Math.Abs(walked - n.FixedBytes) <= Math.Max(300, walked * 8 / 100), "reported " + n.FixedBytes + ", walked " + walked);
        }

        [Fact]
        public void Self_test_small_profile_passes_every_check()
        {
            var output = new Lines();
            int failures = new NanoTcp.SelfTest.SelfTest(output, SelfTestProfile.Small()).Run(64 * 1024, true);
            foreach (string l in output.All) _out.WriteLine(l);
            Assert.Equal(0, failures);
            Assert.Contains("selftest: 9 passed, 0 failed", output.All);
            Assert.StartsWith("selftest: profile small, MTU 576, 768-byte rings", output.All[0]);
        }

        private sealed class Lines : ISelfTestOutput
        {
            public readonly System.Collections.Generic.List<string> All = new System.Collections.Generic.List<string>();
            public void WriteLine(string line) { All.Add(line); }
        }
    }

    /// <summary>A test's entropy: the same bytes for the same seed.</summary>
    internal sealed class FixedEntropy : IEntropySource
    {
        private byte _next;
        public FixedEntropy(byte seed) { _next = seed; }
        public void GetBytes(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++) buffer[offset + i] = _next++;
        }
    }
}
