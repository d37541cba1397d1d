using System;
using NanoTcp.Wire;

namespace NanoTcp.Device
{
    /// <summary>Where the device's IPv4 address comes from.</summary>
    public enum AddressSource
    {
        /// <summary>No address yet (DHCP still asking).</summary>
        None,
        /// <summary>The static address, configured so (UseDhcp off).</summary>
        Static,
        /// <summary>A lease from a DHCP server (RFC 2131).</summary>
        Dhcp,
        /// <summary>The static address, because DHCP found no server in DhcpTimeoutMs.</summary>
        StaticFallback,
    }

    /// <summary>
    /// The device's addresses: DHCP with a static fallback (the default), or static only.
    /// Addresses are in host order (Ipv4Address.Make(192, 0, 2, 2)).
    /// </summary>
    public sealed class AddressOptions
    {
        /// <summary>Ask a DHCP server for an address first.</summary>
        public bool UseDhcp = true;
        /// <summary>Without a lease after this long, take the static address (when one is
        /// set) and stop asking. 0 = keep asking forever, no fallback.</summary>
        public int DhcpTimeoutMs = 20000;
        /// <summary>The address when UseDhcp is off; the fallback when it is on (0 = none).</summary>
        public uint StaticAddress;
        /// <summary>Subnet mask of the static address.</summary>
        public uint StaticSubnetMask = Ipv4Address.MaskFromPrefix(24);
        /// <summary>Default gateway of the static address; 0 for none.</summary>
        public uint StaticGateway;

        /// <summary>A copy (the device root copies options before it uses them).</summary>
        public AddressOptions Clone()
        {
            return (AddressOptions)MemberwiseClone();
        }

        /// <summary>Static addressing with this address, prefix length and gateway (0 for none).</summary>
        public static AddressOptions Static(uint address, int prefixLength, uint gateway)
        {
            AddressOptions o = new AddressOptions();
            o.UseDhcp = false;
            o.StaticAddress = address;
            o.StaticSubnetMask = Ipv4Address.MaskFromPrefix(prefixLength);
            o.StaticGateway = gateway;
            return o;
        }

        /// <summary>Throws ArgumentException naming the bad setting and its allowed range.</summary>
        public void Validate()
        {
            if (!UseDhcp && StaticAddress == 0)
                throw new ArgumentException("AddressOptions.StaticAddress must be set (a unicast address such as 192.0.2.2) when UseDhcp is false.", "StaticAddress");
            if (DhcpTimeoutMs < 0)
                throw new ArgumentException("AddressOptions.DhcpTimeoutMs must be 0 (no fallback) or more.", "DhcpTimeoutMs");
        }
    }
}
