namespace NanoTcp.Net
{
    /// <summary>
    /// A transport protocol above IPv4 that registers with a NetworkInterface (TCP does;
    /// UDP and ICMP live inside Net). Lets the Net layer hand packets up without knowing
    /// the Tcp layer (DESIGN.md: a layer imports only the layers below it).
    /// None of these methods may throw on anything that came from the wire.
    /// </summary>
    public interface IIpTransport
    {
        /// <summary>IP protocol number this transport takes (6 for TCP).</summary>
        byte Protocol { get; }

        /// <summary>An IPv4 packet of this protocol, addressed to us, passed the IP checks.
        /// packet[offset..offset+length) is the transport header and payload (IP padding removed).
        /// The buffer is only valid during the call.</summary>
        void Input(uint sourceIp, uint destinationIp, byte[] packet, int offset, int length, long nowMs);

        /// <summary>An ICMP error (destination unreachable, time exceeded, parameter problem)
        /// arrived quoting a packet of ours to remoteIp; quoted[offset..offset+length) is the
        /// quoted transport header (at least 8 bytes). RFC 9293 3.9.2.2 (MUST-54..56).</summary>
        void IcmpError(int type, int code, uint remoteIp, byte[] quoted, int offset, int length, long nowMs);

        /// <summary>Fire due timers and send what is ready to go.</summary>
        void Poll(long nowMs);

        /// <summary>Earliest absolute time at which Poll has work, or long.MaxValue.</summary>
        long NextDeadline(long nowMs);
    }
}
