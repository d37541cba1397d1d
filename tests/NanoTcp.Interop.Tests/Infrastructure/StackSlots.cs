using NanoTcp.Simulation.Tap;
using NanoTcp.Testing.Tap;
using NanoTcp.Tcp;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>Reads NanoTcp's connection table (the status-page API).</summary>
    public static class StackSlots
    {
        /// <summary>On the loop thread: the state of NanoTcp's connection nanoPort ↔ Linux linuxPort, or null when no slot holds it.</summary>
        public static TcpState? StateOf(TcpStack tcp, int nanoPort, int linuxPort)
        {
            for (int i = 0; i < tcp.ConnectionSlots; i++)
            {
                if (!tcp.IsSlotInUse(i)) continue;
                if (tcp.GetSlotLocalPort(i) == nanoPort && tcp.GetSlotRemotePort(i) == linuxPort
                    && tcp.GetSlotRemoteAddress(i) == NanoOnTap.LinuxAddress)
                    return tcp.GetSlotState(i);
            }
            return null;
        }

        /// <summary>From the test thread (through Invoke).</summary>
        public static TcpState? StateOf(TapServeRunner runner, int nanoPort, int linuxPort)
        {
            return runner.Invoke(r => StateOf(r.Tcp, nanoPort, linuxPort));
        }
    }
}
