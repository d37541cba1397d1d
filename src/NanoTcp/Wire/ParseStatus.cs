namespace NanoTcp.Wire
{
    /// <summary>
    /// What every checked parse in Wire answers (Ethernet, Arp, Ipv4, Icmp, Udp, TcpHeader,
    /// Dhcp: TryParse(b, offset, length, [pseudo-header,] into)). Each refusal maps to one
    /// drop counter of the caller; none is an exception.
    /// </summary>
    public enum ParseStatus
    {
        /// <summary>Valid; the reused object is filled.</summary>
        Ok = 0,
        /// <summary>Fewer bytes than the header needs or than a length field claims (an IPv4
        /// total length, a TCP data offset, a DHCP option), or a null buffer, or a range
        /// outside it.</summary>
        Truncated,
        /// <summary>A field holds a value the protocol forbids (IPv4 version or IHL, TCP data
        /// offset below 5, UDP length below 8...).</summary>
        Malformed,
        /// <summary>The protocol's checksum does not verify. The object is filled all the same
        /// (for counters and traces); its content must not be acted on.</summary>
        BadChecksum,
        /// <summary>An IPv4 fragment (MF set or offset non-zero): we do not reassemble. The
        /// header fields are filled.</summary>
        Fragment,
        /// <summary>Well formed but not what we speak (ARP for another hardware or protocol
        /// type, DHCP for another hardware type, BOOTP without the magic cookie or a DHCP
        /// message type).</summary>
        Unsupported,
    }
}
