using NanoTcp.Wire;

namespace NanoTcp.Boards
{
    /// <summary>
    /// What a board app configures before it starts: the MAC address, DHCP with a static
    /// fallback, the web server's port, and how chatty the console is. Plain fields with
    /// defaults, so Program.cs sets only what differs. Portable: compiles against
    /// nanoFramework's mscorlib v1 and desktop .NET alike.
    /// </summary>
    public sealed class BoardConfig
    {
        /// <summary>Printed in the console banner and the status page ("esp32-w5500").</summary>
        public string BoardName = "board";

        /// <summary>
        /// The chip's MAC address. Neither chip has one of its own (hw-facts A9.10), so the app
        /// supplies a locally administered unicast address (first byte 0x02). Change the last
        /// bytes when more than one board shares a network.
        /// </summary>
        public byte[] MacAddress = new byte[] { 0x02, 0x4E, 0x54, 0x00, 0x00, 0x01 };

        /// <summary>Ask a DHCP server for an address first.</summary>
        public bool UseDhcp = true;

        /// <summary>Without a lease after this long, use the static address below and stop asking.</summary>
        public int DhcpTimeoutMs = 20000;

        /// <summary>Static address (the fallback when DHCP is on, the address when it is off).</summary>
        public uint StaticAddress = Ipv4Address.Make(192, 168, 1, 200);

        public uint StaticSubnetMask = Ipv4Address.Make(255, 255, 255, 0);

        /// <summary>Default gateway for the static address; 0 for none.</summary>
        public uint StaticGateway = Ipv4Address.Make(192, 168, 1, 1);

        /// <summary>TCP port of the device web server.</summary>
        public int HttpPort = 80;

        /// <summary>How often the app asks the chip for the link state (one SPI read on W5500).</summary>
        public int LinkCheckIntervalMs = 1000;

        /// <summary>How often a counters line is printed; 0 = never.</summary>
        public int StatsIntervalMs = 60000;

        /// <summary>
        /// Longest sleep between polls when nothing is due. With an interrupt pin the loop
        /// wakes early on INT; without one this is the polling period for received frames.
        /// </summary>
        public int IdlePollMs = 2;
    }
}
