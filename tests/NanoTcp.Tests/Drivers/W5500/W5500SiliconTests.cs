using System;
using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Simulation;
using NanoTcp.Simulation.W5500;
using Xunit;

namespace NanoTcp.Tests.Drivers.W5500
{
    /// <summary>
    /// W5500Device against a chip model that misbehaves like the silicon: a SEND that never
    /// completes after a cable unplug (esp-idf #6233), wire time at 10 Mb/s, commands that take
    /// time, bus size limits, SPI outages, VLAN frames, resets. Each test names the datasheet
    /// (W5500 v1.0.9 "DS") rule or the other driver's behaviour it follows.
    /// </summary>
    public class W5500SiliconTests
    {
        private static readonly byte[] Mac = { 0x02, 0x55, 0x00, 0x00, 0x00, 0x01 };
        private static readonly byte[] Peer = { 0x02, 7, 7, 7, 7, 7 };
        private readonly FrameQueueWire _wire = new FrameQueueWire();
        private readonly byte[] _buf = new byte[1600];

        private static byte[] Frame(int length, int seed) => FrameQueueWire.MakeFrame(Mac, length, seed);
        private static byte[] Outbound(int length, int seed) => FrameQueueWire.MakeFrame(Peer, length, seed);

        private (W5500Chip, W5500Device) Make(Action<W5500Chip> setUp = null, Func<ISpiBus, ISpiBus> wrap = null, int burst = W5500Device.DefaultBurstCapacity)
        {
            var chip = new W5500Chip(_wire);
            setUp?.Invoke(chip);
            ISpiBus bus = wrap != null ? wrap(chip) : chip;
            var dev = new W5500Device(bus, Mac, null, null, burst);
            dev.Initialize();
            return (chip, dev);
        }

        /// <summary>Polls (Receive) until the wire saw <paramref name="frames"/> sent frames; returns the polls used or -1.</summary>
        private int PollUntilSent(W5500Device dev, W5500Chip chip, long frames, int maxPolls)
        {
            for (int i = 0; i < maxPolls; i++)
            {
                if (_wire.TotalSent >= frames) return i;
                chip.ElapseUs(100);
                chip.Step();
                dev.ReceiveCopy(_buf, 0, _buf.Length);
            }
            return _wire.TotalSent >= frames ? maxPolls : -1;
        }

        // ------------------------------------------------------------------ SEND that never completes

        [Fact]
        public void A_send_caught_by_a_cable_unplug_is_abandoned_and_the_socket_reopened_esp_idf_6233()
        {
            var (chip, dev) = Make(c => c.SendLatencyTransactions = 20);
            Assert.True(dev.SendCopy(Outbound(100, 1), 0, 100));
            chip.SetLink(false);                                  // SEND_OK will never come [REPORTED]
            for (int i = 0; i < 10; i++) dev.ReceiveCopy(_buf, 0, _buf.Length); // the driver looks while the link is down
            Assert.True(dev.Counters.TransmitResets >= 1, "the hung SEND must be given up when PHYCFGR shows the link down");
            chip.SetLink(true);
            chip.SendLatencyTransactions = 0;
            Assert.True(dev.LinkUp);
            Assert.True(dev.SendCopy(Outbound(100, 2), 0, 100));
            Assert.InRange(PollUntilSent(dev, chip, 1, 20), 0, 20);
            Assert.Equal(Outbound(100, 2), _wire.TakeSent());
            Assert.False(chip.SendIsHung);
        }

        [Fact]
        public void A_send_hung_by_a_short_unplug_nobody_saw_is_given_up_after_the_send_timeout_esp_idf_6233()
        {
            var (chip, dev) = Make(c => c.SendLatencyTransactions = 20);
            Assert.True(dev.SendCopy(Outbound(100, 1), 0, 100));
            chip.SetLink(false);
            chip.SetLink(true);                                   // back before the driver looked
            chip.SendLatencyTransactions = 0;
            Assert.True(dev.SendCopy(Outbound(100, 2), 0, 100));  // waits in TX memory behind the hung SEND
            int polls = 0;
            while (dev.Counters.TransmitResets == 0 && polls++ < W5500Device.SendTimeoutPolls + 50) dev.ReceiveCopy(_buf, 0, _buf.Length);
            Assert.Equal(1, dev.Counters.TransmitResets);     // given up: the socket reopened, frame 2 lost with it and counted
            Assert.Equal(2, dev.Counters.Drops);
            Assert.True(dev.SendCopy(Outbound(100, 3), 0, 100));
            Assert.InRange(PollUntilSent(dev, chip, 1, 10), 0, 10);
            Assert.Equal(Outbound(100, 3), _wire.TakeSent());
        }

        [Fact]
        public void No_send_is_issued_while_the_link_is_down_after_start_up_autonegotiation_not_done_esp_idf_6233()
        {
            var (chip, dev) = Make(c => c.SetLink(false));
            Assert.False(dev.SendCopy(Outbound(342, 1), 0, 342));  // a DHCP DISCOVER at boot
            Assert.Equal(0, chip.SendsHung);
            chip.SetLink(true);
            Assert.True(dev.SendCopy(Outbound(342, 2), 0, 342));
            Assert.Equal(Outbound(342, 2), _wire.TakeSent());
            Assert.Equal(0, chip.SendsHung);
        }

        // ------------------------------------------------------------------ wire time

        [Fact]
        public void Back_to_back_full_frames_on_a_10_Mbps_link_are_all_taken_and_sent_in_order_DS_4_2_one_SEND_at_a_time()
        {
            var (chip, dev) = Make(c => { c.WireTiming = true; c.LinkSpeedMbps = 10; c.SpiClockHz = 40_000_000; });
            for (int i = 0; i < 10; i++)
            {
                Assert.True(dev.SendCopy(Outbound(1514, i), 0, 1514), "send " + i + " refused");
            }
            Assert.InRange(PollUntilSent(dev, chip, 10, 400), 0, 400);
            for (int i = 0; i < 10; i++) Assert.Equal(Outbound(1514, i), _wire.TakeSent());
            Assert.Equal(0, dev.Counters.Drops);
            Assert.Equal(0, chip.CommandsWhileBusy);
        }

        [Fact]
        public void A_frame_waiting_behind_a_send_wakes_an_interrupt_driven_host_through_SEND_OK()
        {
            var chip = new W5500Chip(_wire) { SendLatencyTransactions = 5 };
            var dev = new W5500Device(chip, Mac) { InterruptPin = chip.InterruptPin };
            dev.Initialize();
            dev.ReceiveCopy(_buf, 0, _buf.Length);
            Assert.True(dev.SendCopy(Outbound(200, 1), 0, 200));
            Assert.True(dev.SendCopy(Outbound(200, 2), 0, 200)); // waits in TX memory
            for (int i = 0; i < 10; i++) chip.Step();            // the first SEND completes: SEND_OK
            Assert.False(chip.InterruptPin.Read());               // INTn low wakes the host
            for (int i = 0; i < 20 && _wire.TotalSent < 2; i++) { dev.ReceiveCopy(_buf, 0, _buf.Length); chip.Step(); }
            Assert.Equal(2, _wire.TotalSent);
            for (int i = 0; i < 10; i++) chip.Step();
            dev.ReceiveCopy(_buf, 0, _buf.Length);                // sees SEND_OK with nothing left: clears it
            Assert.True(chip.InterruptPin.Read());
        }

        // ------------------------------------------------------------------ socket commands

        [Fact]
        public void Close_then_open_waits_for_Sn_CR_to_clear_DS_4_2()
        {
            var (chip, dev) = Make(c => c.CommandLatencyTransactions = 2);
            Assert.Equal(0x42, chip.PeekRegister(1, 0x03));
            Assert.Equal(0, chip.CommandsIgnoredWhileBusy);
            _wire.Inject(Frame(100, 1), 100);
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.True(dev.SendCopy(Outbound(100, 2), 0, 100));
            Assert.InRange(PollUntilSent(dev, chip, 1, 10), 0, 10);
            Assert.Equal(0, chip.CommandsIgnoredWhileBusy);
        }

        // ------------------------------------------------------------------ bus limits and outages

        [Fact]
        public void A_receive_burst_never_exceeds_the_buses_maximum_transfer_Linux_spidev_4096()
        {
            var limited = new LimitedBus(4096);
            var (chip, dev) = Make(wrap: c => { limited.Inner = c; return limited; });
            for (int i = 0; i < 3; i++) _wire.Inject(Frame(1514, i), 1514);  // 3 x 1516 bytes wait: 4548
            chip.Step();
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(1514, dev.ReceiveCopy(_buf, 0, _buf.Length));
                Assert.Equal(Frame(1514, i), _buf.AsSpan(0, 1514).ToArray());
            }
            Assert.True(limited.Largest <= 4096);
        }

        [Fact]
        public void Reads_and_writes_are_split_on_a_bus_that_takes_only_256_bytes()
        {
            var limited = new LimitedBus(256);
            var (chip, dev) = Make(wrap: c => { limited.Inner = c; return limited; });
            _wire.Inject(Frame(1514, 1), 1514);
            _wire.Inject(Frame(700, 2), 700);
            chip.Step();
            Assert.Equal(1514, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(Frame(1514, 1), _buf.AsSpan(0, 1514).ToArray());
            Assert.Equal(700, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(Frame(700, 2), _buf.AsSpan(0, 700).ToArray());
            Assert.True(dev.SendCopy(Outbound(1514, 3), 0, 1514));
            Assert.Equal(Outbound(1514, 3), _wire.TakeSent());
            Assert.True(limited.Largest <= 256);
        }

        [Fact]
        public void After_a_failed_recovery_no_partial_frame_is_completed_with_bytes_of_another_stale_tail()
        {
            // A burst buffer of 1520 bytes: after the first 1000-byte frame, 518 bytes of the
            // second are already read (a partial frame carried to the next burst).
            var stuck = new StuckMisoBus();
            var (chip, dev) = Make(wrap: c => { stuck.Inner = c; return stuck; }, burst: 1520);
            _wire.Inject(Frame(1000, 1), 1000);
            _wire.Inject(Frame(1000, 2), 1000);
            chip.Step();
            Assert.Equal(1000, dev.ReceiveCopy(_buf, 0, _buf.Length));
            // MISO stuck low for a while: the status reads zeros, the driver reopens the socket
            // (the writes get through, so the chip really empties its buffer) but cannot see it open.
            stuck.Stuck = true;
            for (int i = 0; i < 3; i++) Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));
            stuck.Stuck = false;
            for (int i = 0; i < 40; i++) dev.ReceiveCopy(_buf, 0, _buf.Length);
            _wire.Inject(Frame(1000, 3), 1000);
            _wire.Inject(Frame(1000, 4), 1000);
            chip.Step();
            int got = 0;
            for (int i = 0; i < 10; i++)
            {
                int n = dev.ReceiveCopy(_buf, 0, _buf.Length);
                if (n == 0) continue;
                Assert.Equal(1000, n);
                Assert.Equal(Frame(1000, 3 + got), _buf.AsSpan(0, 1000).ToArray()); // never frame 2's start with frame 3's tail
                got++;
            }
            Assert.Equal(2, got);
        }

        [Fact]
        public void A_brown_out_is_detected_and_frames_flow_again_within_bounded_polls()
        {
            var (chip, dev) = Make();
            chip.BrownOut(3);
            int received = 0, sent = 0;
            for (int i = 0; i < 100; i++)
            {
                _wire.Inject(Frame(100, i), 100);
                for (int k = 0; k < 3; k++) if (dev.ReceiveCopy(_buf, 0, _buf.Length) > 0) { received++; break; }
                if (dev.SendCopy(Outbound(100, i), 0, 100)) sent++;
                _wire.TakeSent(_buf);
            }
            Assert.True(received >= 95, "received " + received);
            Assert.True(sent >= 95, "sent " + sent);
            Assert.True(dev.Counters.ChipReinitializations >= 1);
        }

        // ------------------------------------------------------------------ frames

        [Fact]
        public void A_1518_byte_VLAN_tagged_frame_is_skipped_and_the_frames_behind_it_are_kept_IEEE_802_1Q()
        {
            var (chip, dev) = Make();
            var tagged = Frame(1518, 9);
            tagged[12] = 0x81; tagged[13] = 0x00; // TPID: an 802.1Q tag follows
            _wire.Inject(Frame(100, 1), 100);
            _wire.Inject(tagged, 1518);
            _wire.Inject(Frame(100, 2), 100);
            chip.Step();
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(Frame(100, 1), _buf.AsSpan(0, 100).ToArray());
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(Frame(100, 2), _buf.AsSpan(0, 100).ToArray());
            Assert.Equal(1, dev.Counters.Drops);
            Assert.Equal(0, dev.Counters.Errors);
        }

        // ------------------------------------------------------------------ multicast

        [Fact]
        public void An_IPv4_multicast_group_clears_MMB_so_its_frames_pass_the_MAC_filter_as_Espressif_observed()
        {
            var (chip, dev) = Make();
            byte[] mdns = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB };
            _wire.Inject(FrameQueueWire.MakeFrame(mdns, 100, 1), 100);
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));   // not joined: MMB blocks it
            Assert.Equal(1, chip.FramesFiltered);
            dev.AddMulticastAddress(mdns, 0);
            Assert.Equal(0x00, chip.PeekRegister(1, 0x00) & 0x20);     // Sn_MR.MMB clear
            Assert.Equal(0x80, chip.PeekRegister(1, 0x00) & 0x80);     // MFEN still on
            _wire.Inject(FrameQueueWire.MakeFrame(mdns, 100, 2), 100);
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Equal(0xFB, _buf[5]);
            Assert.Equal(0, dev.Counters.ChipReinitializations);      // the status check accepts the new mode
        }

        [Fact]
        public void A_non_IP_multicast_group_turns_the_MAC_filter_off_since_MFEN_drops_it()
        {
            var (chip, dev) = Make();
            byte[] lldp = { 0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E };
            _wire.Inject(FrameQueueWire.MakeFrame(lldp, 100, 1), 100);
            Assert.Equal(0, dev.ReceiveCopy(_buf, 0, _buf.Length));
            dev.AddMulticastAddress(lldp, 0);
            Assert.Equal(0x00, chip.PeekRegister(1, 0x00) & 0x80);     // MFEN off
            _wire.Inject(FrameQueueWire.MakeFrame(lldp, 100, 2), 100);
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
        }

        [Fact]
        public void An_IPv6_multicast_group_needs_no_change_it_always_passes_with_MFEN()
        {
            var (chip, dev) = Make();
            byte[] allNodes = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
            dev.AddMulticastAddress(allNodes, 0);
            Assert.Equal(0xA4, chip.PeekRegister(1, 0x00));
            _wire.Inject(FrameQueueWire.MakeFrame(allNodes, 100, 1), 100);
            Assert.Equal(100, dev.ReceiveCopy(_buf, 0, _buf.Length));
            Assert.Throws<ArgumentException>(() => dev.AddMulticastAddress(Mac, 0));
        }

        // ------------------------------------------------------------------ test buses

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
                if (count > _max) throw new InvalidOperationException("transfer of " + count + " bytes exceeds the bus maximum " + _max + " (spidev: EMSGSIZE)");
                if (count > Largest) Largest = count;
                Inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
            }
        }

        /// <summary>MISO stuck low while <see cref="Stuck"/>: the chip still takes every write.</summary>
        private sealed class StuckMisoBus : ISpiBus
        {
            public ISpiBus Inner;
            public bool Stuck;
            public int MaxTransferBytes => Inner.MaxTransferBytes;

            public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
            {
                Inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
                if (Stuck) Array.Clear(read, readOffset, count);
            }
        }
    }
}
