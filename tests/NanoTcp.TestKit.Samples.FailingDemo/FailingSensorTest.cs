using NanoTcp.Testing;
using NanoTcp.Wire;
using Sensor.Device;
using Xunit;

namespace Sensor.FailingDemo
{
    /// <summary>
    /// Fails on purpose: it expects the sensor on a port it does not serve. The failure message
    /// ends with "pcap of the network: /tmp/nanotcp-testkit/....pcap"; open that file in
    /// Wireshark to see the SYN and the device's RST.
    /// </summary>
    public class FailingSensorTest
    {
        private sealed class Fixed : ITemperatureSensor { public int ReadCentiCelsius() => 2150; }

        [Fact]
        public void Sensor_answers_on_port_8080_which_it_does_not()
        {
            using var net = new VirtualNetwork(nameof(Sensor_answers_on_port_8080_which_it_does_not));
            TestDevice device = net.AddDevice("sensor", DeviceNic.W5500, "192.0.2.2");
            HostPeer pc = net.AddHost("pc", "192.0.2.1");
            var app = new SensorApp(device.Tcp, new Fixed(), Ipv4Address.Parse("192.0.2.1"), 9000);
            device.Run(app.Poll, app.NextDeadline);

            HttpResult r = pc.HttpGet("192.0.2.2", "/reading", port: 8080); // throws: connection refused
            net.Verify(() => Assert.Equal(200, r.Status));
        }
    }
}
