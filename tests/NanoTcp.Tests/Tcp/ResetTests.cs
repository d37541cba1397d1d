using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 9293 3.5.2, 3.10.5, 3.10.7.4 second/fourth/fifth, RFC 5961 (MAY-12), MUST-12.</summary>
    public class ResetTests : TraceTest
    {
        [Fact]
        public void MUST_12_peer_reset_reported_as_Reset_distinct_from_close()
        {
            var t = Trace().Established();
            t.Deliver(R, t.PeerNxt, 0);
            t.ExpectNothing();
            Assert.Equal(TcpState.Closed, t.State);
            var e = t.Stack.GetEvents(t.Conn);
            Assert.True((e & TcpEvents.Reset) != 0);
            Assert.True((e & TcpEvents.PeerClosed) == 0);
            var ex = Assert.Throws<System.InvalidOperationException>(() => t.Send(new byte[1]));
            Assert.Contains("reset", ex.Message);
            t.Stack.Close(t.Conn);
            Assert.False(t.Stack.IsSlotInUse(0));
        }

        [Fact]
        public void MUST_12_normal_close_is_not_a_reset()
        {
            var t = Trace().CloseWait();
            var e = t.Stack.GetEvents(t.Conn);
            Assert.True((e & TcpEvents.PeerClosed) != 0);
            Assert.True((e & TcpEvents.Reset) == 0);
        }

        [Theory]
        [InlineData("Established")]
        [InlineData("FinWait1")]
        [InlineData("FinWait2")]
        [InlineData("CloseWait")]
        [InlineData("Closing")]
        [InlineData("LastAck")]
        [InlineData("TimeWait")]
        public void RFC5961_3_2_rst_exactly_at_RcvNxt_resets_in_every_synchronized_state(string state)
        {
            var t = Trace().In(state);
            t.Deliver(R, t.PeerNxt, 0);
            t.ExpectNothing();
            Assert.Equal(TcpState.Closed, t.Stack.GetSlotState(0));
        }

        [Theory]
        [InlineData("Established")]
        [InlineData("FinWait2")]
        [InlineData("CloseWait")]
        [InlineData("TimeWait")]
        public void RFC5961_3_2_rst_in_window_but_not_RcvNxt_draws_challenge_ack(string state)
        {
            var t = Trace().In(state);
            var before = t.State;
            t.Deliver(R, t.PeerNxt + 100, 0);
            t.ExpectOne(A, t.Stack.GetSlotSndNxt(0), t.PeerNxt);
            Assert.Equal(before, t.State);
            Assert.Equal(1, t.Stack.Counters.ChallengeAcksSent);
        }

        [Fact]
        public void RFC5961_3_2_rst_outside_window_is_dropped_silently()
        {
            var t = Trace().Established();
            t.Deliver(R, t.PeerNxt + 100000, 0);
            t.ExpectNothing();
            t.Deliver(R, t.PeerNxt - 1, 0);
            t.ExpectNothing();
            Assert.Equal(TcpState.Established, t.State);
        }

        [Theory]
        [InlineData("Established")]
        [InlineData("FinWait1")]
        [InlineData("CloseWait")]
        [InlineData("TimeWait")]
        public void RFC5961_4_2_syn_in_synchronized_state_draws_challenge_ack(string state)
        {
            var t = Trace().In(state);
            var before = t.State;
            t.Deliver(S, t.PeerNxt + 10, 0);
            t.ExpectOne(A, t.Stack.GetSlotSndNxt(0), t.PeerNxt);
            Assert.Equal(before, t.State);
        }

        [Fact]
        public void RFC5961_5_2_ack_beyond_SndNxt_or_too_old_draws_challenge_and_is_dropped()
        {
            var t = Trace().Established();
            t.Deliver(PA, t.PeerNxt, t.Iss + 50, payload: Bytes(5)); // acks data never sent
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);                     // challenge; the data NOT taken
            Assert.Equal(0, t.Stack.ReceiveAvailable(t.Conn));
            Assert.Equal(1, t.Stack.Counters.AckOutOfRange);
            t.Deliver(PA, t.PeerNxt, t.Iss - 100000, payload: Bytes(5)); // far too old
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);
            Assert.Equal(0, t.Stack.ReceiveAvailable(t.Conn));
        }

        [Fact]
        public void RFC5961_7_challenge_acks_are_rate_limited()
        {
            var t = Trace(configure: o => o.ChallengeAckLimitPerSecond = 3).Established();
            for (int i = 0; i < 10; i++) t.Deliver(R, t.PeerNxt + 10 + (uint)i, 0);
            int sent = t.ExpectRepeated(t.Seg(A, t.Iss + 1, t.PeerNxt));   // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            Assert.True(sent <= 3 && sent >= 1, "sent " + sent);
            Assert.Equal(10 - sent, t.Stack.Counters.ChallengeAcksSuppressed);
        }

        [Fact]
        public void RFC9293_3_10_5_Abort_sends_rst_and_discards_queued_data()
        {
            var t = Trace(peerIss: 5000).Established(peerWindow: 0);
            t.Send(Bytes(300));            // zero window: stays queued
            t.Poll();
            t.ExpectNothing();
            t.Stack.Abort(t.Conn);
            t.ExpectOne(R, t.Iss + 1, 0);
            Assert.Equal(TcpState.Closed, t.State);
            Assert.False(t.Stack.IsSlotInUse(0));
            t.Advance(10000);
            t.ExpectNothing();                                   // nothing drains after RST (seed)
        }

        [Fact]
        public void RFC9293_3_10_5_Abort_deletes_the_TCB_at_once_rings_and_timers_included()
        {
            // Everything armed at once: keep-alive, a delayed ACK for received bytes, unsent
            // data behind a zero window (persist). ABORT must free all of it immediately, not
            // leave a timer or a byte for a later poll to find (lwIP's MEMP check, at once).
            var t = Trace(configure: o => o.KeepAliveIdleMs = 10_000).Established(peerWindow: 0);
            t.Stack.SetKeepAlive(t.Conn, true);
            t.Deliver(PA, t.PeerNxt, t.Iss + 1, window: 0, payload: Bytes(10));
            t.ExpectNothing();                                   // the ACK is delayed
            t.Send(Bytes(300));
            t.Poll();
            t.ExpectNothing();                                   // zero window: queued
            Assert.Equal(10, t.Stack.ReceiveAvailable(t.Conn));
            t.Stack.Abort(t.Conn);
            t.ExpectOne(R, t.Iss + 1, 0);                        // <SEQ=SND.NXT><CTL=RST>
            t.Stack.StopListening(t.Listener);
            TcpLeakCheck.AssertNone(t.Stack, t.Now, "right after Abort");
        }

        [Fact]
        public void RFC9293_3_10_7_4_unacceptable_segment_gets_ack_but_rst_never_answered()
        {
            var t = Trace().Established();
            t.Deliver(PA, t.PeerNxt + 50000, t.Iss + 1, payload: Bytes(5));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);
            t.Deliver(R | A, t.PeerNxt + 50000, t.Iss + 1);
            t.ExpectNothing();
        }

        [Fact]
        public void Seed_half_open_connection_is_reset_and_reported_as_reset_by_peer()
        {
            // A and B connected; A "restarts" (a fresh stack at the same address) and then B sends
            // data for a connection A no longer knows: A answers RST and B reports a reset.
            var p = Checked(new StackPair());
            int l = p.B.Listen(80);
            int c = p.A.Connect(StackPair.AddressB, 80, p.Now);
            p.Run(100);
            int s = p.B.Accept(l);
            Assert.Equal(TcpState.Established, p.B.GetState(s));
            var fresh = new TcpStack(p.EndA, new TcpOptions { Secret = new byte[16] });
            p.ReplaceA(fresh);
            p.B.Send(s, new byte[] { 1, 2, 3 }, 0, 3);
            p.Run(100);
            Assert.Equal(TcpState.Closed, p.B.GetState(s));
            Assert.True((p.B.GetEvents(s) & TcpEvents.Reset) != 0, "connection reset by peer");
            Assert.Equal(1, fresh.Counters.ResetsSent);
        }

        [Fact]
        public void RFC9293_3_10_7_4_second_SynReceived_rst_from_listen_frees_backlog()
        {
            var t = Trace(configure: o => o.ListenBacklog = 1).SynReceived();
            t.Deliver(R, t.PeerNxt, 0);
            t.Deliver(S, 9000, 0, srcPort: 3333);
            t.ExpectOne(SA, t.Iss, 9001, dstPort: 3333);                        // the one backlog place was given back
        }
    }
}
