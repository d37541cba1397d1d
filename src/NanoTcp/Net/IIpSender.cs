namespace NanoTcp.Net
{
    /// <summary>
    /// What a transport needs from the IP layer to send: a transmit buffer with room reserved
    /// for the headers below (Ethernet 14 + IPv4 20 bytes, so nothing is copied to prepend
    /// them), our address for the pseudo-header, and one call that sends.
    /// NetworkInterface implements it; TCP trace tests implement it to capture segments.
    /// </summary>
    public interface IIpSender
    {
        /// <summary>Our IPv4 address (0 while unconfigured).</summary>
        uint LocalAddress { get; }

        /// <summary>The frame buffer transports write into, at TransportOffset.</summary>
        byte[] TransmitBuffer { get; }

        /// <summary>Where the transport header starts in TransmitBuffer.</summary>
        int TransportOffset { get; }

        /// <summary>Largest transport header plus payload one packet carries (MTU - 20).</summary>
        int MaxTransportLength { get; }

        /// <summary>
        /// Sends TransmitBuffer[TransportOffset..+transportLength) to destinationIp as one IPv4
        /// packet of the given protocol. The transport has already filled in its checksum.
        /// Returns false when the packet could not be sent or queued (no route, device busy,
        /// no ARP slot); the caller treats that as a loss and its retransmission covers it.
        /// </summary>
        bool SendIpv4(uint destinationIp, byte protocol, int transportLength, long nowMs);
    }
}
