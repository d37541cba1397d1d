namespace NanoTcp.Drivers
{
    /// <summary>
    /// An Ethernet device as the stack sees it: whole Ethernet II frames in and out (no
    /// preamble, no FCS), polled. Implemented by the chip drivers (W5500Device,
    /// Enc28j60Device), by the in-memory cable ends, by TapDevice on desktop Linux, and by
    /// wrappers such as the pcap writer, which stack around any device.
    ///
    /// Buffers are lent, never copied between the stack and the device (smoltcp's phy::Device
    /// lends its tokens the same way; lwIP reserves header room so each layer prepends in place):
    /// - Receive lends the frame where the device already holds it (for a driver: where its
    ///   SPI read put it), and the stack parses it there.
    /// - Send takes a frame the stack built at offset &gt;= TransmitHeadroom in its own buffer;
    ///   the device may write its SPI preamble into those bytes in front of the frame and send
    ///   preamble + frame in one transfer, in place.
    /// So a payload byte crosses the device boundary without a copy in either direction.
    /// </summary>
    public interface INetDevice
    {
        /// <summary>The device's own MAC address, 6 bytes. Read once at start-up.</summary>
        byte[] MacAddress { get; }

        /// <summary>True while the physical link is up (W5500 PHYCFGR.LNK, ENC28J60 PHSTAT2.LSTAT).</summary>
        bool LinkUp { get; }

        /// <summary>
        /// Bytes the device may write just before a frame it sends: its SPI preamble (W5500:
        /// the 3-byte address/control header; ENC28J60: the WBM opcode and the per-packet control
        /// byte). 0 for TAP and the cable; a wrapper passes its inner device's value. The stack
        /// builds every frame at an offset of at least TransmitHeadroom in its own buffer, so the
        /// device sends it in place, in one transfer, with no copy. Constant for the device's life.
        /// </summary>
        int TransmitHeadroom { get; }

        /// <summary>
        /// Lends the next received frame: returns its length (0 when none waits) and sets
        /// buffer/offset to where the frame lies in the device's own memory. The frame is valid
        /// until the next Receive on this device; a Send in between does not disturb it. A frame
        /// is 14 to 1514 bytes (the device drops and counts anything else) and is one the chip
        /// really received. The caller must not write into the lent bytes.
        /// </summary>
        int Receive(out byte[] buffer, out int offset);

        /// <summary>
        /// Sends buffer[offset..offset+length) as one frame (14 to 1514 bytes; the device pads
        /// short frames to the 60-byte minimum). offset must be at least TransmitHeadroom: the
        /// device may overwrite buffer[offset-TransmitHeadroom .. offset+length) while sending,
        /// and after Send returns those bytes are undefined. Returns false when the device
        /// cannot take the frame now (transmitter busy, link down); it is then not sent and the
        /// caller may rebuild and retry it, or drop it.
        /// </summary>
        bool Send(byte[] buffer, int offset, int length);

        /// <summary>
        /// Widens the device's receive filter to also take frames to the multicast MAC
        /// mac[offset..offset+6) (W5500 MACRAW: multicast on; ENC28J60: its hash filter bit;
        /// TAP and the cable pass every frame anyway). The stack still filters exactly in
        /// software. Groups are only added, never removed implicitly.
        /// </summary>
        void AddMulticastAddress(byte[] mac, int offset);
    }
}
