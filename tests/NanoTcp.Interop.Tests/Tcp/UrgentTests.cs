using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Tcp
{
    /// <summary>
    /// Urgent data with the Linux kernel (RFC 9293 3.8.5; Linux's MSG_OOB takes the octet just
    /// before the urgent pointer out of band, RFC 6093 2).
    /// </summary>
    public sealed class UrgentTests
    {
        private readonly ITestOutputHelper _output;

        public UrgentTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void Linux_MSG_OOB_reaches_NanoTcp_as_the_urgent_mark_after_the_urgent_byte_MUST_30_MUST_32_MUST_62()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                using (Socket s = nano.Ns.ConnectToNano(5000))
                {
                    s.NoDelay = true;
                    s.Send(LinuxSockets.Ascii("abc"));
                    s.Send(LinuxSockets.Ascii("!"), SocketFlags.OutOfBand);
                    s.Send(LinuxSockets.Ascii("def"));
                    Assert.True(nano.Runner.WaitUntil(r => peer.ReceivedBytes == 7, 10000), "NanoTcp did not get all 7 bytes");
                    // (The FIN only after NanoTcp has read: with the FIN already in, UrgentPending is
                    // one short, see the interop report; that case is left to the TCP engine's tests.)
                    s.Shutdown(SocketShutdown.Send);
                    Assert.True(nano.Runner.WaitUntil(r => peer.ReceivedSha256 != null, 10000), "NanoTcp did not get the FIN");
                    // The stream carries every byte in order (urgent data stays inline, RFC 9293 3.8.5) ...
                    Assert.Equal("abc!def", LinuxSockets.Ascii(nano.Runner.Invoke(r => peer.Received.ToArray())));
                    // ... and the application was told (MUST-32) where the urgent data ends: the
                    // pointer marks the first non-urgent octet (MUST-62), so the urgent byte is mark-1.
                    long mark = nano.Runner.Invoke(r => peer.UrgentMark);
                    Assert.True(mark == 4, "urgent mark " + mark + " (expected 4); UrgentPending was "
                        + nano.Runner.Invoke(r => peer.UrgentPendingAtFirstSight) + " with " + (mark - nano.Runner.Invoke(r => peer.UrgentPendingAtFirstSight)) + " bytes already read");
                    Assert.Equal((byte)'!', nano.Runner.Invoke(r => peer.Received.ToArray()[peer.UrgentMark - 1]));
                }
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }

        [InteropFact]
        public void NanoTcp_urgent_data_is_read_by_Linux_with_MSG_OOB_MUST_31_MUST_62()
        {
            using (NanoOnTap nano = NanoOnTap.Start(_output))
            {
                NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                using (Socket s = nano.Ns.ConnectToNano(5000))
                {
                    Assert.True(nano.Runner.WaitUntil(r => peer.Connection != TcpStack.NoHandle, 10000));
                    // Seven urgent octets (MUST-31: any length); Linux delivers the last one out of band.
                    nano.Runner.Invoke(r => peer.Write(LinuxSockets.Ascii("hello !"), urgent: true));
                    Assert.True(nano.Runner.WaitUntil(r => peer.SentBytes == 7, 10000));
                    nano.Runner.Invoke(r => { peer.Write(LinuxSockets.Ascii("world")); peer.CloseWhenSent = true; });

                    byte[] oob = new byte[1];
                    int got = 0;
                    var watch = Stopwatch.StartNew();
                    while (got == 0 && watch.ElapsedMilliseconds < 10000)
                    {
                        // EINVAL/EAGAIN until the urgent pointer and its byte have arrived.
                        try { got = s.Receive(oob, 0, 1, SocketFlags.OutOfBand); }
                        catch (SocketException) { Thread.Sleep(10); }
                    }
                    Assert.Equal(1, got);
                    Assert.Equal((byte)'!', oob[0]);
                    Assert.Equal("hello world", LinuxSockets.Ascii(LinuxSockets.ReadToEnd(s)));
                }
                nano.AssertLoopHealthy();
                nano.StopAndCheckCaptures();
            }
        }
    }
}
