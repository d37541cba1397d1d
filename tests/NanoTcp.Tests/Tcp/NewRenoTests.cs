using System;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    public class NewRenoTests
    {
        private const int Mss = 1000;
        // ISS just below the wrap, so every scenario crosses 2^32.
        private static readonly uint Iss = 0xFFFFF000u;

        [Theory]
        [InlineData(536, 2144)]
        [InlineData(1095, 4380)]
        [InlineData(1096, 3288)]
        [InlineData(1460, 4380)]
        [InlineData(2190, 6570)]
        [InlineData(2191, 4382)]
        [InlineData(8960, 17920)]
        public void Initial_window_follows_RFC5681_3_1(int mss, int iw)
        {
            Assert.Equal(iw, NewReno.InitialWindow(mss));
            var cc = new NewReno(mss);
            Assert.Equal(iw, cc.Cwnd);
            Assert.Equal(NewReno.Unlimited, cc.Ssthresh);
        }

        [Fact]
        public void MUST_19_Slow_start_grows_by_at_most_one_SMSS_per_ACK()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = Iss + 1 + 4000;
            Assert.False(cc.OnNewAck(una + 1000, 1000, nxt));
            Assert.Equal(5000, cc.Cwnd);
            Assert.False(cc.OnNewAck(una + 4000, 3000, nxt));  // a stretch ACK: still + SMSS
            Assert.Equal(6000, cc.Cwnd);
            cc.OnNewAck(una + 4300, 300, nxt + 300);            // small ACK: + N
            Assert.Equal(6300, cc.Cwnd);
        }

        [Fact]
        public void MUST_19_Congestion_avoidance_grows_one_SMSS_per_window_of_acknowledged_bytes()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1;
            // A timeout with 8000 bytes outstanding: ssthresh = 4000, cwnd = 1 SMSS.
            cc.OnRetransmitTimeout(una, una + 8000);
            Assert.Equal(4000, cc.Ssthresh);
            Assert.Equal(1000, cc.Cwnd);
            uint nxt = una + 8000;
            for (int i = 0; i < 3; i++) { una += 1000; cc.OnNewAck(una, 1000, nxt); }
            Assert.Equal(4000, cc.Cwnd);            // slow start up to ssthresh
            for (int i = 0; i < 3; i++) { una += 1000; cc.OnNewAck(una, 1000, nxt); }
            Assert.Equal(4000, cc.Cwnd);            // 3000 of 4000 bytes counted
            una += 1000; cc.OnNewAck(una, 1000, nxt);
            Assert.Equal(5000, cc.Cwnd);            // a whole cwnd acknowledged: + SMSS
            for (int i = 0; i < 4; i++) { una += 1000; cc.OnNewAck(una, 1000, nxt + 10000); }
            Assert.Equal(5000, cc.Cwnd);            // now 5000 bytes are needed
            una += 1000; cc.OnNewAck(una, 1000, nxt + 10000);
            Assert.Equal(6000, cc.Cwnd);
        }

        [Fact]
        public void First_and_second_duplicate_ACKs_allow_limited_transmit_only()
        {
            // RFC 3042 / RFC 5681 3.2 step 1: cwnd unchanged, two more segments may go.
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = una + 4000;
            Assert.False(cc.OnDuplicateAck(una, nxt));
            Assert.Equal(4000, cc.Cwnd);
            Assert.Equal(5000, cc.SendWindow);
            Assert.False(cc.OnDuplicateAck(una, nxt + 1000));
            Assert.Equal(6000, cc.SendWindow);
            Assert.False(cc.InRecovery);
        }

        [Fact]
        public void Third_duplicate_ACK_starts_fast_retransmit_and_recovery()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = una + 10000;
            cc.OnDuplicateAck(una, nxt);
            cc.OnDuplicateAck(una, nxt);
            Assert.True(cc.OnDuplicateAck(una, nxt));
            Assert.True(cc.InRecovery);
            Assert.Equal(5000, cc.Ssthresh);            // FlightSize / 2 (RFC 5681 eq. 4)
            Assert.Equal(5000 + 3 * Mss, cc.Cwnd);      // ssthresh + 3 SMSS (step 3)
            Assert.Equal(nxt - 1, cc.Recover);          // RFC 6582 step 2
            Assert.Equal(cc.Cwnd, cc.SendWindow);       // no limited transmit in recovery
            Assert.False(cc.OnDuplicateAck(una, nxt));  // step 4: inflate, no new retransmit
            Assert.Equal(9000, cc.Cwnd);
        }

        [Fact]
        public void Ssthresh_never_falls_below_two_segments()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1;
            for (int i = 0; i < 3; i++) cc.OnDuplicateAck(una, una + 1500);
            Assert.Equal(2 * Mss, cc.Ssthresh);
        }

        [Fact]
        public void Partial_ACK_retransmits_deflates_and_stays_in_recovery()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = una + 10000;
            for (int i = 0; i < 3; i++) cc.OnDuplicateAck(una, nxt);
            cc.OnDuplicateAck(una, nxt);                 // cwnd 9000
            // RFC 6582 3.2 step 3: deflate by 3000 acknowledged, add back SMSS.
            Assert.True(cc.OnNewAck(una + 3000, 3000, nxt));
            Assert.True(cc.InRecovery);
            Assert.Equal(9000 - 3000 + Mss, cc.Cwnd);
            // Less than one SMSS acknowledged: no add-back.
            Assert.True(cc.OnNewAck(una + 3500, 500, nxt));
            Assert.Equal(7000 - 500, cc.Cwnd);
            Assert.Equal(0, cc.DuplicateAcks);
        }

        [Fact]
        public void Full_ACK_deflates_to_ssthresh_and_ends_recovery()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = una + 10000;
            for (int i = 0; i < 3; i++) cc.OnDuplicateAck(una, nxt);
            uint newNxt = nxt + 6000;                    // sent during recovery
            // Ack == recover + 1 covers everything up to and including recover.
            Assert.False(cc.OnNewAck(nxt, 10000, newNxt));
            Assert.False(cc.InRecovery);
            // Option (1): min(ssthresh, max(FlightSize, SMSS) + SMSS) = min(5000, 7000).
            Assert.Equal(5000, cc.Cwnd);
        }

        [Fact]
        public void Full_ACK_with_little_outstanding_avoids_a_burst()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = una + 10000;
            for (int i = 0; i < 3; i++) cc.OnDuplicateAck(una, nxt);
            cc.OnNewAck(nxt, 10000, nxt);               // nothing outstanding afterwards
            Assert.Equal(2 * Mss, cc.Cwnd);             // max(0, SMSS) + SMSS
        }

        [Fact]
        public void Duplicate_ACKs_for_data_sent_before_a_timeout_do_not_start_fast_retransmit()
        {
            // RFC 6582 3.2 step 2 and step 4: after an RTO, recover = highest sent; three
            // duplicates whose ACK does not pass recover leave ssthresh alone.
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = una + 10000;
            cc.OnRetransmitTimeout(una, nxt);
            int ssthresh = cc.Ssthresh;
            una += 2000;
            cc.OnNewAck(una, 2000, nxt);
            for (int i = 0; i < 3; i++) Assert.False(cc.OnDuplicateAck(una, nxt));
            Assert.False(cc.InRecovery);
            Assert.Equal(ssthresh, cc.Ssthresh);
            // Once the ACK passes recover, three duplicates do start it.
            cc.OnNewAck(nxt, 8000, nxt + 3000);
            for (int i = 0; i < 2; i++) cc.OnDuplicateAck(nxt, nxt + 3000);
            Assert.True(cc.OnDuplicateAck(nxt, nxt + 3000));
        }

        [Fact]
        public void MUST_19_Timeout_sets_ssthresh_from_flight_size_and_cwnd_to_one_segment()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1, nxt = una + 12000;
            for (int i = 0; i < 3; i++) cc.OnDuplicateAck(una, nxt);
            cc.OnRetransmitTimeout(una, nxt);
            Assert.False(cc.InRecovery);                // RFC 6582 step 4: exit recovery
            Assert.Equal(6000, cc.Ssthresh);
            Assert.Equal(Mss, cc.Cwnd);
            Assert.Equal(nxt - 1, cc.Recover);
        }

        [Fact]
        public void A_repeated_timeout_of_the_same_data_holds_ssthresh()
        {
            // RFC 5681 3.1: "the value of ssthresh is held constant" on a second timeout.
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1;
            cc.OnRetransmitTimeout(una, una + 16000);
            Assert.Equal(8000, cc.Ssthresh);
            cc.OnRetransmitTimeout(una, una + 1000);    // only one segment back in flight
            Assert.Equal(8000, cc.Ssthresh);
            cc.OnNewAck(una + 1000, 1000, una + 1000);   // progress, then a fresh loss
            cc.OnRetransmitTimeout(una + 1000, una + 5000);
            Assert.Equal(2000, cc.Ssthresh);
        }

        [Fact]
        public void Idle_restart_shrinks_cwnd_to_the_initial_window_only()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1;
            for (int i = 0; i < 10; i++) { cc.OnNewAck(una + 1000, 1000, una + 5000); una += 1000; }
            Assert.Equal(14000, cc.Cwnd);
            cc.OnIdleRestart();
            Assert.Equal(4000, cc.Cwnd);
            cc.OnRetransmitTimeout(una, una + 1000);
            cc.OnIdleRestart();
            Assert.Equal(Mss, cc.Cwnd);                  // min(IW, cwnd)
        }

        [Fact]
        public void Reset_starts_a_new_connection()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            for (int i = 0; i < 3; i++) cc.OnDuplicateAck(Iss + 1, Iss + 9000);
            cc.Reset(1460, 5);
            Assert.False(cc.InRecovery);
            Assert.Equal(4380, cc.Cwnd);
            Assert.Equal(1460, cc.Mss);
            Assert.Equal(5u, cc.Recover);
            Assert.Equal(0, cc.DuplicateAcks);
            Assert.Throws<ArgumentOutOfRangeException>(() => cc.Reset(0, 0));
        }

        [Fact]
        public void Cwnd_never_overflows()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, 0);
            uint una = 1;
            for (int i = 0; i < 2000000; i++) { cc.OnNewAck(una + 1000, 1000, una + 1000); una += 1000; }
            Assert.True(cc.Cwnd > 0 && cc.Cwnd <= NewReno.Unlimited);
        }

        [Fact]
        public void Congestion_control_allocates_nothing()
        {
            var cc = new NewReno(Mss);
            cc.Reset(Mss, Iss);
            uint una = Iss + 1;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10000; i++)
            {
                cc.OnNewAck(una + 1000, 1000, una + 8000); una += 1000;
                if (i % 100 == 0) for (int d = 0; d < 4; d++) cc.OnDuplicateAck(una, una + 8000);
                if (i % 1000 == 0) cc.OnRetransmitTimeout(una, una + 8000);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
