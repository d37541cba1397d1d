using NanoTcp.Tcp;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    public sealed partial class NanoPeer
    {
        private static int UrgentPendingOf(TcpStack tcp, int connection)
        {
            return tcp.UrgentPending(connection);
        }

        private static int SendUrgentOn(TcpStack tcp, int connection, byte[] buffer, int offset, int count)
        {
            return tcp.SendUrgent(connection, buffer, offset, count);
        }
    }
}
