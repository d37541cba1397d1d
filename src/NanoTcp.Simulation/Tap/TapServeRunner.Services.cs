using NanoTcp.Drivers;
using NanoTcp.Net;

namespace NanoTcp.Simulation.Tap
{
    /// <summary>The device services on the TAP stack, the pcap wrapper and DHCP start-up.</summary>
    public sealed partial class TapServeRunner
    {
        private static INetDevice WrapDevice(TapDevice tap, TapServeOptions options)
        {
            if (options.PcapPath != null)
                throw new System.NotSupportedException("--pcap needs Simulation/PcapWriter (not landed yet).");
            return tap;
        }

        private void StartDhcp(long nowMs)
        {
            throw new System.NotSupportedException("--dhcp needs NetworkInterface.StartDhcp (not landed yet).");
        }

        private void CreateServices(StackOptions stack)
        {
        }

        private void PollServices(long nowMs)
        {
        }

        private long ServicesNextDeadline(long nowMs)
        {
            return long.MaxValue;
        }

        private void DisposeServices()
        {
        }
    }
}
