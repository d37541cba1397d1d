using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 9293 3.6 closing, 3.10.4 CLOSE, 3.10.7.4 FIN processing, TIME-WAIT (MUST-13),
    /// and the seed's four-way close: (u,0) (v,u+1) (w,u+1) (u+1,w+1).</summary>
    public class CloseTests : TraceTest
    {
        [Fact]
        public void Seed_four_way_close_active_side()
        {
            // We close first: u = Iss+1 (our FIN), peer's v = w = PeerNxt.
            var t = Trace(iss: 1000, peerIss: 5000).Established();
            uint u = t.Iss + 1, w = t.PeerNxt;
            t.Stack.Close(t.Conn);
            t.Poll();
            t.ExpectOne(FA, u, w);                               // (u, ...) FIN
            t.Deliver(A, w, u + 1);                              // (v, u+1) ACK
            t.ExpectNothing();
            Assert.Equal(TcpState.FinWait2, t.State);
            t.Deliver(FA, w, u + 1);                             // (w, u+1) FIN
            t.ExpectOne(A, u + 1, w + 1);                        // (u+1, w+1) ACK
            Assert.Equal(TcpState.TimeWait, t.State);
            Assert.Contains("Established->FinWait1 FinWait1->FinWait2 FinWait2->TimeWait", t.States.Path(0));
        }

        [Fact]
        public void Seed_four_way_close_passive_side_with_half_close_data()
        {
            var t = Trace(iss: 1000, peerIss: 5000).Established();
            uint u = t.PeerNxt;
            t.Deliver(FA, u, t.Iss + 1);                         // (u, ...) peer's FIN
            t.ExpectOne(A, t.Iss + 1, u + 1);                    // (v, u+1)
            Assert.Equal(TcpState.CloseWait, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.PeerClosed) != 0);
            // Half-close: CLOSE-WAIT may still send.
            t.Send(Bytes(10));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, u + 1, 10);
            t.Deliver(A, u + 1, t.Iss + 11);
            t.Stack.Close(t.Conn);
            t.Poll();
            t.ExpectOne(FA, t.Iss + 11, u + 1);                  // (w, u+1)
            Assert.Equal(TcpState.LastAck, t.State);
            t.Deliver(A, u + 1, t.Iss + 12);                     // (u+1, w+1)
            t.ExpectNothing();
            Assert.Equal(TcpState.Closed, t.State);
            Assert.Equal(0, t.Stack.CountInState(TcpState.LastAck));
        }

        [Fact]
        public void Seed_simultaneous_close_through_Closing_into_TimeWait()
        {
            var t = Trace(iss: 1000, peerIss: 5000).Closing();   // both FINs crossed
            t.Deliver(A, t.PeerNxt, t.Iss + 2);                  // peer's ACK of our FIN
            t.ExpectNothing();
            Assert.Equal(TcpState.TimeWait, t.State);
            Assert.Contains("FinWait1->Closing Closing->TimeWait", t.States.Path(0));
        }

        [Fact]
        public void RFC9293_3_10_7_4_Closing_ignores_ack_that_does_not_cover_fin()
        {
            var t = Trace().Closing();
            t.Deliver(A, t.PeerNxt, t.Iss + 1);
            t.ExpectNothing();
            Assert.Equal(TcpState.Closing, t.State);
        }

        [Fact]
        public void MUST_13_TimeWait_lasts_2MSL()
        {
            var t = Trace(configure: o => o.MslMs = 1000).TimeWait();
            t.Advance(1999);
            Assert.Equal(TcpState.TimeWait, t.State);
            t.Advance(1);
            Assert.Equal(TcpState.Closed, t.State);
            Assert.False(t.Stack.IsSlotInUse(0));
            t.ExpectNothing();
        }

        [Fact]
        public void MUST_13_Seed_TimeWait_reacks_retransmitted_fin_and_restarts_2MSL()
        {
            var t = Trace(configure: o => o.MslMs = 1000).TimeWait();
            t.Advance(1500);
            t.Deliver(FA, t.PeerNxt - 1, t.Iss + 2);             // the peer's FIN again: our ACK was lost
            t.ExpectOne(A, t.Iss + 2, t.PeerNxt);
            t.Advance(1999);
            Assert.Equal(TcpState.TimeWait, t.State);            // restarted at 1500
            t.Advance(1);
            Assert.Equal(TcpState.Closed, t.State);
        }

        [Fact]
        public void RFC9293_3_10_7_4_LastAck_retransmits_fin_on_timeout()
        {
            var t = Trace().LastAck();
            t.Advance(1000);
            t.ExpectOne(FA, t.Iss + 1, t.PeerNxt);
            t.Advance(2000);
            t.ExpectOne(FA, t.Iss + 1, t.PeerNxt);
        }

        [Fact]
        public void RFC9293_3_10_7_4_FinWait1_retransmits_fin_after_data()
        {
            var t = Trace().Established();
            t.Send(Bytes(20));
            t.Stack.Close(t.Conn);
            t.Poll();
            t.ExpectOne(PA | F, t.Iss + 1, t.PeerNxt, 20);
            t.Advance(1000);
            t.ExpectOne(PA | F, t.Iss + 1, t.PeerNxt, 20);
            t.Deliver(A, t.PeerNxt, t.Iss + 21);                 // data acked, FIN not
            Assert.Equal(TcpState.FinWait1, t.State);
            t.Advance(1999);                                     // RTO stays backed off (no sample: Karn)
            t.ExpectNothing();
            t.Advance(1);
            t.ExpectOne(FA, t.Iss + 21, t.PeerNxt);
            t.Deliver(A, t.PeerNxt, t.Iss + 22);
            Assert.Equal(TcpState.FinWait2, t.State);
        }

        [Fact]
        public void RFC9293_3_10_4_Shutdown_half_close_still_receives_in_FinWait2()
        {
            var t = Trace().Established();
            t.Stack.Shutdown(t.Conn);
            t.Poll();
            t.ExpectOne(FA, t.Iss + 1, t.PeerNxt);
            t.Deliver(A, t.PeerNxt, t.Iss + 2);
            Assert.Equal(TcpState.FinWait2, t.State);
            t.Deliver(PA, t.PeerNxt, t.Iss + 2, payload: Bytes(5));
            t.Advance(200);
            t.ExpectOne(A, t.Iss + 2, t.PeerNxt + 5);
            var buf = new byte[10];
            Assert.Equal(5, t.Stack.Receive(t.Conn, buf, 0, 10));
        }

        [Fact]
        public void Seed_lost_final_ack_fin_retransmitted_and_reacked_over_a_pair()
        {
            // Two real stacks, the client's final ACK dropped: the server retransmits its FIN,
            // the client in TIME-WAIT acknowledges it again and the server closes.
            var p = Checked(new StackPair());
            int l = p.B.Listen(80);
            int c = p.A.Connect(StackPair.AddressB, 80, p.Now);
            p.Run(100);
            int s = p.B.Accept(l);
            p.A.Close(c);
            p.Run(100);
            Assert.Equal(TcpState.FinWait2, p.A.GetState(c));
            Assert.Equal(TcpState.CloseWait, p.B.GetState(s));
            p.DropNextFromA = 1;                                 // the final ACK
            p.B.Close(s);
            p.Run(100);
            Assert.Equal(TcpState.TimeWait, p.A.GetState(c));
            Assert.Equal(TcpState.LastAck, p.B.GetState(s));
            p.Run(1500);                                         // B's RTO: FIN again, A re-ACKs
            Assert.Equal(TcpState.Closed, p.B.GetState(s));
            Assert.Equal(TcpState.TimeWait, p.A.GetState(c));
            Assert.True(p.A.Counters.UnacceptableSegments >= 1);
        }

        [Fact]
        public void TimeWait_oldest_slot_reclaimed_when_table_full()
        {
            var t = Trace(configure: o => { o.Connections = 1; }).TimeWait();
            t.Stack.FixedIsn = 90000;
            t.Deliver(S, 77, 0, srcPort: 2222);                  // new connection, table full
            t.ExpectOne(SA, 90000, 78, dstPort: 2222);
            Assert.Equal(1, t.Stack.Counters.TimeWaitReclaimed);
            Assert.Equal(TcpState.Closed, t.State);              // old handle is stale now
        }
    }
}
