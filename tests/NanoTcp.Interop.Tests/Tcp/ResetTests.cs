using System.Net.Sockets;
using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Tcp
{
    /// <summary>Resets between NanoTcp and the Linux kernel, in all three directions (RFC 9293 3.5.2, 3.10.5, 3.10.7).</summary>
    public sealed class ResetTests
    {
        private const string ExpertReset = "Connection reset (RST)";
        private readonly ITestOutputHelper _output;

        public ResetTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void Linux_connecting_to_a_closed_NanoTcp_port_gets_ECONNREFUSED()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                // RFC 9293 3.10.7.1: a SYN to CLOSED gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
                SocketError error = nano.Ns.TryConnectToNano(5999);
                Assert.Equal(SocketError.ConnectionRefused, error);
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures(ExpertReset);
            }
        }

        [InteropFact]
        public void NanoTcp_Abort_gives_Linux_ECONNRESET()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                using (Socket s = nano.Ns.ConnectToNano(5000))
                {
                    Assert.True(nano.Runner.WaitUntil(r => peer.Connection != TcpStack.NoHandle, 10000), "NanoTcp never accepted the connection");
                    nano.Runner.Invoke(r => peer.Abort(r.Tcp));
                    // RFC 9293 3.10.5 ABORT: a RST goes out, and the Linux socket reports it.
                    var e = Assert.Throws<SocketException>(() => LinuxSockets.ReadToEnd(s));
                    Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
                }
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures(ExpertReset);
            }
        }

        [InteropFact]
        public void Linux_closing_with_SO_LINGER_0_gives_NanoTcp_a_reset_MUST_12()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                Socket s = nano.Ns.ConnectToNano(5000);
                Assert.True(nano.Runner.WaitUntil(r => peer.Connection != TcpStack.NoHandle, 10000), "NanoTcp never accepted the connection");
                s.LingerState = new LingerOption(true, 0);
                s.Close(); // SO_LINGER {on, 0}: close sends RST instead of FIN
                // MUST-12: the application learns the connection was reset, distinct from a close.
                Assert.True(nano.Runner.WaitUntil(r => (peer.SeenEvents & TcpEvents.Reset) != 0, 10000),
                    "NanoTcp did not report the reset; events seen: " + nano.Runner.Invoke(r => peer.SeenEvents));
                Assert.Equal(0, nano.Runner.Invoke(r => (int)(peer.SeenEvents & TcpEvents.PeerClosed)));
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures(ExpertReset);
            }
        }
    }
}
