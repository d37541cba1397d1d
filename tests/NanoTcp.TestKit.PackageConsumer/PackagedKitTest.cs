using NanoTcp.Testing;
using Xunit;

namespace PackageConsumer
{
    /// <summary>What a user's test project looks like with only the NuGet packages.</summary>
    public class PackagedKitTest
    {
        [Fact]
        public void A_device_from_the_packages_answers_ping()
        {
            using var net = new VirtualNetwork(nameof(A_device_from_the_packages_answers_ping));
            TestDevice device = net.AddDevice("device", DeviceNic.W5500, "192.0.2.2");
            HostPeer pc = net.AddHost("pc", "192.0.2.1");
            pc.Interface.Ping(device.Address, 1, 1, net.NowMs);
            net.RunUntil(() => pc.Interface.LastEchoReplySource == device.Address, 5000, "the echo reply");
        }
    }
}
