using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>RFC 9293 3.5 / 3.10.7.2-3 and the seed's handshake: (X,0), (Y,X+1), (X+1,Y+1).</summary>
    public class HandshakeTests : TraceTest
    {
        [Fact]
        public void Seed_handshake_tuples_passive_open()
        {
            var t = Trace(iss: 7000, peerIss: 3000); // X = 3000 (peer), Y = 7000 (us)
            t.Stack.Listen(LocalPort);
            t.Deliver(S, 3000, 0, mss: 1460);                  // (X, 0)
            var synAck = t.ExpectOne(SA, 7000, 3001);           // (Y, X+1)
            Assert.Equal(t.OurMss, synAck.Mss);                 // MUST-14
            t.Deliver(A, 3001, 7001);                           // (X+1, Y+1)
            t.ExpectNothing();
            Assert.Equal("Closed->Listen Listen->SynReceived SynReceived->Established", t.States.Path(0));
        }

        [Fact]
        public void Seed_handshake_tuples_active_open()
        {
            var t = Trace(iss: 3000, peerIss: 7000);
            t.SynSent();                                        // (X, 0) checked in fixture
            t.Deliver(SA, 7000, 3001, mss: 1460);               // (Y, X+1)
            t.ExpectOne(A, 3001, 7001);                         // (X+1, Y+1)
            Assert.Equal(TcpState.Established, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Connected) != 0);
        }

        [Fact]
        public void RFC9293_3_10_7_3_SynSent_bad_ack_draws_reset_with_seq_of_seg_ack()
        {
            var t = Trace(iss: 3000).SynSent();
            t.Deliver(SA, 7000, 9999);
            t.ExpectOne(R, 9999, 0);
            Assert.Equal(TcpState.SynSent, t.State);
        }

        [Fact]
        public void RFC9293_3_10_7_3_SynSent_ack_equal_to_iss_is_unacceptable()
        {
            var t = Trace(iss: 3000).SynSent();
            t.Deliver(SA, 7000, 3000);
            t.ExpectOne(R, 3000, 0);
        }

        [Fact]
        public void RFC5961_3_2_SynSent_rst_counts_only_when_it_acks_our_syn()
        {
            var t = Trace(iss: 3000).SynSent();
            t.Deliver(R, 0, 0);                                  // no ACK: ignored
            t.ExpectNothing();
            Assert.Equal(TcpState.SynSent, t.State);
            t.Deliver(R | A, 0, 5000);                           // bad ACK: dropped, never RST for RST
            t.ExpectNothing();
            Assert.Equal(TcpState.SynSent, t.State);
            t.Deliver(R | A, 0, 3001);                           // acks our SYN: refused
            t.ExpectNothing();
            Assert.Equal(TcpState.Closed, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Refused) != 0);
        }

        [Fact]
        public void MUST_10_simultaneous_open_goes_SynSent_SynReceived_Established()
        {
            var t = Trace(iss: 3000, peerIss: 7000).SynSent();
            t.Deliver(S, 7000, 0, mss: 1000);                    // the peer's own SYN crosses ours
            var sa = t.ExpectOne(SA, 3000, 7001);
            Assert.Equal(t.OurMss, sa.Mss);
            Assert.Equal(TcpState.SynReceived, t.State);
            t.Deliver(SA, 7000, 3001);                           // its SYN-ACK: old SYN octet, so
            t.ExpectOne(A, 3001, 7001);                          // unacceptable: we ACK (RFC 9293 3.10.7.4 first)
            Assert.Equal(TcpState.SynReceived, t.State);
            t.Deliver(A, 7001, 3001);                            // its ACK of our SYN-ACK
            t.ExpectNothing();
            Assert.Equal(TcpState.Established, t.State);
            Assert.Equal("Closed->SynSent SynSent->SynReceived SynReceived->Established", t.States.Path(t.Conn & 0x7FF));
        }

        [Fact]
        public void MUST_11_SynReceived_from_Listen_returns_to_Listen_on_reset()
        {
            var t = Trace().SynReceived();
            t.Deliver(R, t.PeerNxt, 0);
            t.ExpectNothing();
            Assert.Equal(0, t.Stack.CountInState(TcpState.SynReceived));
            Assert.Contains("SynReceived->Listen", t.States.Path(0));
            Assert.Equal(TcpStack.NoHandle, t.Stack.Accept(t.Listener));
            // the listener still works
            t.Deliver(S, 9000, 0);
            t.ExpectOne(SA, t.Iss, 9001);
        }

        [Fact]
        public void MUST_11_SynReceived_from_SynSent_reports_refused_on_reset()
        {
            var t = Trace(iss: 3000, peerIss: 7000).SynSent();
            t.Deliver(S, 7000, 0);
            t.ExpectOne(SA, 3000, 7001);
            t.Deliver(R, 7001, 0);
            Assert.Equal(TcpState.Closed, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.Refused) != 0);
        }

        [Fact]
        public void RFC9293_3_10_7_4_SynReceived_unacceptable_ack_draws_reset()
        {
            var t = Trace(iss: 1000).SynReceived();
            t.Deliver(A, t.PeerNxt, 555);
            t.ExpectOne(R, 555, 0);
            Assert.Equal(TcpState.SynReceived, t.Stack.GetSlotState(0));
        }

        [Fact]
        public void RFC9293_3_10_7_4_SynReceived_repeated_syn_resends_synack()
        {
            var t = Trace(iss: 1000).SynReceived();
            t.Deliver(S, t.PeerIss, 0);
            t.ExpectOne(SA, 1000, t.PeerIss + 1);
        }

        [Fact]
        public void RFC9293_3_10_7_2_Listen_ack_draws_reset_and_rst_is_ignored()
        {
            var t = Trace();
            t.Stack.Listen(LocalPort);
            t.Deliver(A, 100, 4242);
            t.ExpectOne(R, 4242, 0);
            t.Deliver(R, 100, 0);
            t.ExpectNothing();
            t.Deliver(R | A, 100, 5);
            t.ExpectNothing();
        }

        [Fact]
        public void Seed_syn_to_closed_port_is_answered_by_rst()
        {
            // RFC 9293 3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
            var t = Trace();
            t.Deliver(S, 5000, 0, dstPort: 81);
            t.ExpectOne(RA, 0, 5001, srcPort: 81);               // from the port it was sent to
        }

        [Fact]
        public void RFC9293_3_10_7_1_closed_port_ack_gets_rst_with_seq_seg_ack_and_rst_gets_nothing()
        {
            var t = Trace();
            t.Deliver(PA, 5000, 777, payload: Bytes(10), dstPort: 81);
            t.ExpectOne(R, 777, 0, srcPort: 81);
            t.Deliver(R, 5000, 0, dstPort: 81);
            t.ExpectNothing();
            t.Deliver(FA, 5000, 0, dstPort: 81);
            t.ExpectOne(R, 0, 0, srcPort: 81); // ACK flag set, SEG.ACK 0: <SEQ=0><CTL=RST>
        }

        [Fact]
        public void RFC9293_3_10_7_1_closed_port_fin_without_ack_counts_fin_in_seg_len()
        {
            var t = Trace();
            t.Deliver(F, 5000, 0, payload: Bytes(3), dstPort: 81);
            t.ExpectOne(RA, 0, 5004, srcPort: 81);
        }

        [Fact]
        public void MUST_41_full_backlog_drops_syns_without_disturbing_established()
        {
            var t = Trace(configure: o => { o.ListenBacklog = 2; o.Connections = 8; }).Established();
            var est = t.Conn;
            // The backlog fills with established connections the application has not accepted
            // (a backlog of half-open ones recycles its oldest instead: LifetimeTests.RFC4987_*).
            t.Deliver(S, 100, 0, srcPort: 1001);
            t.ExpectOne(SA, t.Iss, 101, dstPort: 1001);
            t.Deliver(A, 101, t.Iss + 1, srcPort: 1001);
            t.Deliver(S, 200, 0, srcPort: 1002);
            t.ExpectOne(SA, t.Iss, 201, dstPort: 1002);
            t.Deliver(A, 201, t.Iss + 1, srcPort: 1002);
            t.ExpectNothing();
            t.Deliver(S, 300, 0, srcPort: 1003);
            t.ExpectNothing();
            Assert.Equal(1, t.Stack.Counters.ListenBacklogDrops);
            Assert.Equal(0, t.Stack.Counters.HalfOpenRecycled);
            Assert.Equal(TcpState.Established, t.Stack.GetState(est));
            t.Send(est, Bytes(5));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 5);
            // Accepting one frees room for another.
            Assert.NotEqual(TcpStack.NoHandle, t.Stack.Accept(t.Listener));
            t.Deliver(S, 300, 0, srcPort: 1003);
            t.ExpectOne(SA, t.Iss, 301, dstPort: 1003);
        }

        [Fact]
        public void MUST_14_MUST_15_MUST_16_mss_default_536_and_peer_option_honoured()
        {
            var t = Trace();
            t.Stack.Listen(LocalPort);
            t.Deliver(S, 100, 0);                               // no MSS option
            t.ExpectOne(SA, t.Iss, 101);
            Assert.Equal(536, t.Stack.GetSlotSendMss(0));       // MUST-15
            var u = Trace();
            u.Stack.Listen(LocalPort);
            u.Deliver(S, 100, 0, mss: 9000);                     // larger than our MTU allows
            u.ExpectOne(SA, u.Iss, 101);
            Assert.Equal(u.OurMss, u.Stack.GetSlotSendMss(0));   // MUST-16: capped
            var v = Trace();
            v.Stack.Listen(LocalPort);
            v.Deliver(S, 100, 0, mss: 700);
            v.ExpectOne(SA, v.Iss, 101);
            Assert.Equal(700, v.Stack.GetSlotSendMss(0));        // MUST-14 honoured
        }

        [Fact]
        public void MUST_65_no_mss_option_on_non_syn_segments()
        {
            var t = Trace().Established();
            t.Send(Bytes(100));
            t.Poll();
            var d = t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 100);
            Assert.Equal(0, d.Mss);
        }

        [Fact]
        public void MUST_57_MUST_63_broadcast_and_multicast_are_discarded()
        {
            var t = Trace();
            t.Stack.Listen(LocalPort);
            var b = t.Build(S, 100, 0);
            uint bcast = 0xFFFFFFFF;
            b[16] = b[17] = 0;
            TcpHeader.FinishChecksum(b, 0, b.Length, Remote, bcast);
            t.Stack.Input(Remote, bcast, b, 0, b.Length, t.Now);
            var m = t.Build(S, 100, 0);
            uint mcast = Ipv4Address.Make(224, 0, 0, 1);
            m[16] = m[17] = 0;
            TcpHeader.FinishChecksum(m, 0, m.Length, mcast, Local);
            t.Stack.Input(mcast, Local, m, 0, m.Length, t.Now);
            t.Poll();
            t.ExpectNothing();
            Assert.Equal(2, t.Stack.Counters.AddressDropped);
        }

        [Fact]
        public void MUST_46_connect_to_broadcast_or_multicast_throws_with_advice()
        {
            var t = Trace();
            var e = Assert.Throws<System.ArgumentException>(() => t.Stack.Connect(0xFFFFFFFF, 80, 0));
            Assert.Contains("unicast", e.Message);
            Assert.Throws<System.ArgumentException>(() => t.Stack.Connect(Ipv4Address.Make(239, 1, 1, 1), 80, 0));
        }

        [Fact]
        public void MUST_3_bad_checksum_dropped_and_counted()
        {
            var t = Trace();
            t.Stack.Listen(LocalPort);
            var b = t.Build(S, 100, 0);
            b[4] ^= 1;
            t.Stack.Input(Remote, Local, b, 0, b.Length, t.Now);
            t.Poll();
            t.ExpectNothing();
            Assert.Equal(1, t.Stack.Counters.ChecksumErrors);
        }

        [Fact]
        public void MUST_8_MUST_9_isn_differs_per_four_tuple_and_moves_with_the_clock()
        {
            var t = Trace(configure: o => o.Secret = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });
            t.Stack.FixedIsnSet = false;                          // the real RFC 6528 generator
            var s = t.Stack;
            int c1 = s.Connect(Remote, 80, 0);
            int c2 = s.Connect(Remote, 81, 0);
            int c3 = s.Connect(Remote, 80, 10_000);
            var sent = t.Take();
            Assert.Equal(3, sent.Count);
            Assert.NotEqual(sent[0].Seq, sent[1].Seq);
            Assert.NotEqual(sent[0].Seq, sent[2].Seq);
            // Ephemeral ports are not sequential (RFC 6056).
            Assert.True(sent[0].SourcePort >= 49152);
            Assert.NotEqual(s.LocalPort(c1), s.LocalPort(c3));
        }

        [Fact]
        public void MUST_22_MUST_23_syn_retransmitted_with_backoff_until_at_least_3_minutes()
        {
            var t = Trace(iss: 3000).SynSent();
            long start = t.Now;
            var times = new System.Collections.Generic.List<long>();
            for (int i = 0; i < 40 && t.State == TcpState.SynSent; i++)
            {
                long d = t.Stack.NextDeadline(t.Now);
                if (d == long.MaxValue) break;
                t.Now = d;
                t.Poll();
                var syn = t.Seg(S, 3000, 0);
                foreach (var w in t.Take())
                {
                    Assert.True(syn.SameAs(w), "retransmitted SYN: expected/got " + syn.Differences(w));
                    times.Add(t.Now - start);
                }
            }
            Assert.Equal(TcpState.Closed, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.TimedOut) != 0);
            Assert.Equal(new long[] { 1000, 3000, 7000, 15000, 31000, 63000, 123000 }, times.GetRange(0, 7).ToArray()); // MUST-19 doubling
            Assert.True(t.Now - start >= 180_000, "gave up before 3 minutes (MUST-23)");
        }
    }
}
