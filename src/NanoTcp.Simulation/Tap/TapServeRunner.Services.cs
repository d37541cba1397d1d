using System.IO;
using NanoTcp.Drivers;
using NanoTcp.Net;

namespace NanoTcp.Simulation.Tap
{
    /// <summary>The device services on the TAP stack, the pcap wrapper and DHCP start-up.</summary>
    public sealed partial class TapServeRunner
    {
        private PcapWriter _pcap;
        private uint _loggedAddress;

        private INetDevice WrapDevice(TapDevice tap, TapServeOptions options)
        {
            if (options.PcapPath == null) return tap;
            // Timestamps from the runner's clock; the writer flushes on Dispose.
            _pcap = new PcapWriter(tap, new FileStream(options.PcapPath, FileMode.Create, FileAccess.Write), () => NowMs, true);
            return _pcap;
        }

        private void StartDhcp(long nowMs)
        {
            Interface.StartDhcp(nowMs);
        }

        private void CreateServices(StackOptions stack)
        {
        }

        private void PollServices(long nowMs)
        {
            uint address = Interface.LocalAddress;
            if (address != _loggedAddress)
            {
                _loggedAddress = address;
                if (_options.Dhcp)
                    _log.WriteLine(address != 0
                        ? "nanotcp: DHCP lease " + Wire.Ipv4Address.ToString(address) + " from " + Wire.Ipv4Address.ToString(Interface.Dhcp.ServerAddress) + " for " + Interface.Dhcp.LeaseSeconds + " s"
                        : "nanotcp: DHCP lease lost");
            }
        }

        private long ServicesNextDeadline(long nowMs)
        {
            return long.MaxValue;
        }

        private void DisposeServices()
        {
            if (_pcap != null) _pcap.Dispose();
        }
    }
}
