using System.Net;
using System.Net.Sockets;
using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Tcp
{
    /// <summary>NanoTcp as the client of a Linux server: active OPEN, data both ways, close (RFC 9293 3.10.1).</summary>
    public sealed class ClientTests
    {
        private readonly ITestOutputHelper _output;

        public ClientTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void NanoTcp_connects_to_a_Linux_server_sends_receives_and_closes()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            using (Socket listener = nano.Ns.NewTcpSocket())
            {
                listener.Bind(new IPEndPoint(IPAddress.Parse(NetNamespace.LinuxIp), 6000));
                listener.Listen(1);
                NanoPeer peer = NanoPeer.Connecting(nano.Runner, NanoOnTap.LinuxAddress, 6000);
                nano.Runner.Invoke(r => { peer.Write(LinuxSockets.Ascii("hello from nanotcp")); peer.CloseWhenPeerCloses = true; });
                Assert.True(listener.Poll(10000000, SelectMode.SelectRead), "NanoTcp's SYN never completed a handshake with Linux");
                using (Socket conn = listener.Accept())
                {
                    int nanoPort = ((IPEndPoint)conn.RemoteEndPoint).Port;
                    // RFC 6056: the ephemeral port comes from the dynamic range.
                    Assert.InRange(nanoPort, 49152, 65535);
                    Assert.Equal("hello from nanotcp", LinuxSockets.Ascii(LinuxSockets.ReadExactly(conn, 18)));
                    conn.Send(LinuxSockets.Ascii("hello back"));
                    conn.Shutdown(SocketShutdown.Send);           // Linux closes first
                    Assert.Empty(LinuxSockets.ReadToEnd(conn));   // NanoTcp closes after reading all
                    Assert.Equal("hello back", LinuxSockets.Ascii(nano.Runner.Invoke(r => peer.Received.ToArray())));
                    Assert.True(nano.Runner.Invoke(r => (peer.SeenEvents & TcpEvents.Connected) != 0));
                    Assert.Equal("TIME-WAIT", LinuxSockets.SsState(nano.Ns, 6000, nanoPort));
                }
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        [InteropFact]
        public void NanoTcp_connecting_to_a_Linux_port_nobody_listens_on_is_refused()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Connecting(nano.Runner, NanoOnTap.LinuxAddress, 6001);
                Assert.True(nano.Runner.WaitUntil(r => (peer.SeenEvents & TcpEvents.Refused) != 0, 10000),
                    "NanoTcp did not report the refusal; events: " + nano.Runner.Invoke(r => peer.SeenEvents));
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures("Connection reset (RST)");
            }
        }
    }
}
