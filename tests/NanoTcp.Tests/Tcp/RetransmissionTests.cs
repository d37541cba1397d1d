using System;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 9293 3.8.1-3.8.3, RFC 6298, RFC 5681/6582, zero window (3.8.6.1).</summary>
    public class RetransmissionTests : TraceTest
    {
        [Fact]
        public void MUST_18_MUST_19_rto_backs_off_and_karn_keeps_retransmitted_segments_untimed()
        {
            var t = Trace().Established();
            t.Send(Bytes(100));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 100);
            t.Advance(999); t.ExpectNothing();
            t.Advance(1); t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 100);       // RTO 1 s
            t.Advance(1999); t.ExpectNothing();
            t.Advance(1); t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 100);       // doubled: 2 s (MUST-19)
            t.Advance(100);
            t.Deliver(A, t.PeerNxt, t.Iss + 101);                            // ACK of a resent segment
            Assert.Equal(4000, t.Stack.GetSlotRtoMs(0));                     // Karn: no sample (MUST-18)
            t.Send(Bytes(10));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 101, t.PeerNxt, 10);
            t.Advance(300);
            t.Deliver(A, t.PeerNxt, t.Iss + 111);                            // fresh segment: timed
            Assert.Equal(1000, t.Stack.GetSlotRtoMs(0));                     // 300 + 4*150 < min RTO 1 s
        }

        [Fact]
        public void MUST_20_MUST_21_r1_advice_then_r2_closes_with_timeout_and_rst()
        {
            var t = Trace().Established();
            t.Stack.SetR2(t.Conn, 10_000);
            t.Send(Bytes(100));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 100);
            t.Advance(1000 + 2000 + 4000);                                   // three retransmissions
            var resent = t.Seg(PA, t.Iss + 1, t.PeerNxt, 100);
            t.Expect(resent, resent, resent);
            Assert.Equal(1, t.Stack.Counters.R1Exceeded);                   // MUST-20 R1
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.SoftError) != 0);
            Assert.Equal(TcpState.Established, t.State);
            t.Advance(8000);                                                 // 15 s: 14 s since the first timeout > R2
            t.ExpectOne(R, t.Iss + 101, 0);                                  // <SEQ=SND.NXT><CTL=RST>
            Assert.Equal(TcpState.Closed, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.TimedOut) != 0);
        }

        [Fact]
        public void MUST_21_bad_r2_throws_with_advice()
        {
            var t = Trace().Established();
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => t.Stack.SetR2(t.Conn, 0));
            Assert.Contains("R2", e.Message);
        }

        [Fact]
        public void MUST_19_fast_retransmit_on_third_duplicate_ack_and_newreno_partial_ack()
        {
            var t = Trace();
            t.Listener = t.Stack.Listen(LocalPort);
            t.Deliver(S, t.PeerIss, 0, mss: 536);
            t.ExpectOne(SA, t.Iss, t.PeerIss + 1);
            t.PeerNxt = t.PeerIss + 1;
            t.Deliver(A, t.PeerNxt, t.Iss + 1);
            t.Conn = t.Stack.Accept(t.Listener);
            t.Send(Bytes(4 * 536));                                          // IW = 4 * 536
            t.Poll();
            t.Expect(t.Seg(A, t.Iss + 1, t.PeerNxt, 536), t.Seg(A, t.Iss + 537, t.PeerNxt, 536),
                     t.Seg(A, t.Iss + 1073, t.PeerNxt, 536), t.Seg(PA, t.Iss + 1609, t.PeerNxt, 536));
            t.Deliver(A, t.PeerNxt, t.Iss + 1); t.ExpectNothing();           // dup 1
            t.Deliver(A, t.PeerNxt, t.Iss + 1); t.ExpectNothing();           // dup 2
            t.Deliver(A, t.PeerNxt, t.Iss + 1);                              // dup 3: fast retransmit
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt, 536);
            Assert.Equal(1, t.Stack.Counters.FastRetransmits);
            t.Deliver(A, t.PeerNxt, t.Iss + 1 + 2 * 536);                    // partial ACK (RFC 6582)
            t.ExpectOne(A, t.Iss + 1 + 2 * 536, t.PeerNxt, 536);             // next hole at once
            t.Deliver(A, t.PeerNxt, t.Iss + 1 + 4 * 536);                    // full ACK
            t.ExpectNothing();
            t.Advance(5000);
            t.ExpectNothing();                                               // nothing left to resend
        }

        [Fact]
        public void MUST_35_MUST_36_MUST_37_zero_window_probed_for_as_long_as_the_peer_answers()
        {
            var t = Trace().Established(peerWindow: 0);
            t.Stack.SetZeroWindowTimeout(t.Conn, 0);                         // MUST-37 as written: no user timeout
            t.Send(Bytes(100));
            t.Poll();
            t.ExpectNothing();
            t.Advance(1000);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt, 1);                         // probe: one octet (MUST-36)
            long probes = 1;
            for (int i = 0; i < 30; i++)                                     // ~25 min of a closed window
            {
                t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 0);               // probe not taken (MUST-37)
                t.Advance(60_000);
                probes += t.ExpectRepeated(t.Seg(A, t.Iss + 1, t.PeerNxt, 1)); // the same octet each time (MUST-36)
            }
            Assert.Equal(TcpState.Established, t.State);
            Assert.True(t.Stack.Counters.ZeroWindowProbes >= 30);
            t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 8192);                // window opens
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 100);
        }

        [Fact]
        public void MUST_34_shrinking_window_survived()
        {
            var t = Trace().Established();
            t.Send(Bytes(3000));
            t.Poll();
            t.Expect(t.Seg(A, t.Iss + 1, t.PeerNxt, 1460), t.Seg(A, t.Iss + 1461, t.PeerNxt, 1460), t.Seg(PA, t.Iss + 2921, t.PeerNxt, 80));
            t.Deliver(A, t.PeerNxt, t.Iss + 1461, window: 0);               // right edge moves left
            t.ExpectNothing();
            t.Send(Bytes(100));
            t.Poll();
            t.ExpectNothing();                                               // no new data into it
            t.Deliver(A, t.PeerNxt, t.Iss + 3001, window: 8192);
            t.ExpectOne(PA, t.Iss + 3001, t.PeerNxt, 100);
            t.Deliver(A, t.PeerNxt, t.Iss + 3101, window: 8192);
            Assert.Equal(0, t.Stack.GetSlotSendQueued(0));
        }

        [Fact]
        public void MUST_66_rst_processed_at_zero_receive_window()
        {
            var t = Trace(configure: o => o.ReceiveBufferSize = 1000).Established();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(1000));
            t.Advance(200);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 1000, window: 0);
            t.Deliver(A, t.PeerNxt + 1000, t.Iss + 1, payload: Bytes(10)); // probe at zero window
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 1000, window: 0);         // ACK, window still 0
            t.Deliver(R, t.PeerNxt + 1000, 0);
            Assert.Equal(TcpState.Closed, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Reset) != 0);
        }

        [Fact]
        public void Retransmission_after_timeout_goes_back_to_snd_una_with_one_segment()
        {
            var t = Trace().Established();
            t.Send(Bytes(3000));
            t.Poll();
            t.Expect(t.Seg(A, t.Iss + 1, t.PeerNxt, 1460), t.Seg(A, t.Iss + 1461, t.PeerNxt, 1460), t.Seg(PA, t.Iss + 2921, t.PeerNxt, 80));
            t.Advance(1000);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt, 1460);                      // cwnd = 1 SMSS
            t.Deliver(A, t.PeerNxt, t.Iss + 1461);
            t.Expect(t.Seg(A, t.Iss + 1461, t.PeerNxt, 1460),               // slow start: two segments
                     t.Seg(PA, t.Iss + 2921, t.PeerNxt, 80));               // resent small tail: no Nagle
            Assert.Equal(1, t.Stack.Counters.RetransmitTimeouts);
            Assert.Equal(3, t.Stack.Counters.Retransmissions);
        }

        [Fact]
        public void RFC9293_3_10_7_4_ack_after_go_back_retransmission_carries_the_highest_snd_nxt()
        {
            // Regression (found by the faulty-cable soak): after a timeout we resend from
            // SND.UNA; a bare ACK must still carry the highest SND.NXT, or a peer that already
            // has our data finds it "old" and drops the ACK unread - both sides then stall.
            var t = Trace().Established();
            t.Send(Bytes(3000));
            t.Poll();
            t.Expect(t.Seg(A, t.Iss + 1, t.PeerNxt, 1460), t.Seg(A, t.Iss + 1461, t.PeerNxt, 1460), t.Seg(PA, t.Iss + 2921, t.PeerNxt, 80));
            t.Advance(1000);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt, 1460);                      // go back to SND.UNA
            t.Deliver(PA, t.PeerNxt, t.Iss + 1, payload: Bytes(10));
            t.Advance(200);
            t.ExpectOne(A, t.Iss + 3001, t.PeerNxt + 10);                    // not Iss + 1461
        }

        [Fact]
        public void Send_failure_is_covered_by_retransmission()
        {
            var t = Trace().Established();
            t.Ip.Refuse = true;
            t.Send(Bytes(10));
            t.Poll();
            Assert.Equal(1, t.Stack.Counters.SendFailures);
            t.Ip.Refuse = false;
            t.Advance(1000);
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 10);
        }
    }
}
