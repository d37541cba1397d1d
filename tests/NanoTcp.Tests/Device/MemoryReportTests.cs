using System;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Services;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Device
{
    public class MemoryReportTests
    {
        private readonly ITestOutputHelper _out;
        public MemoryReportTests(ITestOutputHelper output) { _out = output; }

        private static DeviceStack Build(Func<INetDevice, DeviceOptions> profile)
        {
            var cable = new Cable(new CableOptions(), 4);
            DeviceOptions o = profile(cable.EndA);
            o.Entropy = new FixedEntropy(7);
            return new DeviceStack(o);
        }

        [Fact]
        public void Print_field_counts()
        {
            foreach (Type t in new[] { typeof(NetworkInterface), typeof(InterfaceCounters), typeof(DhcpClient), typeof(ArpCache), typeof(UdpSocket), typeof(TcpStack),
                Type.GetType("NanoTcp.Tcp.TcpConnection, NanoTcp"), typeof(ByteRing), typeof(Assembler), typeof(RttEstimator), typeof(NewReno), Type.GetType("NanoTcp.Tcp.TcpListener, NanoTcp"),
                typeof(HttpServer), Type.GetType("NanoTcp.Http.HttpConnectionSlot, NanoTcp"), typeof(HttpRequestParser), typeof(SmallServices), typeof(DeviceStack), typeof(DeviceStatus), typeof(DeviceOptions) })
                _out.WriteLine(t.Name + " " + NanoClrHeapModel.FieldCount(t));
            foreach (var p in new Func<INetDevice, DeviceOptions>[] { DeviceProfiles.Esp32WithoutPsram, DeviceProfiles.Desktop })
            {
                DeviceStack d = Build(p);
                _out.WriteLine("walk   " + LayerSizes.Of(d));
                _out.WriteLine("report " + LayerSizes.Of(d.Memory));
            }
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
