using NanoTcp.Net;

namespace NanoTcp.Device
{
    /// <summary>The device's address: static, or DHCP with a static fallback.</summary>
    public sealed partial class DeviceStack
    {
        private AddressSource _configuredSource;
        private long _dhcpGiveUpAtMs = long.MaxValue;
        private bool _fellBack;

        /// <summary>Where the current address came from (None while DHCP is still asking).</summary>
        public AddressSource AddressSource
        {
            get
            {
                if (_iface.LocalAddress == 0) return AddressSource.None;
                if (_fellBack) return AddressSource.StaticFallback;
                return _configuredSource;
            }
        }

        /// <summary>True once DHCP gave up and the static fallback address is in use.</summary>
        public bool UsingStaticFallback { get { return _fellBack; } }

        private void StartAddress(long nowMs)
        {
            AddressOptions a = _options.Address;
            if (a.UseDhcp)
            {
                _configuredSource = AddressSource.Dhcp;
                _iface.StartDhcp(nowMs);
                if (a.DhcpTimeoutMs > 0 && a.StaticAddress != 0) _dhcpGiveUpAtMs = nowMs + a.DhcpTimeoutMs;
            }
            else
            {
                _configuredSource = AddressSource.Static;
                _iface.SetStaticAddress(a.StaticAddress, a.StaticSubnetMask, a.StaticGateway, nowMs);
            }
        }

        private void PollAddress(long nowMs)
        {
            if (_dhcpGiveUpAtMs == long.MaxValue) return;
            if (_iface.LocalAddress != 0)
            {
                _dhcpGiveUpAtMs = long.MaxValue; // a lease came in time: no fallback any more
                return;
            }
            if (nowMs < _dhcpGiveUpAtMs) return;
            _dhcpGiveUpAtMs = long.MaxValue;
            // No lease in time: take the static address. SetStaticAddress stops the DHCP
            // client, so the address cannot change under open connections later.
            _fellBack = true;
            AddressOptions a = _options.Address;
            _iface.SetStaticAddress(a.StaticAddress, a.StaticSubnetMask, a.StaticGateway, nowMs);
        }

        private long AddressDeadline()
        {
            return _dhcpGiveUpAtMs;
        }
    }
}
