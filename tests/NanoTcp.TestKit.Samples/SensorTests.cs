using System.Text;
using NanoTcp.Tcp;
using NanoTcp.Testing;
using NanoTcp.Wire;
using Sensor.Device;
using Xunit;

namespace Sensor.Tests
{
    /// <summary>
    /// The sensor application, end to end on a PC: the device on a simulated chip (the real
    /// driver runs) or a mock NIC, a PC reading its web route, a collector taking its pushes.
    /// Minutes of network time run in milliseconds.
    /// </summary>
    public class SensorTests
    {
        private sealed class FakeSensor : ITemperatureSensor
        {
            public int Value = 2150;
            public int ReadCentiCelsius() => Value;
        }

        private static (VirtualNetwork net, TestDevice device, SensorApp app, HostPeer pc, FakeSensor sensor) Build(DeviceNic nic, string name)
        {
            var net = new VirtualNetwork(name);
            TestDevice device = net.AddDevice("sensor", nic, "192.0.2.2");
            HostPeer pc = net.AddHost("pc", "192.0.2.1");
            var sensor = new FakeSensor();
            var app = new SensorApp(device.Tcp, sensor, Ipv4Address.Parse("192.0.2.1"), 9000);
            device.Run(app.Poll, app.NextDeadline);
            return (net, device, app, pc, sensor);
        }

        [Theory]
        [InlineData(DeviceNic.W5500)]
        [InlineData(DeviceNic.Enc28j60)]
        [InlineData(DeviceNic.MockNic)]
        public void Reading_is_served_over_http(DeviceNic nic)
        {
            var (net, _, _, pc, sensor) = Build(nic, nameof(Reading_is_served_over_http) + "-" + nic);
            sensor.Value = -125;
            net.AdvanceTime(1);

            HttpResult r = pc.HttpGet("192.0.2.2", "/reading");

            net.Verify(() =>
            {
                Assert.Equal(200, r.Status);
                Assert.Equal("application/json", r.Header("Content-Type"));
                Assert.Equal("{\"seq\":1,\"centiCelsius\":-125}", r.BodyText);
            });
        }

        [Fact]
        public void Unknown_route_is_404_and_the_device_keeps_serving()
        {
            var (net, _, _, pc, _) = Build(DeviceNic.W5500, nameof(Unknown_route_is_404_and_the_device_keeps_serving));
            Assert.Equal(404, pc.HttpGet("192.0.2.2", "/nope").Status);
            Assert.Equal(200, pc.HttpGet("192.0.2.2", "/reading").Status);
        }

        [Fact]
        public void Readings_are_pushed_to_the_collector_every_interval()
        {
            var (net, device, app, pc, sensor) = Build(DeviceNic.W5500, nameof(Readings_are_pushed_to_the_collector_every_interval));
            HostListener collector = pc.Listen(9000);
            HostConnection fromDevice = collector.WaitForConnection(maxMs: 10_000);

            net.AdvanceTime(3 * SensorApp.IntervalMs);
            sensor.Value = 2200;
            net.AdvanceTime(SensorApp.IntervalMs);

            string lines = Encoding.ASCII.GetString(fromDevice.ReadAvailable());
            net.Verify(() =>
            {
                Assert.Contains("reading 4 2150\n", lines);
                Assert.EndsWith("reading 5 2200\n", lines);
                Assert.Equal(1, device.CountInState(TcpState.Established));
                Assert.Contains(device.Connections, c => c.State == TcpState.Established && c.Remote == "192.0.2.1:9000");
            });
        }

        [Fact]
        public void Collector_away_then_back_the_device_reconnects()
        {
            var (net, _, app, pc, _) = Build(DeviceNic.Enc28j60, nameof(Collector_away_then_back_the_device_reconnects));
            // Nobody listens on 9000 yet: every SYN draws an RST and the app backs off.
            net.AdvanceTime(3 * SensorApp.ReconnectMs);
            int attemptsWhileAway = app.ConnectAttempts;

            HostListener collector = pc.Listen(9000);
            HostConnection c = collector.WaitForConnection(maxMs: 2 * SensorApp.ReconnectMs);
            net.AdvanceTime(SensorApp.IntervalMs);

            net.Verify(() =>
            {
                Assert.InRange(attemptsWhileAway, 3, 4);
                Assert.Contains("reading ", Encoding.ASCII.GetString(c.ReadAvailable()));
            });
        }

        [Fact]
        public void Readings_arrive_in_order_over_a_lossy_link()
        {
            var (net, device, app, pc, sensor) = Build(DeviceNic.W5500, nameof(Readings_arrive_in_order_over_a_lossy_link));
            device.Link.Faults.DropRate = 0.2;
            device.Link.Faults.DuplicateRate = 0.05;
            HostListener collector = pc.Listen(9000);
            HostConnection fromDevice = collector.WaitForConnection(maxMs: 60_000);

            for (int i = 0; i < 20; i++)
            {
                sensor.Value = 2000 + i;
                net.AdvanceTime(SensorApp.IntervalMs);
            }
            device.Link.Faults.DropRate = 0;
            net.AdvanceTime(60_000);

            string[] lines = Encoding.ASCII.GetString(fromDevice.ReadAvailable()).TrimEnd('\n').Split('\n');
            net.Verify(() =>
            {
                Assert.Equal(app.ReadingsSent, lines.Length);
                for (int i = 1; i < lines.Length; i++)
                    Assert.Equal(int.Parse(lines[i - 1].Split(' ')[1]) + 1, int.Parse(lines[i].Split(' ')[1]));
            });
        }

        [Fact]
        public void A_SYN_to_a_closed_port_of_the_device_draws_exactly_one_RST()
        {
            using var net = new VirtualNetwork(nameof(A_SYN_to_a_closed_port_of_the_device_draws_exactly_one_RST));
            net.AddDevice("sensor", DeviceNic.W5500, "192.0.2.2");
            RawPeer raw = net.AddRawPeer("probe", "192.0.2.9");

            raw.Send("192.0.2.2", new RawSegment(40000, 81, 0xFFFFFF00, 0, TcpFlags.Syn));

            // RFC 9293 3.10.7.1: SEQ=0, ACK=SEG.SEQ+SEG.LEN (the SYN counts one), RST+ACK.
            raw.ExpectExactly(new SegmentPattern(TcpFlags.Rst | TcpFlags.Ack, Seq: 0, Ack: 0xFFFFFF01));
            raw.ExpectNothing();
        }
    }
}
