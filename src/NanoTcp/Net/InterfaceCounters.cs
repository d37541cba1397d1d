namespace NanoTcp.Net
{
    /// <summary>
    /// What happened to every frame, in plain long fields (read them between polls).
    ///
    /// Invariant: every frame taken from the device ends in exactly one OUTCOME counter, so
    /// FramesIn == SumOfOutcomes() always holds (the fuzz test checks it after a million
    /// random frames). The other counters (sends, ARP work, DHCP) are informational.
    /// GetName/GetValue enumerate all of them by index for status pages, without allocating.
    /// </summary>
    public sealed class InterfaceCounters
    {
        // ---- totals ----
        public long FramesIn;
        public long FramesOut;
        public long BytesIn;
        public long BytesOut;
        /// <summary>The device refused a frame (busy or link down).</summary>
        public long SendFailures;

        // ---- outcomes: link ----
        /// <summary>Shorter than an Ethernet header, or longer than the receive buffer.</summary>
        public long DroppedBadLength;
        /// <summary>Destination MAC is neither ours nor broadcast (multicast included).</summary>
        public long DroppedNotOurMac;
        public long DroppedUnknownEtherType;

        // ---- outcomes: ARP ----
        /// <summary>A well-formed ARP request or reply, processed (answered, learned, or noted).</summary>
        public long ArpIn;
        public long DroppedArpMalformed;

        // ---- outcomes: IPv4 ----
        public long DroppedIpMalformed;
        /// <summary>RFC 1122 3.2.1.2: header checksum failed.</summary>
        public long IpChecksumErrors;
        /// <summary>Fragments: no reassembly (RFC 791 3.2 left to hosts that can afford it).</summary>
        public long DroppedIpFragments;
        /// <summary>Not our address, not a broadcast we listen to.</summary>
        public long DroppedIpNotForUs;
        /// <summary>RFC 1122 3.2.1.3: broadcast, multicast or our own address as the source.</summary>
        public long DroppedIpBadSource;
        /// <summary>No transport for the protocol (ICMP protocol unreachable sent when allowed).</summary>
        public long DroppedUnknownProtocol;
        /// <summary>Handed to a registered transport (TCP).</summary>
        public long TransportDelivered;

        // ---- outcomes: ICMP ----
        public long IcmpEchoRequestsIn;
        public long IcmpEchoRepliesIn;
        /// <summary>Destination unreachable, time exceeded, parameter problem, source quench.</summary>
        public long IcmpErrorsIn;
        public long DroppedIcmpMalformed;
        public long IcmpChecksumErrors;
        /// <summary>Types we do not handle, and echo requests sent to a broadcast address.</summary>
        public long DroppedIcmpOther;

        // ---- outcomes: UDP and DHCP ----
        public long UdpDelivered;
        public long DroppedUdpMalformed;
        public long UdpChecksumErrors;
        /// <summary>No socket on the port (ICMP port unreachable sent when allowed).</summary>
        public long DroppedUdpNoPort;
        /// <summary>The socket's receive ring had no room.</summary>
        public long DroppedUdpReceiveFull;
        /// <summary>A DHCP reply the client used.</summary>
        public long DhcpIn;
        /// <summary>A message to port 68 the client did not want (wrong xid, state, malformed).</summary>
        public long DroppedDhcpIgnored;

        // ---- informational: sending ----
        public long ArpRequestsSent;
        public long ArpRepliesSent;
        public long ArpGratuitousSent;
        /// <summary>Resolution gave up after ArpMaxRequests; the held frame was dropped.</summary>
        public long ArpResolveFailures;
        /// <summary>A frame waiting for resolution was replaced by a newer one, or its entry evicted.</summary>
        public long ArpPendingDropped;
        public long IpPacketsOut;
        /// <summary>SendIpv4 with no address, no gateway, or to ourselves.</summary>
        public long IpNoRoute;
        public long IcmpEchoRequestsOut;
        public long IcmpEchoRepliesOut;
        public long IcmpUnreachablesOut;
        public long UdpDatagramsOut;
        public long DhcpMessagesOut;

        /// <summary>Sum of all outcome counters; equals FramesIn.</summary>
        public long SumOfOutcomes()
        {
            return DroppedBadLength + DroppedNotOurMac + DroppedUnknownEtherType
                 + ArpIn + DroppedArpMalformed
                 + DroppedIpMalformed + IpChecksumErrors + DroppedIpFragments + DroppedIpNotForUs + DroppedIpBadSource
                 + DroppedUnknownProtocol + TransportDelivered
                 + IcmpEchoRequestsIn + IcmpEchoRepliesIn + IcmpErrorsIn + DroppedIcmpMalformed + IcmpChecksumErrors + DroppedIcmpOther
                 + UdpDelivered + DroppedUdpMalformed + UdpChecksumErrors + DroppedUdpNoPort + DroppedUdpReceiveFull
                 + DhcpIn + DroppedDhcpIgnored;
        }

        /// <summary>Number of counters GetName/GetValue enumerate.</summary>
        public const int Count = 43;

        private static readonly string[] Names = new string[]
        {
            "FramesIn", "FramesOut", "BytesIn", "BytesOut", "SendFailures",
            "DroppedBadLength", "DroppedNotOurMac", "DroppedUnknownEtherType",
            "ArpIn", "DroppedArpMalformed",
            "DroppedIpMalformed", "IpChecksumErrors", "DroppedIpFragments", "DroppedIpNotForUs", "DroppedIpBadSource",
            "DroppedUnknownProtocol", "TransportDelivered",
            "IcmpEchoRequestsIn", "IcmpEchoRepliesIn", "IcmpErrorsIn", "DroppedIcmpMalformed", "IcmpChecksumErrors", "DroppedIcmpOther",
            "UdpDelivered", "DroppedUdpMalformed", "UdpChecksumErrors", "DroppedUdpNoPort", "DroppedUdpReceiveFull",
            "DhcpIn", "DroppedDhcpIgnored",
            "ArpRequestsSent", "ArpRepliesSent", "ArpGratuitousSent", "ArpResolveFailures", "ArpPendingDropped",
            "IpPacketsOut", "IpNoRoute", "IcmpEchoRequestsOut", "IcmpEchoRepliesOut", "IcmpUnreachablesOut",
            "UdpDatagramsOut", "DhcpMessagesOut", "OutcomeSum",
        };

        /// <summary>Name of counter i (0..Count-1); the last one is the outcome sum.</summary>
        public static string GetName(int i) { return Names[i]; }

        /// <summary>Value of counter i (0..Count-1).</summary>
        public long GetValue(int i)
        {
            switch (i)
            {
                case 0: return FramesIn;
                case 1: return FramesOut;
                case 2: return BytesIn;
                case 3: return BytesOut;
                case 4: return SendFailures;
                case 5: return DroppedBadLength;
                case 6: return DroppedNotOurMac;
                case 7: return DroppedUnknownEtherType;
                case 8: return ArpIn;
                case 9: return DroppedArpMalformed;
                case 10: return DroppedIpMalformed;
                case 11: return IpChecksumErrors;
                case 12: return DroppedIpFragments;
                case 13: return DroppedIpNotForUs;
                case 14: return DroppedIpBadSource;
                case 15: return DroppedUnknownProtocol;
                case 16: return TransportDelivered;
                case 17: return IcmpEchoRequestsIn;
                case 18: return IcmpEchoRepliesIn;
                case 19: return IcmpErrorsIn;
                case 20: return DroppedIcmpMalformed;
                case 21: return IcmpChecksumErrors;
                case 22: return DroppedIcmpOther;
                case 23: return UdpDelivered;
                case 24: return DroppedUdpMalformed;
                case 25: return UdpChecksumErrors;
                case 26: return DroppedUdpNoPort;
                case 27: return DroppedUdpReceiveFull;
                case 28: return DhcpIn;
                case 29: return DroppedDhcpIgnored;
                case 30: return ArpRequestsSent;
                case 31: return ArpRepliesSent;
                case 32: return ArpGratuitousSent;
                case 33: return ArpResolveFailures;
                case 34: return ArpPendingDropped;
                case 35: return IpPacketsOut;
                case 36: return IpNoRoute;
                case 37: return IcmpEchoRequestsOut;
                case 38: return IcmpEchoRepliesOut;
                case 39: return IcmpUnreachablesOut;
                case 40: return UdpDatagramsOut;
                case 41: return DhcpMessagesOut;
                case 42: return SumOfOutcomes();
                default: return 0;
            }
        }
    }
}
