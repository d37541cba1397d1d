using System;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 9293 3.8.5 urgent data (MUST-30..33, MUST-62) and 3.8.4 keep-alives (MUST-24..29).</summary>
    public class UrgentKeepAliveTests : TraceTest
    {
        [Fact]
        public void MUST_62_urgent_pointer_marks_the_first_non_urgent_octet()
        {
            var t = Trace().Established();
            t.Send(Bytes(5));
            t.SendUrgent(Bytes(3));
            t.Poll();
            t.ExpectOne(PA | U, t.Iss + 1, t.PeerNxt, 8, urgent: 8);   // SEG.SEQ + 8 is the first non-urgent octet
            t.Deliver(A, t.PeerNxt, t.Iss + 9);
            t.Send(Bytes(2));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 9, t.PeerNxt, 2, urgent: 0); // urgent mode over
        }

        [Fact]
        public void MUST_30_MUST_31_urgent_data_longer_than_a_segment_keeps_urg_on_each()
        {
            var t = Trace().Established();
            t.SendUrgent(Bytes(3000));
            t.Poll();
            t.Expect(t.Seg(A | U, t.Iss + 1, t.PeerNxt, 1460, urgent: 3000),
                     t.Seg(A | U, t.Iss + 1461, t.PeerNxt, 1460, urgent: 3000 - 1460),
                     t.Seg(PA | U, t.Iss + 2921, t.PeerNxt, 80, urgent: 80));
        }

        [Fact]
        public void MUST_32_MUST_33_receiver_told_at_once_and_can_ask_how_much_is_urgent()
        {
            var t = Trace().Established();
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Urgent) == 0);
            t.Deliver(PA | U, t.PeerNxt, t.Iss + 1, payload: Bytes(10), urgent: 4);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Urgent) != 0);   // MUST-32
            Assert.Equal(4, t.Stack.UrgentPending(t.Conn));                    // MUST-33
            var buf = new byte[10];
            Assert.Equal(3, t.Stack.Receive(t.Conn, buf, 0, 3));
            Assert.Equal(1, t.Stack.UrgentPending(t.Conn));
            Assert.Equal(7, t.Stack.Receive(t.Conn, buf, 0, 10));
            Assert.Equal(0, t.Stack.UrgentPending(t.Conn));
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Urgent) == 0);
        }

        [Fact]
        public void MUST_31_urgent_pointer_beyond_the_segment_is_remembered_for_later_data()
        {
            var t = Trace().Established();
            t.Deliver(PA | U, t.PeerNxt, t.Iss + 1, payload: Bytes(100), urgent: 1000);
            Assert.Equal(1000, t.Stack.UrgentPending(t.Conn));
            t.Deliver(PA, t.PeerNxt + 100, t.Iss + 1, payload: Bytes(900));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 1000);          // second segment: ACK now (MUST-58)
            var buf = new byte[2000];
            Assert.Equal(1000, t.Stack.Receive(t.Conn, buf, 0, 2000));
            Assert.Equal(0, t.Stack.UrgentPending(t.Conn));
        }

        [Fact]
        public void CVE_2019_12255_class_urgent_pointer_zero_is_harmless()
        {
            var t = Trace().Established();
            t.Deliver(PA | U, t.PeerNxt, t.Iss + 1, payload: Bytes(10), urgent: 0);
            Assert.Equal(0, t.Stack.UrgentPending(t.Conn));
            Assert.Equal(10, t.Stack.ReceiveAvailable(t.Conn));
            t.Deliver(A | U, t.PeerNxt + 10, t.Iss + 1, urgent: 0);            // no payload either
            Assert.Equal(10, t.Stack.ReceiveAvailable(t.Conn));
        }

        [Fact]
        public void CVE_2020_17437_class_urgent_pointer_past_segment_and_window_is_clamped()
        {
            var t = Trace().Established();                  // receive window 4096
            t.Deliver(PA | U, t.PeerNxt, t.Iss + 1, payload: Bytes(10), urgent: 0xFFFF);
            Assert.Equal(4096, t.Stack.UrgentPending(t.Conn));      // clamped to the window's right edge
            var buf = new byte[100];
            Assert.Equal(10, t.Stack.Receive(t.Conn, buf, 0, 100)); // data untouched, nothing read past it
            Assert.Equal(Bytes(10), buf.AsSpan(0, 10).ToArray());
        }

        [Fact]
        public void MUST_66_urg_processed_at_zero_window()
        {
            var t = Trace(configure: o => o.ReceiveBufferSize = 1000).Established();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(1000));
            t.Advance(200);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 1000, window: 0);            // the ring is full
            t.Deliver(PA | U, t.PeerNxt + 1000, t.Iss + 1, payload: Bytes(1), urgent: 1);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 1000, window: 0);            // the octet is not taken
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Urgent) != 0);
            Assert.Equal(1000, t.Stack.UrgentPending(t.Conn));
        }

        [Fact]
        public void MUST_25_keepalive_off_by_default()
        {
            var t = Trace().Established();
            t.Advance(3L * 60 * 60 * 1000);
            t.ExpectNothing();
            Assert.Equal(TcpState.Established, t.State);
        }

        [Fact]
        public void MUST_24_MUST_26_MUST_27_MUST_28_keepalive_after_two_idle_hours_only()
        {
            var t = Trace().Established();
            Assert.True(t.Options.KeepAliveIdleMs >= 2 * 60 * 60 * 1000);       // MUST-28
            t.Stack.SetKeepAlive(t.Conn, true);                                  // MUST-24
            t.Advance(60 * 60 * 1000);
            t.Deliver(PA, t.PeerNxt, t.Iss + 1, payload: Bytes(1));              // traffic: not idle
            t.PeerNxt += 1;
            t.Advance(200);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);                                // delayed ACK
            t.Advance(2L * 60 * 60 * 1000 - 201);
            t.ExpectNothing();                                                   // MUST-26: idle interval from last traffic
            t.Advance(1);
            t.ExpectOne(A, t.Iss, t.PeerNxt);                                    // <SEQ=SND.NXT-1><ACK=RCV.NXT>
            t.Deliver(A, t.PeerNxt, t.Iss + 1);                                  // answered
            t.Advance(2L * 60 * 60 * 1000 - 1);
            t.ExpectNothing();
            t.Advance(1);
            t.ExpectOne(A, t.Iss, t.PeerNxt);
        }

        [Fact]
        public void MUST_27_keepalive_interval_configurable()
        {
            var t = Trace(configure: o => o.KeepAliveIdleMs = 10_000).Established();
            t.Stack.SetKeepAlive(t.Conn, true);
            t.Advance(10_000);
            t.ExpectOne(A, t.Iss, t.PeerNxt);
        }

        [Fact]
        public void MUST_29_lost_keepalive_acks_tolerated_then_dead_peer_times_out()
        {
            var t = Trace(configure: o => { o.KeepAliveIdleMs = 10_000; o.KeepAliveIntervalMs = 1000; o.KeepAliveProbes = 3; }).Established();
            t.Stack.SetKeepAlive(t.Conn, true);
            t.Advance(10_000);
            t.ExpectOne(A, t.Iss, t.PeerNxt);                    // probe 1: its ACK lost
            t.Advance(1000);
            t.ExpectOne(A, t.Iss, t.PeerNxt);                    // probe 2
            t.Deliver(A, t.PeerNxt, t.Iss + 1);                  // answered: alive, count reset
            Assert.Equal(TcpState.Established, t.State);
            t.Advance(10_000 + 2000);
            var probe = t.Seg(A, t.Iss, t.PeerNxt);
            t.Expect(probe, probe, probe);                       // three probes, unanswered
            t.Advance(1000);
            var r = t.ExpectOne(R, t.Iss + 1, 0);
            Assert.Equal(TcpState.Closed, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.TimedOut) != 0);
        }

        [Fact]
        public void MUST_26_no_keepalive_while_data_is_in_flight()
        {
            // Idle interval 10 s; 10 bytes stay unacknowledged for 20 s. What goes out must be
            // exactly the retransmissions of those bytes at the backed-off RTO (1, 2, 4, 8 s:
            // at +1, +3, +7, +15 s) and no keep-alive probe <SEQ=SND.NXT-1> among them. Then the
            // data is acknowledged and the connection really is idle: the probe comes 10 s
            // later, so keep-alives were on all along (this test cannot pass by silence).
            var t = Trace(configure: o => { o.KeepAliveIdleMs = 10_000; o.R2Ms = 1_000_000; }).Established();
            t.Stack.SetKeepAlive(t.Conn, true);
            t.Send(Bytes(10));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 10);
            var resent = t.Seg(PA, t.Iss + 1, t.PeerNxt, 10);
            t.Advance(20_000);
            t.Expect(resent, resent, resent, resent);
            Assert.Equal(4, t.Stack.Counters.RetransmitTimeouts);
            Assert.Equal(0, t.Stack.Counters.KeepAlivesSent);
            t.Deliver(A, t.PeerNxt, t.Iss + 11);
            t.ExpectNothing();
            t.Advance(10_000 - 1);
            t.ExpectNothing();
            t.Advance(1);
            t.ExpectOne(A, t.Iss + 10, t.PeerNxt);                               // <SEQ=SND.NXT-1><ACK=RCV.NXT>
            Assert.Equal(1, t.Stack.Counters.KeepAlivesSent);
        }
    }
}
