using System;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// Issue 4, "Checked by": a receiver that stops reading for ten minutes of virtual time
    /// keeps its connection, and the transfer resumes when it reads again. The sender fills
    /// the receive ring, the window goes to zero, the sender probes it (RFC 9293 3.8.6.1,
    /// MUST-35, MUST-36) for as long as the receiver answers (MUST-37: the window may stay
    /// zero indefinitely; no R2 timeout while the probes are acknowledged) when the application
    /// asks for it (TcpStack.SetZeroWindowTimeout(h, 0); the default is a 2-minute user timeout).
    /// </summary>
    public class ZeroWindowSoakTests : TraceTest
    {
        private const long TenMinutesMs = 10 * 60 * 1000;
        private readonly ITestOutputHelper _output;
        public ZeroWindowSoakTests(ITestOutputHelper output) { _output = output; }

        [Theory]
        [InlineData(0)]  // a clean cable
        [InlineData(7)]  // the bulk test's faults: probes, their ACKs and the window update may be lost
        [InlineData(12)]
        public void MUST_35_MUST_36_MUST_37_receiver_that_stops_reading_for_ten_minutes_keeps_the_connection_and_transfer_resumes(int faultSeed)
        {
            CableOptions faults = faultSeed == 0 ? new CableOptions { DelayMs = 1 } : CableNet.Issue4Faults(faultSeed);
            var options = new TcpOptions { Connections = 2, ReceiveBufferSize = 4096, SendBufferSize = 8192 };
            var net = Checked(new CableNet(faults, options, new TcpOptions { Connections = 2, ReceiveBufferSize = 4096, SendBufferSize = 8192 }));
            net.Open(7000, out int onA, out int onB);
            // MUST-37 as written: the application lifts the zero-window user timeout
            // (TcpOptions.ZeroWindowTimeoutMs, 2 min by default) for this connection.
            net.A.SetZeroWindowTimeout(onA, 0);
            const long total = 256 * 1024;
            using var flow = new BulkFlow(net.A, onA, net.B, onB, total, net.Now, readChunk: 1000);

            // Read the first 20 000 bytes, then stop reading.
            Transfer(net, flow, until: f => f.Received >= 20_000, maxVirtualMs: 600_000);
            flow.PauseReading(true, net.Now);
            long pausedAt = net.Now;
            long probesBefore = net.A.Counters.ZeroWindowProbes;
            long receivedAtPause = flow.Received;

            // Ten minutes: the ring fills, the window closes, the sender keeps probing.
            long lastProbeTime = -1, probes = probesBefore;
            int same = 0;
            while (net.Now < pausedAt + TenMinutesMs)
            {
                net.Step();
                flow.Pump(net.Now);
                if (net.A.Counters.ZeroWindowProbes != probes) { probes = net.A.Counters.ZeroWindowProbes; lastProbeTime = net.Now; }
                Assert.Equal(TcpState.Established, net.A.GetState(onA));
                Assert.Equal(TcpState.Established, net.B.GetState(onB));
                if (!net.AdvanceToNextEvent(pausedAt + TenMinutesMs, ref same)) break;
            }
            long probesDuringPause = net.A.Counters.ZeroWindowProbes - probesBefore;
            _output.WriteLine("paused at {0} ms after {1} bytes; {2} zero-window probes in 10 min, last at +{3} ms; B holds {4} unread",
                pausedAt, receivedAtPause, probesDuringPause, lastProbeTime - pausedAt, net.B.ReceiveAvailable(onB));

            Assert.Equal(receivedAtPause, flow.Received);
            Assert.Equal(4096, net.B.ReceiveAvailable(onB));           // the ring is full: window zero
            Assert.Equal(0, net.B.GetSlotRcvWnd(SlotOf(net.B, onB)));
            // The persist timer backs off to at most the maximum RTO (60 s), so ten minutes
            // hold several probes, and they go on to the end rather than stopping early.
            Assert.True(probesDuringPause >= 5, "only " + probesDuringPause + " zero-window probes in ten minutes");
            Assert.True(lastProbeTime >= pausedAt + TenMinutesMs - 2 * 60_000, "probing stopped at +" + (lastProbeTime - pausedAt) + " ms");

            // Read again: the transfer resumes and completes intact.
            flow.PauseReading(false, net.Now);
            long resumedAt = net.Now;
            Transfer(net, flow, until: f => f.Done, maxVirtualMs: 600_000);
            _output.WriteLine("resumed at {0}, done at {1} ({2} ms)", resumedAt, net.Now, net.Now - resumedAt);
            Assert.Equal(total, flow.Received);
            Assert.Equal(-1, flow.FirstMismatch);
            Assert.Equal(flow.SentSha256(), flow.ReceivedSha256());
            Assert.Equal(TcpState.Established, net.A.GetState(onA));
            Assert.Equal(TcpState.Established, net.B.GetState(onB));
        }

        private static int SlotOf(TcpStack stack, int handle)
        {
            for (int s = 0; s < stack.ConnectionSlots; s++)
                if (stack.IsSlotInUse(s) && stack.GetSlotLocalPort(s) == stack.LocalPort(handle)
                    && stack.GetSlotRemotePort(s) == stack.RemotePort(handle)) return s;
            throw new InvalidOperationException("no slot for handle " + handle);
        }

        private static void Transfer(CableNet net, BulkFlow flow, Func<BulkFlow, bool> until, long maxVirtualMs)
        {
            long end = net.Now + maxVirtualMs;
            int same = 0;
            while (!until(flow))
            {
                net.Step();
                if (flow.Pump(net.Now)) continue;
                if (!net.AdvanceToNextEvent(end, ref same))
                    throw new Xunit.Sdk.XunitException("no progress within " + maxVirtualMs + " ms: " + flow.Received + " of " + flow.Total + "\n" + net.Describe());
            }
        }
    }
}
