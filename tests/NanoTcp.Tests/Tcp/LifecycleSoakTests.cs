using System;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>Whole connections between two stacks; zero allocation in steady state.</summary>
    public class LifecycleSoakTests : TraceTest
    {
        // No xunit Assert in the measured loop: Assert.Equal allocates a comparer per call.
        private static void Check(bool ok, string what)
        {
            if (!ok) throw new Xunit.Sdk.XunitException(what);
        }

        private static void OneConnection(StackPair p, int listener, byte[] buf, byte[] rx)
        {
            int c = p.A.Connect(StackPair.AddressB, 80, p.Now);
            Check(c != TcpStack.NoHandle, "connect");
            p.Pump();
            int s = p.B.Accept(listener);
            Check(s != TcpStack.NoHandle, "accept");
            Check(p.A.Send(c, buf, 0, 100) == 100, "send");
            p.Pump();
            Check(p.B.Receive(s, rx, 0, rx.Length) == 100, "receive");
            Check(p.B.Send(s, buf, 0, 50) == 50, "send back");
            p.B.Close(s);               // server closes first: it keeps TIME-WAIT
            p.Pump();
            Check(p.A.Receive(c, rx, 0, rx.Length) == 50, "receive back");
            p.A.Close(c);
            p.Pump();
            p.Now += 1;
        }

        [Fact]
        public void Ten_thousand_connections_zero_allocation_then_only_TimeWait_which_expires_after_2MSL()
        {
            var oa = new TcpOptions { Connections = 8, MslMs = 60_000 };
            var ob = new TcpOptions { Connections = 8, MslMs = 60_000 };
            var p = Checked(new StackPair(oa, ob));
            int l = p.B.Listen(80);
            var buf = Bytes(100);
            var rx = new byte[200];
            for (int i = 0; i < 100; i++) OneConnection(p, l, buf, rx); // warm up (JIT, statics)
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) OneConnection(p, l, buf, rx);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            // Only TIME-WAIT is left (on the side that closed first), nothing half-done.
            for (int slot = 0; slot < p.B.ConnectionSlots; slot++)
            {
                var st = p.B.GetSlotState(slot);
                Assert.True(st == TcpState.TimeWait || st == TcpState.Closed, "B slot " + slot + " " + st);
                Assert.True(p.A.GetSlotState(slot) == TcpState.Closed, "A slot " + slot + " " + p.A.GetSlotState(slot));
            }
            Assert.True(p.B.CountInState(TcpState.TimeWait) > 0);
            Assert.True(p.B.Counters.TimeWaitReclaimed > 9000);
            p.Run(2 * 60_000);
            Assert.Equal(0, p.B.CountInState(TcpState.TimeWait));
            Assert.Equal(p.B.ConnectionSlots, p.B.CountInState(TcpState.Closed));
        }

        [Theory]
        [InlineData(0xFFFFFF00u, 0xFFFFFFF0u)]
        [InlineData(0xFFFFFFFFu, 0x7FFFFFFFu)]
        [InlineData(0x7FFFFF00u, 0xFFFFFE00u)]
        public void Isn_near_wrap_through_a_whole_connection(uint issA, uint issB)
        {
            var p = Checked(new StackPair(new TcpOptions { MslMs = 1000 }, new TcpOptions { MslMs = 1000 }));
            p.A.FixedIsnSet = true; p.A.FixedIsn = issA;
            p.B.FixedIsnSet = true; p.B.FixedIsn = issB;
            int l = p.B.Listen(80);
            int c = p.A.Connect(StackPair.AddressB, 80, p.Now);
            p.Run(10);
            int s = p.B.Accept(l);
            Assert.Equal(TcpState.Established, p.A.GetState(c));
            var data = Bytes(3000, 5);
            var got = new byte[6000];
            int sent = 0, recvd = 0;
            for (int i = 0; i < 100 && recvd < data.Length; i++)
            {
                if (sent < data.Length) sent += p.A.Send(c, data, sent, data.Length - sent);
                p.Run(10);
                recvd += p.B.Receive(s, got, recvd, got.Length - recvd);
            }
            p.Run(500); // the last delayed ACK
            Assert.Equal(data.Length, recvd);
            Assert.Equal(data, got.AsSpan(0, recvd).ToArray());
            Assert.Equal(issA + 1 + 3000u, p.A.GetSlotSndUna(0));
            p.A.Close(c);
            p.Run(10);
            p.B.Close(s);
            p.Run(10);
            Assert.Equal(TcpState.TimeWait, p.A.GetState(c));
            Assert.Equal(TcpState.Closed, p.B.GetState(s));
            Assert.Equal(0, p.A.Counters.UnacceptableSegments + p.B.Counters.UnacceptableSegments);
            p.Run(2000);
            Assert.Equal(TcpState.Closed, p.A.GetState(c));
        }
    }
}
