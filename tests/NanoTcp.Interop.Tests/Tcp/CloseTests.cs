using System.Net;
using System.Net.Sockets;
using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Tcp
{
    /// <summary>
    /// Closing with the Linux kernel (RFC 9293 3.6): the four-way close from either side, a
    /// half-close with data flowing the other way afterwards, and TIME-WAIT on exactly the
    /// side that closed first.
    /// </summary>
    public sealed class CloseTests
    {
        private readonly ITestOutputHelper _output;

        public CloseTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void Four_way_close_started_by_Linux_leaves_TIME_WAIT_on_Linux_only()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                nano.Runner.Invoke(r => { peer.CloseWhenPeerCloses = true; });
                using (Socket s = nano.Ns.ConnectToNano(5000))
                {
                    int linuxPort = ((IPEndPoint)s.LocalEndPoint).Port;
                    s.Send(LinuxSockets.Ascii("bye"));
                    s.Shutdown(SocketShutdown.Send);                  // Linux: FIN-WAIT-1
                    Assert.Empty(LinuxSockets.ReadToEnd(s));          // NanoTcp's FIN arrives once it closed
                    s.Close();
                    // RFC 9293 3.6: the side that sent the first FIN waits 2 MSL in TIME-WAIT.
                    Assert.Equal("TIME-WAIT", LinuxSockets.SsState(nano.Ns, linuxPort, 5000));
                    Assert.True(nano.Runner.WaitUntil(r => StackSlots.StateOf(r.Tcp, 5000, linuxPort) == null, 10000),
                        "NanoTcp's side (LAST-ACK) did not reach CLOSED: " + StackSlots.StateOf(nano.Runner, 5000, linuxPort));
                    Assert.Equal("bye", LinuxSockets.Ascii(nano.Runner.Invoke(r => peer.Received.ToArray())));
                }
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        [InteropFact]
        public void Four_way_close_started_by_NanoTcp_leaves_TIME_WAIT_on_NanoTcp_only()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                nano.Runner.Invoke(r => { peer.Write(LinuxSockets.Ascii("goodbye")); peer.CloseWhenSent = true; });
                using (Socket s = nano.Ns.ConnectToNano(5000))
                {
                    int linuxPort = ((IPEndPoint)s.LocalEndPoint).Port;
                    Assert.Equal("goodbye", LinuxSockets.Ascii(LinuxSockets.ReadToEnd(s)));  // data, then NanoTcp's FIN
                    Assert.Equal("CLOSE-WAIT", LinuxSockets.SsState(nano.Ns, linuxPort, 5000));
                    s.Close();                                                              // Linux: LAST-ACK, then gone
                    Assert.True(nano.Runner.WaitUntil(r => StackSlots.StateOf(r.Tcp, 5000, linuxPort) == TcpState.TimeWait, 10000),
                        "NanoTcp did not enter TIME-WAIT: " + StackSlots.StateOf(nano.Runner, 5000, linuxPort));
                    Assert.True(WaitForNoLinuxSocket(nano, linuxPort), "Linux kept a socket: " + LinuxSockets.SsState(nano.Ns, linuxPort, 5000));
                }
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        [InteropFact]
        public void Half_close_by_Linux_then_200_KiB_from_NanoTcp_all_arrive_before_its_FIN()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                using (Socket s = nano.Ns.ConnectToNano(5000))
                {
                    s.Send(LinuxSockets.Ascii("request"));
                    s.Shutdown(SocketShutdown.Send);  // shutdown(SHUT_WR): Linux sends FIN, keeps reading
                    Assert.True(nano.Runner.WaitUntil(r => (peer.SeenEvents & TcpEvents.PeerClosed) != 0 && peer.ReceivedSha256 != null, 10000),
                        "NanoTcp did not see the FIN");
                    // Only now does NanoTcp start sending (CLOSE-WAIT may still send, RFC 9293 3.10.4).
                    nano.Runner.Invoke(r => { peer.SourceBytes = 200 * 1024; peer.CloseWhenSent = true; });
                    byte[] got = LinuxSockets.ReadToEnd(s);
                    Assert.Equal(200 * 1024, got.Length);
                    Assert.True(nano.Runner.WaitUntil(r => peer.SentSha256 != null, 10000));
                    Assert.Equal(nano.Runner.Invoke(r => peer.SentSha256), Sha256(got));
                    Assert.Equal("request", LinuxSockets.Ascii(nano.Runner.Invoke(r => peer.Received.ToArray())));
                }
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        private static bool WaitForNoLinuxSocket(NanoOnTap nano, int linuxPort)
        {
            for (int i = 0; i < 100; i++)
            {
                if (LinuxSockets.SsState(nano.Ns, linuxPort, 5000) == null) return true;
                System.Threading.Thread.Sleep(50);
            }
            return false;
        }

        internal static string Sha256(byte[] data)
        {
            return System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)).ToLowerInvariant();
        }
    }
}
