using System;

namespace NanoTcp.Net
{
    /// <summary>
    /// Sizes and timings of the link and IP layer (NetworkInterface): MTU, ARP cache, UDP
    /// sockets, ICMP rate limit. Fixed before construction: the interface allocates all its
    /// buffers from these numbers and nothing on the packet path allocates after that.
    /// TCP's settings are in Tcp.TcpOptions, the web server's in Http.HttpServerOptions;
    /// Device.DeviceOptions composes them for a whole device.
    /// </summary>
    public sealed class NetOptions
    {
        // ---- Link and IP ----
        /// <summary>IP MTU in bytes; the largest frame is Mtu + 14.</summary>
        public int Mtu = 1500;
        /// <summary>IPv4 time to live for packets we send (RFC 9293 MUST-49: configurable).</summary>
        public int TimeToLive = 64;
        /// <summary>Frames one Poll takes from the device at most, so a flood cannot starve
        /// timers; when reached, NextDeadline returns "now".</summary>
        public int FramesPerPoll = 32;
        /// <summary>ICMP errors (unreachables) sent per second at most (RFC 1812 4.3.2.8 rate limiting).</summary>
        public int IcmpErrorsPerSecond = 10;

        // ---- ARP ----
        /// <summary>Entries of the ARP cache; each holds one frame (Mtu + 14 bytes) while its
        /// address is being resolved (RFC 1122 2.3.2.2: keep at least the latest packet).</summary>
        public int ArpCacheEntries = 8;
        /// <summary>How long a resolved entry lives before it must be resolved again.</summary>
        public int ArpEntryLifetimeMs = 5 * 60 * 1000;
        /// <summary>Interval between ARP requests while resolving.</summary>
        public int ArpRetryIntervalMs = 1000;
        /// <summary>Requests sent before resolution fails and the held frame is dropped.</summary>
        public int ArpMaxRequests = 3;

        // ---- UDP ----
        /// <summary>UDP sockets that can be open at once.</summary>
        public int UdpSockets = 4;
        /// <summary>Bytes of received datagrams (plus 8 bytes of bookkeeping each) a UDP socket holds.</summary>
        public int UdpReceiveBufferSize = 2048;

        /// <summary>A copy (the device root copies options before it completes them).</summary>
        public NetOptions Clone()
        {
            return (NetOptions)MemberwiseClone();
        }

        /// <summary>Throws ArgumentException naming the bad setting and its allowed range.</summary>
        public void Validate()
        {
            Check(Mtu >= 576 && Mtu <= 1500, "Mtu", "576 to 1500");
            Check(TimeToLive >= 1 && TimeToLive <= 255, "TimeToLive", "1 to 255");
            Check(FramesPerPoll >= 1, "FramesPerPoll", "1 or more");
            Check(IcmpErrorsPerSecond >= 0, "IcmpErrorsPerSecond", "0 or more");
            Check(ArpCacheEntries >= 1 && ArpCacheEntries <= 256, "ArpCacheEntries", "1 to 256");
            Check(ArpMaxRequests >= 1, "ArpMaxRequests", "1 or more");
            Check(ArpRetryIntervalMs >= 1, "ArpRetryIntervalMs", "1 or more");
            Check(ArpEntryLifetimeMs >= 1000, "ArpEntryLifetimeMs", "1000 or more");
            Check(UdpSockets >= 0 && UdpSockets <= 64, "UdpSockets", "0 to 64");
            Check(UdpReceiveBufferSize >= 64, "UdpReceiveBufferSize", "64 or more");
        }

        private static void Check(bool ok, string name, string range)
        {
            if (!ok) throw new ArgumentException("NetOptions." + name + " must be " + range + ".", name);
        }
    }
}
