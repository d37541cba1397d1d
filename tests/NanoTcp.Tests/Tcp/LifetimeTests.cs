using System.Linq;
using NanoTcp.Testing;
using NanoTcp.Tcp;
using Xunit;
using static NanoTcp.Tests.Tcp.TcpTrace;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// Issue 13: every connection slot comes back on its own, bounded in time, whatever the
    /// peer or the application does. Each test is a trace: the misbehaving peer's segments,
    /// the device's exact answers, then the clock advanced past the bound and the slot count
    /// back to zero.
    /// </summary>
    public class LifetimeTests : TraceTest
    {
        private static int SlotsInUse(TcpTrace t) => Enumerable.Range(0, t.Stack.ConnectionSlots).Count(t.Stack.IsSlotInUse);

        // ---------------- RFC 1122 4.2.2.13: half-duplex close, RST when data is lost ----------------

        [Fact]
        public void RFC1122_4_2_2_13_close_with_unread_data_sends_rst_and_frees_the_slot()
        {
            var t = Trace().Established();
            t.Deliver(PA, t.PeerNxt, t.Iss + 1, payload: Bytes(10));   // the application never reads it
            t.PeerNxt += 10;
            t.Take();
            t.Stack.Close(t.Conn);
            t.ExpectOne(R, t.Iss + 1, 0);                               // <SEQ=SND.NXT><CTL=RST>, at once
            Assert.Equal(0, SlotsInUse(t));
            Assert.Equal(1, t.Stack.Counters.AbortOnClose);
            Assert.Equal(TcpState.Closed, t.State);
            t.Advance(10 * 60_000);
            t.ExpectNothing();
        }

        [Fact]
        public void RFC1122_4_2_2_13_close_with_unread_data_sends_the_queued_response_before_the_rst()
        {
            // An HTTP server answers 431 to a head that does not fit and closes with the rest unread.
            var t = Trace().Established();
            t.Deliver(PA, t.PeerNxt, t.Iss + 1, payload: Bytes(1000));
            t.PeerNxt += 1000;
            t.Take();
            t.Send(Bytes(40));
            t.Stack.Close(t.Conn);
            t.Expect(t.Seg(PA, t.Iss + 1, t.PeerNxt, 40, window: 4096 - 1000), // the response, as the window allows
                     t.Seg(R, t.Iss + 41, 0));                          // then RST at the highest SND.NXT
            Assert.Equal(0, SlotsInUse(t));
            Assert.Equal(1, t.Stack.Counters.AbortOnClose);
        }

        [Fact]
        public void RFC1122_4_2_2_13_data_after_close_in_FinWait2_sends_rst_and_frees_the_slot()
        {
            // The "100 KB header, then 431" case: the application answered and closed; the peer
            // keeps sending. Before: the ring nobody reads filled, window 0, slot stuck forever.
            var t = Trace().Established();
            t.Send(Bytes(40));
            t.Stack.Close(t.Conn);
            t.Poll();
            t.ExpectOne(PA | FA, t.Iss + 1, t.PeerNxt, 40);             // response and FIN
            t.Deliver(A, t.PeerNxt, t.Iss + 42);                        // both acknowledged
            Assert.Equal(TcpState.FinWait2, t.State);
            t.ExpectNothing();
            t.Deliver(PA, t.PeerNxt, t.Iss + 42, payload: Bytes(1460)); // more header bytes
            t.ExpectOne(R, t.Iss + 42, 0);
            Assert.Equal(0, SlotsInUse(t));
            Assert.Equal(1, t.Stack.Counters.AbortOnData);
            // The rest of the peer's data meets no connection: RST per RFC 9293 3.10.7.1.
            t.Deliver(PA, t.PeerNxt + 1460, t.Iss + 42, payload: Bytes(1460));
            t.ExpectOne(R, t.Iss + 42, 0);
        }

        [Fact]
        public void RFC1122_4_2_2_13_data_after_close_in_FinWait1_sends_rst_after_the_fin()
        {
            var t = Trace().Established();
            t.Stack.Close(t.Conn);
            t.Poll();
            t.ExpectOne(FA, t.Iss + 1, t.PeerNxt);
            t.Deliver(PA, t.PeerNxt, t.Iss + 1, payload: Bytes(100));  // data, our FIN not yet acknowledged
            t.ExpectOne(R, t.Iss + 2, 0);                               // SND.NXT counts the FIN
            Assert.Equal(0, SlotsInUse(t));
            Assert.Equal(1, t.Stack.Counters.AbortOnData);
        }

        [Fact]
        public void RFC1122_4_2_2_13_old_data_and_a_bare_fin_after_close_are_not_data_loss()
        {
            var t = Trace().FinWait2();
            t.Deliver(PA, t.PeerNxt - 10, t.Iss + 2, payload: Bytes(10)); // a duplicate of what we had
            t.ExpectOne(A, t.Iss + 2, t.PeerNxt);
            Assert.Equal(TcpState.FinWait2, t.State);
            t.Deliver(FA, t.PeerNxt, t.Iss + 2);                         // the peer's FIN: normal close
            t.ExpectOne(A, t.Iss + 2, t.PeerNxt + 1);
            Assert.Equal(TcpState.TimeWait, t.State);
            Assert.Equal(0, t.Stack.Counters.AbortOnData);
        }

        // ---------------- FIN-WAIT-2 orphans (Linux tcp_fin_timeout) ----------------

        [Fact]
        public void FinWait2_orphan_is_reset_and_freed_after_TcpFinWait2TimeoutMs()
        {
            var t = Trace().FinWait2();                            // closed, FIN acknowledged, peer silent
            Assert.Equal(60_000, t.Options.FinWait2TimeoutMs);         // default, like Linux
            t.Advance(59_999);
            t.ExpectNothing();
            Assert.Equal(TcpState.FinWait2, t.State);
            t.Advance(1);
            t.ExpectOne(R, t.Iss + 2, 0);
            Assert.Equal(0, SlotsInUse(t));
            Assert.Equal(1, t.Stack.Counters.FinWait2Timeouts);
        }

        [Fact]
        public void FinWait2_timeout_does_not_touch_a_half_closed_connection_the_application_holds()
        {
            var t = Trace(configure: o => o.FinWait2TimeoutMs = 5000).Established();
            t.Stack.Shutdown(t.Conn);
            t.Poll();
            t.ExpectOne(FA, t.Iss + 1, t.PeerNxt);
            t.Deliver(A, t.PeerNxt, t.Iss + 2);
            t.Advance(10 * 60_000);                                        // the application still reads
            Assert.Equal(TcpState.FinWait2, t.State);
            t.ExpectNothing();
            t.Stack.Close(t.Conn);                                         // now it is an orphan
            t.Advance(4999);
            t.ExpectNothing();
            t.Advance(1);
            t.ExpectOne(R, t.Iss + 2, 0);
            Assert.Equal(0, SlotsInUse(t));
        }

        // ---------------- zero window user timeout (RFC 6429, RFC 5482 style) ----------------

        /// <summary>Answers every probe with window 0 until the stack gives up; returns the time
        /// of the first probe and of the RST.</summary>
        private static (long FirstProbe, long Reset) AnswerProbesWithZeroWindow(TcpTrace t, uint ackOfPeer)
        {
            long firstProbe = -1;
            for (int i = 0; i < 100; i++)
            {
                long next = t.Stack.NextDeadline(t.Now);
                Assert.NotEqual(long.MaxValue, next);
                t.Advance(next - t.Now);
                var sent = t.Take();
                if (sent.Count == 0) continue;                             // a deadline with nothing to send
                Assert.Single(sent);
                if (sent[0].Has(R))
                {
                    // At SND.UNA: the peer took no probe octet, and at window zero it accepts
                    // an RST only at exactly RCV.NXT.
                    Assert.True(t.Seg(R, t.Iss + 1, 0).SameAs(sent[0]), "RST: " + t.Seg(R, t.Iss + 1, 0).Differences(sent[0]));
                    return (firstProbe, t.Now);
                }
                Assert.True(t.Seg(A, t.Iss + 1, t.PeerNxt, 1).SameAs(sent[0]), "probe: " + sent[0]); // one octet at SND.UNA
                if (firstProbe < 0) firstProbe = t.Now;
                t.Deliver(A, t.PeerNxt, ackOfPeer, window: 0);            // answered: window still zero
                t.ExpectNothing();
            }
            Assert.Fail("the zero window was probed forever");
            return (0, 0);
        }

        [Fact]
        public void RFC6429_orphan_behind_a_zero_window_is_reset_and_freed_after_the_user_timeout()
        {
            var t = Trace().Established(peerWindow: 0);
            t.Send(Bytes(100));
            t.Stack.Close(t.Conn);                                         // the response and FIN wait behind the window
            t.Poll();
            t.ExpectNothing();
            var (first, reset) = AnswerProbesWithZeroWindow(t, t.Iss + 1);
            // The bound: the user timeout (120 s by default) from the first probe, plus at most
            // one backed-off probe interval (the RTO, at most 60 s).
            Assert.InRange(reset - first, t.Options.ZeroWindowTimeoutMs, t.Options.ZeroWindowTimeoutMs + t.Options.MaxRtoMs);
            Assert.Equal(0, SlotsInUse(t));
            Assert.Equal(1, t.Stack.Counters.ZeroWindowTimeouts);
        }

        [Fact]
        public void RFC6429_connection_whose_peer_never_opens_its_window_times_out_and_the_application_is_told()
        {
            var t = Trace(configure: o => o.ZeroWindowTimeoutMs = 30_000).Established(peerWindow: 0);
            t.Send(Bytes(100));
            t.Poll();
            var (first, reset) = AnswerProbesWithZeroWindow(t, t.Iss + 1);
            Assert.InRange(reset - first, 30_000, 30_000 + t.Options.MaxRtoMs);
            Assert.Equal(TcpState.Closed, t.State);
            Assert.True((t.Stack.GetEvents(t.Conn) & TcpEvents.TimedOut) != 0);
            Assert.Equal(1, SlotsInUse(t));                                 // kept while the application holds it
            t.Stack.Close(t.Conn);
            Assert.Equal(0, SlotsInUse(t));
        }

        [Fact]
        public void RFC6429_a_window_that_opens_restarts_the_user_timeout()
        {
            var t = Trace(configure: o => o.ZeroWindowTimeoutMs = 10_000).Established(peerWindow: 0);
            t.Send(Bytes(100));
            t.Poll();
            t.Advance(1000);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt, 1);                       // first probe
            t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 0);
            t.Advance(8000);
            t.Take();
            // The peer takes 10 bytes and closes again: progress, so the clock starts over.
            t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 10);
            t.ExpectOne(A, t.Iss + 1, t.PeerNxt, 10);
            t.Deliver(A, t.PeerNxt, t.Iss + 11, window: 0);
            t.Advance(9000);
            t.ExpectRepeated(t.Seg(A, t.Iss + 11, t.PeerNxt, 1));          // probing goes on
            Assert.Equal(TcpState.Established, t.State);
            Assert.Equal(0, t.Stack.Counters.ZeroWindowTimeouts);
        }

        [Fact]
        public void MUST_37_zero_window_user_timeout_can_be_lifted_per_connection_but_not_for_an_orphan()
        {
            var t = Trace(configure: o => o.ZeroWindowTimeoutMs = 10_000).Established(peerWindow: 0);
            t.Stack.SetZeroWindowTimeout(t.Conn, 0);
            t.Send(Bytes(100));
            t.Poll();
            for (int i = 0; i < 20; i++)                                    // 20 minutes of answered probes
            {
                t.Advance(60_000);
                Assert.True(t.Take().Count >= 1);
                t.Deliver(A, t.PeerNxt, t.Iss + 1, window: 0);
            }
            Assert.Equal(TcpState.Established, t.State);
            t.Stack.Close(t.Conn);                                         // nobody holds it now: bounded again
            t.Take();
            AnswerProbesWithZeroWindow(t, t.Iss + 1);
            Assert.Equal(0, SlotsInUse(t));
            var u = Trace().Established();
            var e = Assert.Throws<System.ArgumentOutOfRangeException>(() => u.Stack.SetZeroWindowTimeout(u.Conn, -1));
            Assert.Contains("0 (probe for as long as the peer answers)", e.Message);
        }

        // ---------------- half-open connections (Linux tcp_synack_retries, RFC 4987) ----------------

        [Fact]
        public void RFC4987_synack_retransmitted_TcpSynAckRetries_times_then_the_half_open_slot_is_freed()
        {
            var t = Trace().SynReceived();                          // the peer (spoofed) never answers
            long start = t.Now;
            var times = new System.Collections.Generic.List<long>();
            for (int i = 0; i < 10 && SlotsInUse(t) > 0; i++)
            {
                long next = t.Stack.NextDeadline(t.Now);
                t.Advance(next - t.Now);
                foreach (var s in t.Take())
                {
                    Assert.True(t.Seg(SA, t.Iss, t.PeerIss + 1).SameAs(s), "SYN-ACK: " + s);
                    times.Add(t.Now - start);
                }
            }
            // Linux's default: 5 retransmissions at 1, 3, 7, 15, 31 s, freed at 63 s, no RST.
            Assert.Equal(new long[] { 1000, 3000, 7000, 15000, 31000 }, times);
            Assert.Equal(63_000, t.Now - start);
            Assert.Equal(0, SlotsInUse(t));
            Assert.Equal(1, t.Stack.Counters.HalfOpenTimeouts);
            Assert.Contains("SynReceived->Listen", t.States.Path(0));
            // The listener's backlog is whole again.
            t.Deliver(S, 9000, 0, srcPort: 4444);
            t.ExpectOne(SA, t.Iss, 9001, dstPort: 4444);
        }

        [Fact]
        public void RFC4987_3_3_spoofed_syn_flood_recycles_the_oldest_half_open_so_a_client_gets_through()
        {
            var t = Trace(configure: o => { o.ListenBacklog = 4; o.Connections = 8; });
            t.Listener = t.Stack.Listen(LocalPort);
            for (int p = 1; p <= 4; p++)                                   // four spoofed SYNs fill the backlog
            {
                t.Deliver(S, (uint)(100 * p), 0, srcPort: 1000 + p);
                t.ExpectOne(SA, t.Iss, (uint)(100 * p + 1), dstPort: 1000 + p);
            }
            t.Advance(500);
            t.Deliver(S, 7000, 0, srcPort: 5555);                          // the legitimate client
            t.ExpectOne(SA, t.Iss, 7001, dstPort: 5555);
            Assert.Equal(1, t.Stack.Counters.HalfOpenRecycled);
            Assert.Equal(0, t.Stack.Counters.ListenBacklogDrops);
            t.Deliver(A, 101, t.Iss + 1, srcPort: 1001);                   // the recycled one is gone
            t.ExpectOne(R, t.Iss + 1, 0, dstPort: 1001);
            t.Deliver(S, 500, 0, srcPort: 1005);                           // the flood goes on
            t.Take();
            t.Deliver(A, 7001, t.Iss + 1, srcPort: 5555);                  // the client completes
            t.ExpectNothing();
            int client = t.Stack.Accept(t.Listener);
            Assert.NotEqual(TcpStack.NoHandle, client);
            Assert.Equal(5555, t.Stack.RemotePort(client));
            Assert.Equal(TcpState.Established, t.Stack.GetState(client));
            for (int p = 6; p <= 20; p++)                                  // more flood never touches it
            {
                t.Deliver(S, (uint)(100 * p), 0, srcPort: 1000 + p);
                t.Take();
            }
            Assert.Equal(TcpState.Established, t.Stack.GetState(client));
            // Past the SYN-ACK bound every half-open slot is back.
            t.Advance(64_000);
            t.Take();
            Assert.Equal(1, SlotsInUse(t));
            t.Stack.Abort(client);
            t.ExpectOne(R, t.Iss + 1, 0, dstPort: 5555);
            Assert.Equal(0, SlotsInUse(t));
        }

        // ---------------- MUST-45: the connection's own local address ----------------

        [Fact]
        public void MUST_45_address_change_aborts_connections_bound_to_the_old_address()
        {
            var t = Trace().Established();
            t.Send(Bytes(10));                        // queued, not yet sent
            t.Ip.LocalAddress = NanoTcp.Wire.Ipv4Address.Make(192, 0, 2, 77); // static change or a new DHCP lease
            t.Poll();
            t.ExpectNothing();                                             // no segment with a mixed-up address
            Assert.Equal(TcpState.Closed, t.State);
            TcpEvents ev = t.Stack.GetEvents(t.Conn);
            Assert.True((ev & TcpEvents.AddressChanged) != 0, ev.ToString());
            Assert.Equal(1, t.Stack.Counters.AddressChangeAborts);
            var e = Assert.Throws<System.InvalidOperationException>(() => t.Stack.Send(t.Conn, Bytes(1), 0, 1));
            Assert.Contains("address", e.Message);
            t.Stack.Close(t.Conn);
            Assert.Equal(0, SlotsInUse(t));
            t.Stack.Abort(t.Conn);                                         // stale handle: nothing to send
            t.ExpectNothing();
        }

        [Fact]
        public void MUST_45_no_segment_leaves_with_a_stale_local_address_between_change_and_poll()
        {
            var t = Trace().Established();
            t.Ip.LocalAddress = NanoTcp.Wire.Ipv4Address.Make(192, 0, 2, 77);
            t.Stack.Abort(t.Conn);                                         // would be an RST from the old address
            t.ExpectNothing();
            Assert.Equal(1, t.Stack.Counters.AddressMismatchDrops);
            Assert.Equal(0, SlotsInUse(t));
        }

        [Fact]
        public void MUST_45_losing_the_address_and_getting_the_same_one_back_keeps_connections()
        {
            var t = Trace().Established();
            uint address = t.Ip.LocalAddress;
            t.Ip.LocalAddress = 0;                                          // DHCP restarts
            t.Advance(2000);
            Assert.Equal(TcpState.Established, t.State);
            t.Ip.LocalAddress = address;                                    // the same lease again
            t.Advance(100);
            t.Send(Bytes(5));
            t.Poll();
            t.ExpectOne(PA, t.Iss + 1, t.PeerNxt, 5);
            Assert.Equal(0, t.Stack.Counters.AddressChangeAborts);
        }
    }
}
