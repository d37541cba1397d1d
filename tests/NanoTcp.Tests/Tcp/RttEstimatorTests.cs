using System;
using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    public class RttEstimatorTests
    {
        [Fact]
        public void Before_any_sample_the_RTO_is_the_initial_one()
        {
            var e = new RttEstimator(1000, 200, 60000);
            Assert.Equal(1000, e.RtoMs);
            Assert.False(e.HasSample);
        }

        [Fact]
        public void First_sample_sets_SRTT_to_R_and_RTTVAR_to_half_R()
        {
            // RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4 * RTTVAR) = 3R.
            var e = new RttEstimator(1000, 1, 60000);
            e.Sample(100);
            Assert.Equal(100, e.SrttMs);
            Assert.Equal(50, e.RttVarMs);
            Assert.Equal(300, e.RtoMs);
        }

        [Fact]
        public void Later_samples_use_alpha_one_eighth_and_beta_one_quarter()
        {
            // RFC 6298 2.3 with R = 100 then R' = 200:
            //   RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5
            //   SRTT   = 7/8 * 100 + 1/8 * 200      = 112.5
            //   RTO    = 112.5 + 4 * 62.5           = 362.5 -> 363 (rounded up)
            var e = new RttEstimator(1000, 1, 60000);
            e.Sample(100);
            e.Sample(200);
            Assert.Equal(112, e.SrttMs);
            Assert.Equal(62, e.RttVarMs);
            Assert.Equal(363, e.RtoMs);
        }

        [Fact]
        public void A_steady_RTT_leaves_the_clock_granularity_as_the_margin()
        {
            // RTTVAR decays to 0, so max(G, K * RTTVAR) = G = 1 ms.
            var e = new RttEstimator(1000, 1, 60000);
            for (int i = 0; i < 200; i++) e.Sample(100);
            Assert.Equal(100, e.SrttMs);
            Assert.Equal(0, e.RttVarMs);
            Assert.Equal(101, e.RtoMs);
        }

        [Fact]
        public void RTO_is_rounded_up_to_the_minimum()
        {
            // RFC 6298 2.4: "if it is less than 1 second, then the RTO SHOULD be rounded up to 1 second".
            var e = new RttEstimator(1000, 1000, 60000);
            e.Sample(10);
            Assert.Equal(1000, e.RtoMs);
        }

        [Fact]
        public void RTO_is_capped_at_the_maximum()
        {
            var e = new RttEstimator(1000, 1000, 60000);
            e.Sample(50000);
            Assert.Equal(60000, e.RtoMs);
        }

        [Fact]
        public void MUST_19_Backoff_doubles_the_RTO_up_to_the_maximum()
        {
            // RFC 6298 5.5 (RFC 9293 MUST-19): back off the timer; 2.5: a maximum may be placed.
            var e = new RttEstimator(1000, 1000, 60000);
            int[] expected = { 2000, 4000, 8000, 16000, 32000, 60000, 60000 };
            foreach (int rto in expected)
            {
                Assert.Equal(rto, e.Backoff());
                Assert.Equal(rto, e.RtoMs);
            }
        }

        [Fact]
        public void Backoff_never_overflows_with_a_huge_maximum()
        {
            var e = new RttEstimator(1000, 1000, int.MaxValue);
            for (int i = 0; i < 40; i++) e.Backoff();
            Assert.Equal(int.MaxValue, e.RtoMs);
        }

        [Fact]
        public void A_new_sample_collapses_a_backed_off_RTO()
        {
            var e = new RttEstimator(1000, 1, 60000);
            e.Sample(100);
            e.Backoff();
            e.Backoff();
            Assert.Equal(1200, e.RtoMs);
            e.Sample(100);
            // RTTVAR = 3/4 * 50 + 0 = 37.5, SRTT = 100: RTO = 100 + 150 = 250.
            Assert.Equal(250, e.RtoMs);
        }

        [Fact]
        public void After_a_lost_SYN_data_starts_with_three_seconds_when_no_sample_exists()
        {
            // RFC 6298 5.7.
            var e = new RttEstimator(1000, 1000, 60000);
            e.Backoff();
            e.AfterSynRetransmission();
            Assert.Equal(3000, e.RtoMs);

            var measured = new RttEstimator(1000, 1, 60000);
            measured.Sample(100);
            measured.AfterSynRetransmission();
            Assert.Equal(300, measured.RtoMs);
        }

        [Fact]
        public void Reset_forgets_samples_and_backoff()
        {
            var e = new RttEstimator(1500, 1000, 60000);
            e.Sample(400);
            e.Backoff();
            e.Reset();
            Assert.False(e.HasSample);
            Assert.Equal(1500, e.RtoMs);
            e.Sample(100);  // a first sample again (2.2), not an update (2.3)
            Assert.Equal(100, e.SrttMs);
            Assert.Equal(50, e.RttVarMs);
        }

        [Fact]
        public void Negative_samples_are_ignored_and_huge_ones_do_not_overflow()
        {
            var e = new RttEstimator(1000, 1, int.MaxValue);
            e.Sample(-5);
            Assert.False(e.HasSample);
            e.Sample(int.MaxValue);
            e.Sample(int.MaxValue);
            Assert.True(e.RtoMs > 0);
        }

        [Fact]
        public void Bad_limits_throw()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RttEstimator(1000, 0, 60000));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RttEstimator(1000, 2000, 1000));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RttEstimator(500, 1000, 60000));
        }

        [Fact]
        public void Sampling_allocates_nothing()
        {
            var e = new RttEstimator(1000, 200, 60000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10000; i++) { e.Sample(i % 700); if (i % 50 == 0) e.Backoff(); }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
