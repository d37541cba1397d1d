using System;

namespace NanoTcp.Drivers.W5500
{
    // Multicast reception in MACRAW mode.
    public sealed partial class W5500Device
    {
        /// <summary>
        /// Widens the chip's filter to take frames to the multicast MAC <c>mac[offset..offset+6)</c>.
        /// The W5500 has no per-group filter. With the MAC filter on (Sn_MR.MFEN), Espressif
        /// observed on real parts (esp-eth-drivers, esp_eth_mac_w5500.c add_mac_filter): IPv4
        /// multicast (01:00:5E:..) passes unless Sn_MR.MMB blocks it, IPv6 multicast (33:33:..)
        /// always passes, other group addresses are filtered out. So: an IPv4 group clears MMB
        /// (every IPv4 group then passes), an IPv6 group needs nothing, any other group turns the
        /// MAC filter off (every frame on the segment then reaches the host). The stack filters
        /// exactly in software. Sn_MR is written at once, as that driver does, without reopening
        /// the socket. Groups are only added.
        /// </summary>
        public void AddMulticastAddress(byte[] mac, int offset)
        {
            if (mac == null)
            {
                throw new ArgumentNullException("mac", "Pass the multicast MAC address, e.g. 01:00:5E:00:00:FB for mDNS.");
            }
            if (offset < 0 || offset > mac.Length - 6)
            {
                throw new ArgumentOutOfRangeException("offset", "The 6 address bytes must lie inside the array.");
            }
            if ((mac[offset] & 0x01) == 0)
            {
                throw new ArgumentException("A multicast MAC address has bit 0 of its first byte set (01:00:5E:.. for IPv4, 33:33:.. for IPv6).", "mac");
            }
            byte mode = _mode;
            if (mac[offset] == 0x01 && mac[offset + 1] == 0x00 && mac[offset + 2] == 0x5E)
            {
                mode = (byte)(mode & ~W5500Registers.SnMrMulticastBlock);
            }
            else if (!(mac[offset] == 0x33 && mac[offset + 1] == 0x33))
            {
                mode = (byte)(mode & ~(W5500Registers.SnMrMacFilter | W5500Registers.SnMrMulticastBlock));
            }
            if (mode == _mode)
            {
                return;
            }
            _mode = mode;
            if (_initialized && !_recoveryPending)
            {
                WriteRegister8(W5500Registers.BlockSocket0, W5500Registers.SnMr, _mode);
            }
        }
    }
}
