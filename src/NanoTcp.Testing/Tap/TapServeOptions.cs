#nullable disable
using System;
using NanoTcp.Device;
using NanoTcp.Wire;

namespace NanoTcp.Testing.Tap
{
    /// <summary>What `nanotcp serve --tap NAME (--ip A.B.C.D/NN | --dhcp) [--pcap FILE]` was asked for.</summary>
    public sealed class TapServeOptions
    {
        /// <summary>The TAP interface (it must exist and be up: `ip tuntap add dev tap0 mode tap; ip link set tap0 up`).</summary>
        public string TapName = "tap0";
        /// <summary>Static address (host order) when Dhcp is false.</summary>
        public uint Address;
        public int PrefixLength = 24;
        /// <summary>Default gateway, 0 for none.</summary>
        public uint Gateway;
        /// <summary>Ask a DHCP server for the address instead (RFC 2131), and keep renewing the lease.</summary>
        public bool Dhcp;
        /// <summary>When set, every frame in and out is also written to this pcap file.</summary>
        public string PcapPath;
        /// <summary>The stack's MAC; null picks a random locally administered one.</summary>
        public byte[] MacAddress;
        /// <summary>Changes the device's options (DeviceProfiles.Desktop with the TAP, the
        /// address and the OS entropy filled in) before it is built; null leaves them.</summary>
        public Action<DeviceOptions> Configure;

        /// <summary>Parses "A.B.C.D/NN" (the prefix defaults to 24 when omitted).</summary>
        public static bool TryParseAddress(string text, out uint address, out int prefixLength, out string error)
        {
            address = 0;
            prefixLength = 24;
            error = null;
            if (string.IsNullOrEmpty(text)) { error = "give the address as A.B.C.D/NN, e.g. 192.0.2.2/24"; return false; }
            string ip = text;
            int slash = text.IndexOf('/');
            if (slash >= 0)
            {
                ip = text.Substring(0, slash);
                if (!int.TryParse(text.Substring(slash + 1), out prefixLength) || prefixLength < 1 || prefixLength > 30)
                {
                    error = "the prefix length after '/' must be 1 to 30, e.g. 192.0.2.2/24";
                    return false;
                }
            }
            try { address = Ipv4Address.Parse(ip); }
            catch (Exception) { error = "\"" + ip + "\" is not an IPv4 address (A.B.C.D)"; return false; }
            if (address == 0) { error = "0.0.0.0 cannot be the stack's address (use --dhcp to ask for one)"; return false; }
            return true;
        }
    }
}
