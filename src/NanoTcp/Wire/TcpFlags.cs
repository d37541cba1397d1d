namespace NanoTcp.Wire
{
    /// <summary>
    /// The six control bits of the TCP header (RFC 9293 3.1), in their wire positions. The
    /// one way the engine, the tests and the test kit name a segment's flags; combine with |
    /// and test with (flags &amp; TcpFlags.Ack) != 0 or TcpSegment.Has (Enum.HasFlag boxes
    /// on some runtimes). ECE and CWR (RFC 3168) are not used and are masked off on parse.
    /// </summary>
    [System.Flags]
    public enum TcpFlags
    {
        /// <summary>No control bit: a segment with none is dropped by RFC 9293 3.10.7.4 fifth.</summary>
        None = 0,
        /// <summary>No more data from sender.</summary>
        Fin = 0x01,
        /// <summary>Synchronize sequence numbers.</summary>
        Syn = 0x02,
        /// <summary>Reset the connection.</summary>
        Rst = 0x04,
        /// <summary>Push function.</summary>
        Psh = 0x08,
        /// <summary>Acknowledgment field is significant.</summary>
        Ack = 0x10,
        /// <summary>Urgent pointer field is significant.</summary>
        Urg = 0x20,
    }
}
