using System;
using NanoTcp.Drivers;
using NanoTcp.Drivers.Enc28j60;
using NanoTcp.Simulation;
using NanoTcp.Simulation.Enc28j60;
using Xunit;

namespace NanoTcp.Tests.Drivers.Enc28j60
{
    /// <summary>
    /// Enc28j60Device against a chip model that misbehaves like the silicon: wire time, duplex,
    /// lost and spoiled SPI transactions, resets, brown-outs, the INT pin, link races. Each test
    /// is named for the datasheet (DS39662E "DS"), errata (DS80349) or other-driver rule it
    /// follows.
    /// </summary>
    public class Enc28j60SiliconTests
    {
        private static readonly byte[] Mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
        private static readonly byte[] Peer = { 0x02, 0, 0, 0, 0, 0xEE };
        private readonly byte[] _buf = new byte[1600];

        private sealed class Rig
        {
            public readonly TestWire Wire = new TestWire();
            public readonly Enc28j60Chip Chip;
            public readonly FaultInjectingSpiBus Bus;
            public readonly Enc28j60Device Dev;

            public Rig(bool fullDuplex = false, bool wireTiming = false, ISpiBus busOverride = null, Func<ISpiBus, ISpiBus> wrap = null)
            {
                Chip = new Enc28j60Chip(Wire) { WireTiming = wireTiming };
                Bus = new FaultInjectingSpiBus(Chip, 7);
                ISpiBus bus = wrap != null ? wrap(Bus) : Bus;
                Dev = new Enc28j60Device(bus, Mac, null, Chip.Delay) { FullDuplex = fullDuplex };
                Dev.Initialize();
            }
        }

        private static int ReceiveWithin(Rig r, byte[] buf, int polls)
        {
            for (int i = 0; i < polls; i++)
            {
                r.Chip.ElapseUs(100);
                int n = r.Dev.ReceiveCopy(buf, 0, buf.Length);
                if (n > 0) return i + 1;
            }
            return -1;
        }

        // ------------------------------------------------------------------ duplex

        [Fact]
        public void Half_duplex_is_the_default_as_in_Microchips_stack_and_Linux_because_the_chip_cannot_negotiate_DS_6_6()
        {
            var r = new Rig();
            Assert.Equal(0x00, r.Chip.PeekRegister(2, 0x02) & 0x01);      // MACON3.FULDPX clear
            Assert.Equal(0x40, r.Chip.PeekRegister(2, 0x03) & 0x40);      // MACON4.DEFER (DS 6.5 step 3)
            Assert.Equal(0x12, r.Chip.PeekRegister(2, 0x04));             // MABBIPG half duplex (DS 6.5 step 6)
            Assert.Equal(0x12, r.Chip.PeekRegister(2, 0x06));             // MAIPGL
            Assert.Equal(0x0C, r.Chip.PeekRegister(2, 0x07));             // MAIPGH (half duplex only)
            Assert.Equal(0x0000, r.Chip.PeekPhy(0x00) & 0x0100);          // PHCON1.PDPXMD clear
            Assert.Equal(0x0100, r.Chip.PeekPhy(0x10) & 0x0100);          // PHCON2.HDLDIS: no loopback of our frames
            Assert.False(r.Dev.FullDuplex);
        }

        [Fact]
        public void Full_duplex_option_sets_PDPXMD_FULDPX_and_the_full_duplex_gap_DS_6_5()
        {
            var r = new Rig(fullDuplex: true);
            Assert.Equal(0x01, r.Chip.PeekRegister(2, 0x02) & 0x01);      // MACON3.FULDPX
            Assert.Equal(0x15, r.Chip.PeekRegister(2, 0x04));             // MABBIPG 15h
            Assert.Equal(0x0100, r.Chip.PeekPhy(0x00) & 0x0100);          // PHCON1.PDPXMD
            Assert.Throws<InvalidOperationException>(() => r.Dev.FullDuplex = false);
        }

        /// <summary>
        /// Both directions busy on a 10 Mb/s wire with an autonegotiating switch port (which
        /// runs half duplex against the ENC28J60). Returns frames lost in either direction.
        /// </summary>
        private int TwoWayTraffic(Rig r, int rounds)
        {
            var got = new byte[1600];
            int sent = 0, received = 0, arrivedAtPeer = 0;
            for (int i = 0; i < rounds; i++)
            {
                // The peer sends a frame that is on the wire while we start ours.
                r.Wire.Push(TestWire.MakeFrame(Mac, 600, i), 600);
                r.Chip.Step();
                r.Chip.ElapseUs(100);
                Assert.True(r.Dev.SendCopy(TestWire.MakeFrame(Peer, 600, i), 0, 600));
                sent++;
                for (int k = 0; k < 40; k++)
                {
                    r.Chip.ElapseUs(50);
                    r.Chip.Step();
                    while (r.Dev.ReceiveCopy(_buf, 0, _buf.Length) > 0) received++;
                    while (r.Wire.TryTake(got) > 0) arrivedAtPeer++;
                }
            }
            return (sent - arrivedAtPeer) + (rounds - received);
        }

        [Fact]
        public void Half_duplex_default_loses_no_frame_to_a_half_duplex_switch_port_under_two_way_traffic_IEEE_802_3_CSMA_CD()
        {
            var r = new Rig(wireTiming: true);
            Assert.Equal(0, TwoWayTraffic(r, 30));
            Assert.True(r.Chip.Deferrals > 0, "the chip must have deferred to the peer's frame");
            Assert.Equal(0, r.Chip.DuplexMismatchLosses);
        }

        [Fact]
        public void Duplex_mismatch_full_duplex_chip_against_a_half_duplex_port_loses_frames_under_two_way_traffic()
        {
            var r = new Rig(fullDuplex: true, wireTiming: true);
            int lost = TwoWayTraffic(r, 30);
            Assert.True(lost > 0, "a duplex mismatch must cost frames");
            Assert.True(r.Chip.DuplexMismatchLosses > 0);
        }

        [Fact]
        public void Duplex_mismatch_half_duplex_chip_against_a_full_duplex_port_collides_and_loses_the_ports_frames()
        {
            var r = new Rig(wireTiming: true);
            r.Chip.PartnerFullDuplex = true;
            var got = new byte[1600];
            int received = 0, atPeer = 0;
            for (int i = 0; i < 20; i++)
            {
                Assert.True(r.Dev.SendCopy(TestWire.MakeFrame(Peer, 1000, i), 0, 1000));
                r.Chip.ElapseUs(200 + 13 * i);            // the port starts while we send
                r.Wire.Push(TestWire.MakeFrame(Mac, 300, i), 300);
                for (int k = 0; k < 40; k++)
                {
                    r.Chip.ElapseUs(50);
                    r.Chip.Step();
                    while (r.Dev.ReceiveCopy(_buf, 0, _buf.Length) > 0) received++;
                    while (r.Wire.TryTake(got) > 0) atPeer++;
                }
            }
            Assert.True(r.Chip.Collisions > 0);
            Assert.True(received < 20, "frames of a full-duplex port collide with a half-duplex chip");
            Assert.Equal(20, atPeer + (int)r.Dev.Counters.Errors);  // late collisions: retransmitted (errata 13) or given up and counted
        }

        // ------------------------------------------------------------------ transmit timing

        [Fact]
        public void Ten_back_to_back_full_frames_are_all_taken_and_sent_while_the_previous_is_on_the_wire_DS_7_1()
        {
            var r = new Rig(wireTiming: true);
            var got = new byte[1600];
            for (int i = 0; i < 10; i++)
            {
                Assert.True(r.Dev.SendCopy(TestWire.MakeFrame(Peer, 1514, i), 0, 1514), "send " + i + " refused");
            }
            r.Chip.ElapseMs(2);
            r.Chip.Step();
            int n = 0;
            while (r.Wire.TryTake(got) > 0)
            {
                Assert.Equal((byte)(14 * 7 + n * 13), got[14]);
                n++;
            }
            Assert.Equal(10, n);
            Assert.Equal(0, r.Dev.Counters.Drops);
            Assert.True(r.Dev.Counters.TransmitWaitPolls > 0, "sends must have waited for the wire");
        }

        [Fact]
        public void A_transmitter_that_never_finishes_is_reset_and_sending_resumes_errata_12()
        {
            var r = new Rig(wireTiming: true);
            // A frame that aborts; the chip's transmit logic then stalls for good (errata 12) unless TXRST.
            r.Chip.InjectTransmitAborts(1, lateCollision: false);
            Assert.True(r.Dev.SendCopy(TestWire.MakeFrame(Peer, 100, 1), 0, 100));
            Assert.True(r.Dev.SendCopy(TestWire.MakeFrame(Peer, 100, 2), 0, 100));
            Assert.True(r.Dev.SendCopy(TestWire.MakeFrame(Peer, 100, 3), 0, 100));
            r.Chip.ElapseMs(1);
            r.Chip.Step();
            var got = new byte[1600];
            int n = 0;
            while (r.Wire.TryTake(got) > 0) n++;
            Assert.Equal(2, n);
        }

        // ------------------------------------------------------------------ SPI faults

        [Fact]
        public void A_lost_bank_select_does_not_leave_the_receiver_deaf_DS_3_1_bank_check_on_ECON1()
        {
            var r = new Rig();
            Assert.True(r.Dev.SendCopy(TestWire.MakeFrame(Peer, 100, 1), 0, 100)); // leaves the cache in bank 0
            r.Bus.Arm(SpiFault.Lost);   // the BFS that selects bank 1 for EPKTCNT is lost
            Assert.Equal(0, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            for (int i = 0; i < 5; i++) r.Wire.Push(TestWire.MakeFrame(Mac, 200, i), 200);
            int polls = ReceiveWithin(r, _buf, 20);
            Assert.InRange(polls, 1, 10);
            for (int i = 1; i < 5; i++) Assert.Equal(200, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(r.Dev.Counters.Resyncs >= 1);
        }

        [Theory]
        [InlineData(SpiFault.AllOnes)]
        [InlineData(SpiFault.AllZeros)]
        public void A_frame_body_read_that_returns_a_dead_bus_is_read_again_not_handed_up(SpiFault fault)
        {
            var spoiler = new SpoilingBus();
            var r = new Rig(wrap: b => { spoiler.Inner = b; return spoiler; });
            var f = TestWire.MakeFrame(Mac, 700, 3);
            r.Wire.Push(f, 700);
            spoiler.SpoilNextBodyRead(fault, 1);
            Assert.Equal(700, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            for (int i = 0; i < 700; i++) Assert.Equal(f[i], _buf[i]);
            Assert.Equal(1, r.Dev.Counters.Errors);
        }

        [Fact]
        public void A_frame_whose_body_reads_dead_twice_is_dropped_and_the_next_one_delivered()
        {
            var spoiler = new SpoilingBus();
            var r = new Rig(wrap: b => { spoiler.Inner = b; return spoiler; });
            r.Wire.Push(TestWire.MakeFrame(Mac, 700, 3), 700);
            var g = TestWire.MakeFrame(Mac, 300, 4);
            r.Wire.Push(g, 300);
            spoiler.SpoilNextBodyRead(SpiFault.AllOnes, 2);
            Assert.Equal(300, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(g[299], _buf[299]);
            Assert.Equal(1, r.Dev.Counters.Drops);
        }

        [Fact]
        public void With_FCS_verification_a_bit_flipped_on_the_bus_in_a_frame_is_not_handed_up_IEEE_802_3_FCS()
        {
            var spoiler = new SpoilingBus();
            var r = new Rig(wrap: b => { spoiler.Inner = b; return spoiler; });
            r.Dev.VerifyFrameCheckSequence = true;
            var f = TestWire.MakeFrame(Mac, 500, 5);
            r.Wire.Push(f, 500);
            spoiler.SpoilNextBodyRead(SpiFault.MisoBitFlip, 1);
            Assert.Equal(500, r.Dev.ReceiveCopy(_buf, 0, _buf.Length)); // read again, intact
            for (int i = 0; i < 500; i++) Assert.Equal(f[i], _buf[i]);
            Assert.Equal(1, r.Dev.Counters.Errors);
        }

        [Fact]
        public void Transfers_are_split_to_the_buses_maximum_transfer_size()
        {
            var limited = new LimitedBus(64);
            var r = new Rig(wrap: b => { limited.Inner = b; return limited; });
            var f = TestWire.MakeFrame(Mac, 1514, 9);
            r.Wire.Push(f, 1514);
            Assert.Equal(1514, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            for (int i = 0; i < 1514; i++) Assert.Equal(f[i], _buf[i]);
            var o = TestWire.MakeFrame(Peer, 1514, 10);
            Assert.True(r.Dev.SendCopy(o, 0, 1514));
            var got = new byte[1600];
            Assert.Equal(1514, r.Wire.TryTake(got));
            for (int i = 0; i < 1514; i++) Assert.Equal(o[i], got[i]);
            Assert.True(limited.Largest <= 64);
        }

        // ------------------------------------------------------------------ resets

        [Fact]
        public void A_brown_out_is_detected_and_frames_flow_again_within_bounded_polls()
        {
            var r = new Rig();
            r.Chip.BrownOut(3);
            r.Chip.ElapseMs(1);
            int received = 0, sent = 0;
            for (int i = 0; i < 100; i++)
            {
                r.Wire.Push(TestWire.MakeFrame(Mac, 100, i), 100);
                for (int k = 0; k < 3; k++)
                {
                    r.Chip.ElapseUs(500);
                    if (r.Dev.ReceiveCopy(_buf, 0, _buf.Length) > 0) { received++; break; }
                }
                if (r.Dev.SendCopy(TestWire.MakeFrame(Peer, 100, i), 0, 100)) sent++;
                while (r.Wire.TryTake(_buf) > 0) { }
            }
            Assert.True(received >= 95, "received " + received + " of 100 after the brown-out");
            Assert.True(sent >= 95, "sent " + sent + " of 100 after the brown-out");
            Assert.True(r.Dev.Counters.ChipReinitializations >= 1);
        }

        [Fact]
        public void A_reset_pulse_on_the_RESET_pin_is_detected_and_the_chip_configured_again_DS_2_2()
        {
            var r = new Rig();
            r.Chip.ResetPin.Write(false);
            r.Chip.ResetPin.Write(true);
            r.Chip.ElapseMs(1);
            for (int i = 0; i < 20; i++) Assert.Equal(0, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            r.Wire.Push(TestWire.MakeFrame(Mac, 100, 1), 100);
            Assert.InRange(ReceiveWithin(r, _buf, 20), 1, 3);
            Assert.Equal(1, r.Dev.Counters.ChipReinitializations);
            Assert.Equal(Mac[0], r.Chip.PeekRegister(3, 0x04));
        }

        // ------------------------------------------------------------------ INT and link

        [Fact]
        public void Int_pin_goes_low_for_a_waiting_frame_and_high_once_it_is_read_DS_12_0_EIE()
        {
            var r = new Rig();
            Assert.True(r.Chip.InterruptPin.Read());                   // idle: high
            r.Wire.Push(TestWire.MakeFrame(Mac, 100, 1), 100);
            r.Chip.Step();
            Assert.False(r.Chip.InterruptPin.Read());                  // PKTIF with PKTIE|INTIE: low
            Assert.Equal(100, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(r.Chip.InterruptPin.Read());                   // EPKTCNT 0 clears PKTIF
            r.Chip.SetLink(false);
            Assert.False(r.Chip.InterruptPin.Read());                  // LINKIF with LINKIE
            Assert.False(r.Dev.LinkUp);
            Assert.True(r.Chip.InterruptPin.Read());                   // PHIR read clears it
        }

        [Fact]
        public void Int_low_for_a_link_change_is_cleared_by_the_next_receive_when_the_pin_is_given()
        {
            var r = new Rig();
            r.Dev.InterruptPin = r.Chip.InterruptPin;
            r.Chip.SetLink(false);
            Assert.False(r.Chip.InterruptPin.Read());
            Assert.Equal(0, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(r.Chip.InterruptPin.Read());
        }

        [Fact]
        public void A_link_that_comes_up_while_initialise_reads_it_is_not_lost_DS_12_1_5_PHIR_cleared_before_PHSTAT2()
        {
            var wire = new TestWire();
            var chip = new Enc28j60Chip(wire);
            chip.SetLink(false);
            chip.SetLinkAfterNextPhyRead(0x11, true); // right after the driver's PHSTAT2 read
            var dev = new Enc28j60Device(chip, Mac, null, chip.Delay);
            dev.Initialize();
            Assert.True(chip.LinkIsUp);
            Assert.True(dev.LinkUp);
        }

        // ------------------------------------------------------------------ multicast

        [Fact]
        public void A_multicast_group_added_passes_the_hash_table_filter_and_others_do_not_DS_8_4()
        {
            var r = new Rig();
            byte[] mdns = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };
            byte[] other = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 };
            Assert.NotEqual(Enc28j60Chip.HashPointer(mdns, 0), Enc28j60Chip.HashPointer(other, 0));
            r.Wire.Push(TestWire.MakeFrame(mdns, 100, 1), 100);
            Assert.Equal(0, ReceiveWithin(r, _buf, 3) < 0 ? 0 : 1);   // not joined: filtered by the chip
            r.Dev.AddMulticastAddress(mdns, 0);
            r.Wire.Push(TestWire.MakeFrame(mdns, 100, 2), 100);
            r.Wire.Push(TestWire.MakeFrame(other, 100, 3), 100);
            Assert.Equal(100, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(mdns[5], _buf[5]);
            Assert.Equal(0, r.Dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(0x04, r.Chip.PeekRegister(1, 0x18) & 0x04);   // ERXFCON.HTEN
        }

        [Fact]
        public void The_drivers_hash_pointer_agrees_with_the_chip_models_independent_CRC_form()
        {
            var rnd = new Random(5);
            var a = new byte[6];
            for (int i = 0; i < 2000; i++)
            {
                rnd.NextBytes(a);
                a[0] |= 1;
                Assert.Equal(Enc28j60Chip.HashPointer(a, 0), Enc28j60Device.HashPointer(a, 0));
            }
        }

        [Fact]
        public void Multicast_groups_survive_a_chip_reset()
        {
            var r = new Rig();
            byte[] mdns = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };
            r.Dev.AddMulticastAddress(mdns, 0);
            r.Chip.BrownOut(2);
            for (int i = 0; i < 30; i++) r.Dev.ReceiveCopy(_buf, 0, _buf.Length);
            r.Wire.Push(TestWire.MakeFrame(mdns, 100, 2), 100);
            Assert.InRange(ReceiveWithin(r, _buf, 20), 1, 20);
        }

        [Fact]
        public void AddMulticastAddress_rejects_a_unicast_address_with_a_message_that_says_what_to_pass()
        {
            var r = new Rig();
            var e = Assert.Throws<ArgumentException>(() => r.Dev.AddMulticastAddress(Mac, 0));
            Assert.Contains("01:00:5E", e.Message);
        }

        // ------------------------------------------------------------------ test buses

        /// <summary>Spoils the body read (RBM longer than a header) of the next frame, a set number of times.</summary>
        private sealed class SpoilingBus : ISpiBus
        {
            public ISpiBus Inner;
            private SpiFault _fault;
            private int _times;

            public int MaxTransferBytes => Inner.MaxTransferBytes;

            public void SpoilNextBodyRead(SpiFault fault, int times) { _fault = fault; _times = times; }

            public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
            {
                bool body = write[writeOffset] == 0x3A && count > 7;
                Inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
                if (!body || _times == 0) return;
                _times--;
                if (_fault == SpiFault.MisoBitFlip) { read[readOffset + count / 2] ^= 0x10; return; }
                byte v = _fault == SpiFault.AllOnes ? (byte)0xFF : (byte)0x00;
                for (int i = 1; i < count; i++) read[readOffset + i] = v;
            }
        }

        /// <summary>A bus that, like spidev, refuses transfers above its limit.</summary>
        private sealed class LimitedBus : ISpiBus
        {
            private readonly int _max;
            public ISpiBus Inner;
            public int Largest;
            public LimitedBus(int max) { _max = max; }
            public int MaxTransferBytes => _max;

            public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
            {
                if (count > _max) throw new InvalidOperationException("transfer of " + count + " bytes exceeds the bus maximum " + _max);
                if (count > Largest) Largest = count;
                Inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
            }
        }
    }
}
