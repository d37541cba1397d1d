using System;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 9293 3.7 / 3.8: segmentizing, Nagle, SWS, delayed ACK, out-of-order data.</summary>
    public class DataTransferTests
    {
        [Fact]
        public void MUST_61_psh_on_the_last_segment_and_mss_sized_segments()
        {
            var t = new TcpTrace().Established();
            t.Stack.Send(t.Conn, Bytes(3000), 0, 3000);
            t.Poll();
            var s = t.Take();
            Assert.Equal(3, s.Count);
            AssertSegment(s[0], A, t.Iss + 1, t.PeerNxt, 1460);
            AssertSegment(s[1], A, t.Iss + 1461, t.PeerNxt, 1460);
            AssertSegment(s[2], PA, t.Iss + 2921, t.PeerNxt, 80);
            Assert.Equal(Bytes(3000).AsSpan(2920).ToArray(), s[2].Payload);
        }

        [Fact]
        public void MUST_17_MUST_38_nagle_holds_a_small_segment_while_one_is_unacknowledged()
        {
            var t = new TcpTrace().Established();
            t.Stack.Send(t.Conn, Bytes(10), 0, 10);
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 10);
            t.Stack.Send(t.Conn, Bytes(10), 0, 10);
            t.Poll();
            t.ExpectNothing();                                   // Nagle: one small segment in flight
            t.Deliver(A, t.PeerNxt, t.Iss + 11);
            t.ExpectOne(PA, t.Iss + 11, t.PeerNxt, 10);          // released by the ACK
        }

        [Fact]
        public void MUST_17_application_can_turn_nagle_off()
        {
            var t = new TcpTrace().Established();
            t.Stack.SetNoDelay(t.Conn, true);
            t.Stack.Send(t.Conn, Bytes(10), 0, 10);
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 10);
            t.Stack.Send(t.Conn, Bytes(10), 0, 10);
            t.Poll();
            t.ExpectOne(PA, t.Iss + 11, t.PeerNxt, 10);
        }

        [Fact]
        public void MUST_38_sender_sws_avoidance_waits_for_a_useful_window()
        {
            // Peer offers a big window once (MAX.SND.WND 8192), then only 100 bytes: we hold
            // 100-byte dribbles (less than MSS and less than half the max window).
            var t = new TcpTrace().Established();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 100);
            t.Stack.Send(t.Conn, Bytes(2000), 0, 2000);
            t.Poll();
            t.ExpectNothing();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 4096);    // at least Fs * max window: go
            var s = t.Take();
            Assert.Equal(2, s.Count);
            AssertSegment(s[0], A, t.Iss + 1, t.PeerNxt, 1460);
            AssertSegment(s[1], PA, t.Iss + 1461, t.PeerNxt, 540);
        }

        [Fact]
        public void MUST_40_delayed_ack_fires_at_200ms()
        {
            var t = new TcpTrace().Established();
            t.Deliver(PA, t.PeerNxt, t.Iss + 1, payload: Bytes(100));
            t.ExpectNothing();
            t.Advance(199);
            t.ExpectNothing();
            t.Advance(1);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 100);
            Assert.Equal(1, t.Stack.Counters.DelayedAcks);
        }

        [Fact]
        public void MUST_58_ack_at_least_every_second_segment()
        {
            var t = new TcpTrace().Established();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(1460));
            t.ExpectNothing();
            t.Deliver(A, t.PeerNxt + 1460, t.Iss + 1, payload: Bytes(1460));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2920);
        }

        [Fact]
        public void MUST_59_all_queued_segments_processed_before_one_ack()
        {
            var t = new TcpTrace().Established();
            for (int i = 0; i < 4; i++)
                t.Deliver(A, t.PeerNxt + (uint)(i * 500), t.Iss + 1, payload: Bytes(500), poll: false);
            t.Poll();
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2000);         // one ACK for four segments
        }

        [Fact]
        public void MUST_39_receiver_sws_avoidance_window_opens_only_by_useful_amounts()
        {
            var t = new TcpTrace().Established();               // receive ring 4096
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(1460));
            t.Deliver(A, t.PeerNxt + 1460, t.Iss + 1, payload: Bytes(1460));
            var a = t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2920);
            Assert.Equal(4096 - 2920, a.Window);
            var buf = new byte[4096];
            Assert.Equal(100, t.Stack.Receive(t.Conn, buf, 0, 100));
            t.Poll();
            t.ExpectNothing();                                   // 100 bytes: no window update
            t.Deliver(A, t.PeerNxt + 2920, t.Iss + 1, payload: Bytes(10));
            t.Advance(200);
            var b = t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2930);
            Assert.Equal(4096 - 2930, b.Window);                 // right edge did not move by 100
            Assert.Equal(2830, t.Stack.Receive(t.Conn, buf, 0, 4096));
            t.Poll();
            var c = t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2930); // window update: useful now
            Assert.Equal(4096, c.Window);
        }

        [Fact]
        public void Out_of_order_segments_held_in_the_ring_and_delivered_when_the_hole_fills()
        {
            var t = new TcpTrace().Established();
            var data = Bytes(300, 9);
            t.Deliver(A, t.PeerNxt + 200, t.Iss + 1, payload: data.AsSpan(200, 100).ToArray());
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);                // immediate duplicate ACK
            t.Deliver(A, t.PeerNxt + 100, t.Iss + 1, payload: data.AsSpan(100, 100).ToArray());
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);
            Assert.Equal(0, t.Stack.ReceiveAvailable(t.Conn));
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: data.AsSpan(0, 100).ToArray());
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 300);          // hole filled: ACK at once
            var buf = new byte[400];
            Assert.Equal(300, t.Stack.Receive(t.Conn, buf, 0, 400));
            Assert.Equal(data, buf.AsSpan(0, 300).ToArray());
            Assert.Equal(2, t.Stack.Counters.OutOfOrderQueued);
        }

        [Fact]
        public void Out_of_order_beyond_the_gap_slots_is_dropped_and_counted()
        {
            var t = new TcpTrace(configure: o => o.OutOfOrderSlots = 1).Established();
            t.Deliver(A, t.PeerNxt + 100, t.Iss + 1, payload: Bytes(10)); t.Take();
            t.Deliver(A, t.PeerNxt + 300, t.Iss + 1, payload: Bytes(10)); t.Take();
            Assert.Equal(1, t.Stack.Counters.OutOfOrderDropped);
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(100));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 110);
        }

        [Fact]
        public void Data_overlapping_what_we_have_is_trimmed()
        {
            var t = new TcpTrace().Established();
            var data = Bytes(200, 3);
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: data.AsSpan(0, 120).ToArray());
            t.Deliver(A, t.PeerNxt + 100, t.Iss + 1, payload: data.AsSpan(100, 100).ToArray());
            var buf = new byte[300];
            Assert.Equal(200, t.Stack.Receive(t.Conn, buf, 0, 300));
            Assert.Equal(data, buf.AsSpan(0, 200).ToArray());
        }

        [Fact]
        public void Data_in_syn_ack_is_accepted()
        {
            var t = new TcpTrace(iss: 3000, peerIss: 7000).SynSent();
            t.Deliver(SA | TcpHeader.Psh, 7000, 3001, payload: Bytes(5));
            t.ExpectOne(A, 3001, 7006);
            Assert.Equal(5, t.Stack.ReceiveAvailable(t.Conn));
        }

        [Fact]
        public void MUST_1_window_is_unsigned_65535_usable()
        {
            var t = new TcpTrace().Established(peerWindow: 65535);
            t.Stack.Send(t.Conn, Bytes(4096), 0, 4096);
            t.Poll();
            Assert.Equal(65535, t.Stack.GetSlotSndWnd(0));
            Assert.Equal(3, t.Take().Count);
        }
    }
}
