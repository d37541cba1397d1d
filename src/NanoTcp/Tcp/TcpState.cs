namespace NanoTcp.Tcp
{
    /// <summary>The eleven states of RFC 9293 3.3.2.</summary>
    public enum TcpState
    {
        Closed = 0,
        Listen,
        SynSent,
        SynReceived,
        Established,
        FinWait1,
        FinWait2,
        CloseWait,
        Closing,
        LastAck,
        TimeWait,
    }

    /// <summary>
    /// What the application can learn about a connection between polls (RFC 9293 3.9.1.6
    /// STATUS, MUST-12 aborted, MUST-32 urgent, MUST-47 errors). Level-triggered: a flag
    /// stays set while its condition holds.
    /// </summary>
    [System.Flags]
    public enum TcpEvents
    {
        None = 0,
        /// <summary>Bytes wait in the receive ring.</summary>
        Readable = 1,
        /// <summary>The send ring has free space and the connection may send.</summary>
        Writable = 2,
        /// <summary>The peer sent FIN: after the waiting bytes, Receive returns no more.</summary>
        PeerClosed = 4,
        /// <summary>The peer reset the connection (RFC 9293 MUST-12), distinct from a close.</summary>
        Reset = 8,
        /// <summary>Retransmissions (R2), the handshake or keep-alives timed out.</summary>
        TimedOut = 16,
        /// <summary>The handshake completed (ESTABLISHED reached).</summary>
        Connected = 32,
        /// <summary>Urgent data is pending ahead of the read point (RFC 9293 MUST-32).</summary>
        Urgent = 64,
        /// <summary>The connection is fully closed (CLOSED or TIME-WAIT); the handle may be released.</summary>
        Closed = 128,
        /// <summary>An ICMP error reached the connection (RFC 9293 MUST-54); it goes on.</summary>
        SoftError = 256,
        /// <summary>The peer refused the connection (RST answering our SYN).</summary>
        Refused = 512,
        /// <summary>The interface's IPv4 address changed (static or DHCP): the connection, bound
        /// to the old address, was aborted (RFC 9293 MUST-45). Open a new one.</summary>
        AddressChanged = 1024,
    }
}
