using System;
using NanoTcp.Tcp;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    public sealed partial class NanoPeer
    {
        // TcpStack.UrgentPending / SendUrgent arrive with the TCP engine's data path.
        private static int UrgentPendingOf(TcpStack tcp, int connection)
        {
            throw new NotSupportedException("TcpStack.UrgentPending has not landed yet.");
        }

        private static int SendUrgentOn(TcpStack tcp, int connection, byte[] buffer, int offset, int count)
        {
            throw new NotSupportedException("TcpStack.SendUrgent has not landed yet.");
        }
    }
}
