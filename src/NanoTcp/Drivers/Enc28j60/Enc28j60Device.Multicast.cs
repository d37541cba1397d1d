using System;
using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    // Multicast reception through the hash table filter (DS 8.4).
    public sealed partial class Enc28j60Device
    {
        private readonly byte[] _hashTable = new byte[8]; // EHT0..EHT7 as we want them
        private bool _hashInUse;

        /// <summary>
        /// Widens the receive filter to the multicast group <c>mac[offset..offset+6)</c>: DS 8.4,
        /// the hash table filter. A CRC over the destination address selects one of 64 bits in
        /// EHT0..EHT7; frames whose destination hashes to a set bit pass (ERXFCON.HTEN, ORed with
        /// the unicast and broadcast filters). Other groups that hash to the same bit pass too,
        /// so the stack still filters exactly. Groups are only added; they survive a chip reset.
        /// </summary>
        public void AddMulticastAddress(byte[] mac, int offset)
        {
            if (mac == null) throw new ArgumentNullException("mac", "pass the multicast MAC address, e.g. 01:00:5E:00:00:FB for mDNS");
            if (offset < 0 || offset > mac.Length - 6) throw new ArgumentOutOfRangeException("offset", "the 6 address bytes must lie inside the array");
            if ((mac[offset] & 0x01) == 0) throw new ArgumentException("a multicast MAC address has bit 0 of its first byte set (01:00:5E:.. for IPv4, 33:33:.. for IPv6)", "mac");
            int pointer = HashPointer(mac, offset);
            _hashTable[pointer >> 3] |= (byte)(1 << (pointer & 7));
            _hashInUse = true;
            if (_initialized && !_recoveryPending)
            {
                WriteRegister(R.EHT0 + (pointer >> 3), _hashTable[pointer >> 3]);
                WriteReceiveFilter();
            }
        }

        /// <summary>
        /// DS 8.4: bits 28..23 of the CRC-32 of the six destination bytes (polynomial 04C11DB7h,
        /// preset all ones, each byte least significant bit first, no final inversion) point into
        /// the 64-bit table: EHTn bit k for pointer 8n + k.
        /// </summary>
        internal static int HashPointer(byte[] mac, int offset)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < 6; i++)
            {
                int b = mac[offset + i];
                for (int bit = 0; bit < 8; bit++)
                {
                    bool feedback = (((crc >> 31) ^ (uint)(b >> bit)) & 1) != 0;
                    crc <<= 1;
                    if (feedback) crc ^= 0x04C11DB7;
                }
            }
            return (int)((crc >> 23) & 0x3F);
        }

        /// <summary>ERXFCON (DS Register 8-1): unicast, broadcast, valid CRC only, and the hash table when in use.</summary>
        private void WriteReceiveFilter()
        {
            WriteRegister(R.ERXFCON, ExpectedReceiveFilter());
        }

        private int ExpectedReceiveFilter()
        {
            int filter = R.ERXFCON_UCEN | R.ERXFCON_CRCEN | R.ERXFCON_BCEN;
            if (_hashInUse)
            {
                filter |= R.ERXFCON_HTEN;
            }
            return filter;
        }

        /// <summary>EHT0..EHT7 as <see cref="AddMulticastAddress"/> built them (after a reset: all zero on the chip).</summary>
        private void WriteHashTable()
        {
            if (!_hashInUse) return;
            for (int n = 0; n < 8; n++) WriteRegister(R.EHT0 + n, _hashTable[n]);
        }
    }
}
