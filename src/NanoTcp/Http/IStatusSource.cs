using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// What the status page and its JSON show, read through index-based getters so that
    /// rendering allocates nothing. The web server sees the device only through this
    /// interface (never the drivers or the composition root): Device.DeviceStatus implements
    /// it over a whole device; tests can fake it. Strings returned are constants (names),
    /// never built per call.
    /// </summary>
    public interface IStatusSource
    {
        // ---- the device ----
        /// <summary>The device's name ("esp32-w5500").</summary>
        string DeviceName { get; }
        /// <summary>What carries its frames ("W5500", "ENC28J60", "TAP").</summary>
        string ChipName { get; }
        /// <summary>When the device started (uptime counts from here).</summary>
        long StartedAtMs { get; }

        // ---- interface ----
        /// <summary>6 bytes.</summary>
        byte[] MacAddress { get; }
        uint IpAddress { get; }
        uint SubnetMask { get; }
        uint Gateway { get; }
        bool LinkUp { get; }
        /// <summary>"none", "static", "dhcp" or "static (DHCP fallback)".</summary>
        string AddressSource { get; }
        /// <summary>"Off" for static addressing, else the RFC 2131 client state name.</summary>
        string DhcpState { get; }
        uint DhcpServer { get; }
        /// <summary>Milliseconds left on the lease at nowMs, or -1 without a lease.</summary>
        long DhcpLeaseRemainingMs(long nowMs);

        // ---- memory fixed at construction, by part ----
        int MemoryParts { get; }
        /// <summary>A JSON-safe name such as "tcpRings".</summary>
        string MemoryPartName(int index);
        long MemoryPartBytes(int index);

        // ---- counters (interface, driver, TCP, HTTP), as one list ----
        int CounterCount { get; }
        string CounterName(int index);
        long CounterValue(int index);

        // ---- ARP table ----
        int ArpEntries { get; }
        /// <summary>"Free", "Resolving" or "Resolved".</summary>
        string ArpState(int index);
        uint ArpAddress(int index);
        void CopyArpMac(int index, byte[] destination, int offset);
        /// <summary>Resolved: ms until expiry; Resolving: ms until the next request.</summary>
        long ArpDeadline(int index);

        // ---- TCP connection table ----
        int TcpSlots { get; }
        TcpState TcpSlotState(int slot);
        uint TcpLocalAddress(int slot);
        int TcpLocalPort(int slot);
        uint TcpRemoteAddress(int slot);
        int TcpRemotePort(int slot);
        uint TcpSndUna(int slot);
        uint TcpSndNxt(int slot);
        uint TcpRcvNxt(int slot);
        int TcpSndWnd(int slot);
        int TcpRcvWnd(int slot);
    }
}
