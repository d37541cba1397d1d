using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    /// <summary>
    /// What the status page shows, read through index-based getters so that rendering
    /// allocates nothing. StackStatusSource implements it over a NetworkInterface, its
    /// TcpStack, the chip driver's counters and the web server; tests can fake it.
    /// Strings returned are constants (names), never built per call.
    /// </summary>
    public interface IStatusSource
    {
        // ---- interface ----
        /// <summary>6 bytes.</summary>
        byte[] MacAddress { get; }
        uint IpAddress { get; }
        uint SubnetMask { get; }
        uint Gateway { get; }
        bool LinkUp { get; }
        /// <summary>"Off" for static addressing, else the RFC 2131 client state name.</summary>
        string DhcpState { get; }
        uint DhcpServer { get; }
        /// <summary>Milliseconds left on the lease at nowMs, or -1 without a lease.</summary>
        long DhcpLeaseRemainingMs(long nowMs);

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
