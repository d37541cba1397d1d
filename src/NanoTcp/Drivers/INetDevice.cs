namespace NanoTcp.Drivers
{
    /// <summary>
    /// An Ethernet device as the stack sees it: whole Ethernet II frames in and out (no
    /// preamble, no FCS), polled. Implemented by the chip drivers (W5500Device,
    /// Enc28j60Device), by the in-memory cable ends, by TapDevice on desktop Linux, and by
    /// wrappers such as the pcap writer, which stack around any device.
    /// The stack owns the buffers: a device copies a received frame into the caller's
    /// byte[] range and sends from the caller's range, so nothing allocates per frame.
    /// </summary>
    public interface INetDevice
    {
        /// <summary>The device's own MAC address, 6 bytes. Read once at start-up.</summary>
        byte[] MacAddress { get; }

        /// <summary>True while the physical link is up (W5500 PHYCFGR.LNK, ENC28J60 PHSTAT2.LSTAT).</summary>
        bool LinkUp { get; }

        /// <summary>
        /// Copies the next waiting frame into buffer[offset..offset+capacity) and returns its
        /// length, or 0 when no frame waits. A frame longer than capacity is dropped and
        /// counted by the device, and the next one is tried.
        /// </summary>
        int Receive(byte[] buffer, int offset, int capacity);

        /// <summary>
        /// Sends buffer[offset..offset+length) as one frame (14 to 1514 bytes; the device pads
        /// short frames to the 60-byte minimum). Returns false when the device cannot take it
        /// now (transmitter busy, link down); the frame is then not sent and the caller may
        /// retry or drop it.
        /// </summary>
        bool Send(byte[] buffer, int offset, int length);
    }
}
