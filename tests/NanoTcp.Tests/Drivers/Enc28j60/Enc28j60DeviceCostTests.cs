using System;
using NanoTcp.Simulation;
using NanoTcp.Drivers.Enc28j60;
using NanoTcp.Simulation.Enc28j60;
using Xunit;

namespace NanoTcp.Tests.Drivers.Enc28j60
{
    /// <summary>
    /// What a frame costs on the SPI bus (counted, not timed) and that the steady state does not
    /// allocate. Linux's enc28j60.c spends 9 transactions per received and 7 per sent frame
    /// (hw/hw-facts.md part C); we must spend fewer.
    /// </summary>
    public class Enc28j60DeviceCostTests
    {
        private static readonly byte[] Mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
        private static readonly byte[] Peer = { 0x02, 0, 0, 0, 0, 0xEE };
        private readonly TestWire _wire = new TestWire();
        private readonly Enc28j60Chip _chip;
        private readonly Enc28j60Device _dev;
        private readonly byte[] _buf = new byte[1600];

        public Enc28j60DeviceCostTests()
        {
            _chip = new Enc28j60Chip(_wire);
            _dev = new Enc28j60Device(_chip, Mac, null, _chip.Delay);
            _dev.Initialize();
        }

        [Theory]
        [InlineData(1514)]
        [InlineData(60)]
        public void Received_frame_costs_fewer_SPI_transactions_than_Linux(int length)
        {
            var f = TestWire.MakeFrame(Mac, length, 1);
            for (int i = 0; i < 10; i++) { _wire.Push(f, length); Assert.Equal(length, _dev.ReceiveCopy(_buf, 0, _buf.Length)); }
            long before = _dev.Counters.SpiTransactions;
            const int frames = 100;
            for (int i = 0; i < frames; i++) { _wire.Push(f, length); Assert.Equal(length, _dev.ReceiveCopy(_buf, 0, _buf.Length)); }
            double perFrame = (double)(_dev.Counters.SpiTransactions - before) / frames;
            Assert.True(perFrame < 9, "per received frame: " + perFrame);
            Assert.True(perFrame <= 6, "per received frame: " + perFrame + " (design: EPKTCNT, RBM header, RBM frame, PKTDEC, lazy ERXRDPT)");
        }

        [Fact]
        public void Received_frames_in_a_batch_share_the_count_read_and_the_header_reads()
        {
            var f = TestWire.MakeFrame(Mac, 1000, 1);
            long before = _dev.Counters.SpiTransactions;
            const int batches = 20, perBatch = 4;
            for (int b = 0; b < batches; b++)
            {
                for (int i = 0; i < perBatch; i++) _wire.Push(f, f.Length);
                for (int i = 0; i < perBatch; i++) Assert.Equal(1000, _dev.ReceiveCopy(_buf, 0, _buf.Length));
            }
            double perFrame = (double)(_dev.Counters.SpiTransactions - before) / (batches * perBatch);
            Assert.True(perFrame < 4.5, "per received frame in batches of 4: " + perFrame);
        }

        [Theory]
        [InlineData(1514, 6)]
        [InlineData(54, 5)]
        public void Sent_frame_costs_fewer_SPI_transactions_than_Linux(int length, int expected)
        {
            var f = TestWire.MakeFrame(Peer, length, 1);
            var got = new byte[1600];
            for (int i = 0; i < 3; i++) { Assert.True(_dev.SendCopy(f, 0, length)); _wire.TryTake(got); }
            long before = _dev.Counters.SpiTransactions;
            const int frames = 100;
            for (int i = 0; i < frames; i++) { Assert.True(_dev.SendCopy(f, 0, length)); _wire.TryTake(got); }
            double perFrame = (double)(_dev.Counters.SpiTransactions - before) / frames;
            Assert.True(perFrame < 7, "per sent frame: " + perFrame);
            Assert.Equal(expected, perFrame);
        }

        [Fact]
        public void Steady_traffic_both_ways_allocates_nothing()
        {
            var inbound = TestWire.MakeFrame(Mac, 1200, 3);
            var outbound = TestWire.MakeFrame(Peer, 700, 4);
            var got = new byte[1600];
            for (int i = 0; i < 20; i++) RoundTrip(inbound, outbound, got);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++) RoundTrip(inbound, outbound, got);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.True(_dev.LinkUp);
        }

        private void RoundTrip(byte[] inbound, byte[] outbound, byte[] got)
        {
            _wire.Push(inbound, inbound.Length);
            if (_dev.ReceiveCopy(_buf, 0, _buf.Length) != inbound.Length) throw new InvalidOperationException("lost a frame");
            if (!_dev.SendCopy(outbound, 0, outbound.Length)) throw new InvalidOperationException("send refused");
            if (_wire.TryTake(got) != outbound.Length) throw new InvalidOperationException("nothing on the wire");
            _ = _dev.LinkUp;
        }
    }
}
