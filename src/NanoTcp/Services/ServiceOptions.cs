using System;

namespace NanoTcp.Services
{
    /// <summary>
    /// Which measuring services a device offers and how many connections they share. They
    /// are for people and benchmarks (nc, iperf-like clients, wrk), not for products: a
    /// board's profile usually turns them off to save the connection slots.
    /// </summary>
    public sealed class ServiceOptions
    {
        /// <summary>TCP port 7, RFC 862: every byte comes back.</summary>
        public bool Echo = true;
        /// <summary>TCP port 9, RFC 863: bytes are read and dropped.</summary>
        public bool Discard = true;
        /// <summary>TCP port 19, RFC 864: an endless stream of text until the peer closes.</summary>
        public bool Chargen = true;
        /// <summary>GET /bench on the web server: a fixed 64-byte body (requests-per-second tests).</summary>
        public bool Bench = true;
        /// <summary>Connections echo, discard and chargen serve at once, together; further ones
        /// wait in the TCP listen backlog.</summary>
        public int Connections = 4;

        /// <summary>True when at least one TCP service (echo, discard, chargen) is on.</summary>
        public bool AnyTcpService { get { return Echo || Discard || Chargen; } }

        /// <summary>A copy (the device root copies options before it uses them).</summary>
        public ServiceOptions Clone()
        {
            return (ServiceOptions)MemberwiseClone();
        }

        /// <summary>Throws ArgumentException naming the bad setting and its allowed range.</summary>
        public void Validate()
        {
            if (Connections < 1 || Connections > 256)
                throw new ArgumentException("ServiceOptions.Connections must be 1 to 256.", "Connections");
        }
    }
}
