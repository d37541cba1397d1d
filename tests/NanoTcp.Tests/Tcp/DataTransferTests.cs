using System;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 9293 3.7 / 3.8: segmentizing, Nagle, SWS, delayed ACK, out-of-order data.</summary>
    public class DataTransferTests : TraceTest
    {
        [Fact]
        public void MUST_61_psh_on_the_last_segment_and_mss_sized_segments()
        {
            var t = Trace().Established();
            t.Send(Bytes(3000));
            t.Poll();
            t.Expect(t.Seg(A, t.Iss + 1, t.PeerNxt, 1460),
                     t.Seg(A, t.Iss + 1461, t.PeerNxt, 1460),
                     t.Seg(PA, t.Iss + 2921, t.PeerNxt, 80, payload: Bytes(3000).AsSpan(2920).ToArray()));
        }

        [Fact]
        public void MUST_17_MUST_38_nagle_holds_a_small_segment_while_one_is_unacknowledged()
        {
            var t = Trace().Established();
            t.Send(Bytes(10));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 10);
            t.Send(Bytes(10));
            t.Poll();
            t.ExpectNothing();                                   // Nagle: one small segment in flight
            t.Deliver(A, t.PeerNxt, t.Iss + 11);
            t.ExpectOne(PA, t.Iss + 11, t.PeerNxt, 10);          // released by the ACK
        }

        [Fact]
        public void MUST_17_application_can_turn_nagle_off()
        {
            var t = Trace().Established();
            t.Stack.SetNoDelay(t.Conn, true);
            t.Send(Bytes(10));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 10);
            t.Send(Bytes(10));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 11, t.PeerNxt, 10);
        }

        [Fact]
        public void MUST_38_sender_sws_avoidance_waits_for_a_useful_window()
        {
            // Peer offers a big window once (MAX.SND.WND 8192), then only 100 bytes: we hold
            // 100-byte dribbles (less than MSS and less than half the max window).
            var t = Trace().Established();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 100);
            t.Send(Bytes(2000));
            t.Poll();
            t.ExpectNothing();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 4096);    // at least Fs * max window: go
            t.Expect(t.Seg(A, t.Iss + 1, t.PeerNxt, 1460),
                     t.Seg(PA, t.Iss + 1461, t.PeerNxt, 540));
        }

        [Fact]
        public void MUST_40_delayed_ack_fires_at_200ms()
        {
            var t = Trace().Established();
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
            var t = Trace().Established();
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(1460));
            t.ExpectNothing();
            t.Deliver(A, t.PeerNxt + 1460, t.Iss + 1, payload: Bytes(1460));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2920);
        }

        [Fact]
        public void MUST_59_all_queued_segments_processed_before_one_ack()
        {
            var t = Trace().Established();
            for (int i = 0; i < 4; i++)
                t.Deliver(A, t.PeerNxt + (uint)(i * 500), t.Iss + 1, payload: Bytes(500), poll: false);
            t.Poll();
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2000);         // one ACK for four segments
        }

        [Fact]
        public void MUST_39_receiver_sws_avoidance_window_opens_only_by_useful_amounts()
        {
            var t = Trace().Established();               // receive ring 4096
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(1460));
            t.Deliver(A, t.PeerNxt + 1460, t.Iss + 1, payload: Bytes(1460));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2920, window: 4096 - 2920);
            var buf = new byte[4096];
            Assert.Equal(100, t.Stack.Receive(t.Conn, buf, 0, 100));
            t.Poll();
            t.ExpectNothing();                                   // 100 bytes: no window update
            t.Deliver(A, t.PeerNxt + 2920, t.Iss + 1, payload: Bytes(10));
            t.Advance(200);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2930, window: 4096 - 2930); // right edge did not move by 100
            Assert.Equal(2830, t.Stack.Receive(t.Conn, buf, 0, 4096));
            t.Poll();
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 2930, window: 4096); // window update: useful now
        }

        [Fact]
        public void Out_of_order_segments_held_in_the_ring_and_delivered_when_the_hole_fills()
        {
            var t = Trace().Established();
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
            var t = Trace(configure: o => o.OutOfOrderSlots = 1).Established();
            t.Deliver(A, t.PeerNxt + 100, t.Iss + 1, payload: Bytes(10));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);                // duplicate ACK: a hole at RCV.NXT
            t.Deliver(A, t.PeerNxt + 300, t.Iss + 1, payload: Bytes(10));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt);
            Assert.Equal(1, t.Stack.Counters.OutOfOrderDropped);
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: Bytes(100));
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 110);
        }

        [Fact]
        public void Data_overlapping_what_we_have_is_trimmed()
        {
            var t = Trace().Established();
            var data = Bytes(200, 3);
            t.Deliver(A, t.PeerNxt, t.Iss + 1, payload: data.AsSpan(0, 120).ToArray());
            t.Deliver(A, t.PeerNxt + 100, t.Iss + 1, payload: data.AsSpan(100, 100).ToArray());
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt + 200);          // second segment: ACK now (MUST-58)
            var buf = new byte[300];
            Assert.Equal(200, t.Stack.Receive(t.Conn, buf, 0, 300));
            Assert.Equal(data, buf.AsSpan(0, 200).ToArray());
        }

        [Fact]
        public void Data_in_syn_ack_is_accepted()
        {
            var t = Trace(iss: 3000, peerIss: 7000).SynSent();
            t.Deliver(SA | P, 7000, 3001, payload: Bytes(5));
            t.ExpectOne(A, 3001, 7006);
            Assert.Equal(5, t.Stack.ReceiveAvailable(t.Conn));
        }

        [Fact]
        public void MUST_1_window_is_unsigned_65535_usable()
        {
            var t = Trace().Established(peerWindow: 65535);
            t.Send(Bytes(4096));
            t.Poll();
            Assert.Equal(65535, t.Stack.GetSlotSndWnd(0));
            t.Expect(t.Seg(A, t.Iss + 1, t.PeerNxt, 1460),       // IW: 4 * 536 >= 2 * 1460
                     t.Seg(A, t.Iss + 1461, t.PeerNxt, 1460),
                     t.Seg(PA, t.Iss + 2921, t.PeerNxt, 1176));
        }
    }
}
