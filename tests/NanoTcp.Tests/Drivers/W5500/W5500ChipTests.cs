using System;
using NanoTcp.Simulation.W5500;
using Xunit;

namespace NanoTcp.Tests.Drivers.W5500
{
    /// <summary>
    /// The simulated W5500 driven with hand-written SPI frames from the datasheet, not through
    /// our driver: [offset hi, offset lo, control = BSB&lt;&lt;3 | RWB&lt;&lt;2 | OM] + data (DS 2.2).
    /// </summary>
    public class W5500ChipTests
    {
        private readonly FrameQueueWire _wire = new FrameQueueWire();
        private readonly W5500Chip _chip;

        public W5500ChipTests()
        {
            _chip = new W5500Chip(_wire);
        }

        private byte[] Spi(params byte[] bytes)
        {
            var miso = new byte[bytes.Length];
            _chip.TransferFullDuplex(bytes, 0, miso, 0, bytes.Length);
            return miso;
        }

        private static readonly byte[] OurMac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

        private void OpenMacRaw(byte mode)
        {
            Spi(0x00, 0x09, 0x04, OurMac[0], OurMac[1], OurMac[2], OurMac[3], OurMac[4], OurMac[5]); // SHAR
            Spi(0x00, 0x00, 0x0C, mode);  // S0 Sn_MR
            Spi(0x00, 0x01, 0x0C, 0x01);  // S0 Sn_CR = OPEN
        }

        private int ReadWord(int offset, byte control)
        {
            var r = Spi(0x00, (byte)offset, control, 0, 0);
            return (r[3] << 8) | r[4];
        }

        [Fact]
        public void Vdm_read_of_VERSIONR_returns_0x04()
        {
            // DS 2.2 + 4.1: address 0x0039, control 0x00 (common block, read, VDM).
            var r = Spi(0x00, 0x39, 0x00, 0x00);
            Assert.Equal(0x04, r[3]);
        }

        [Fact]
        public void Fixed_length_frames_follow_each_other_under_one_chip_select()
        {
            // DS 2.3 FDM: OM=01 is one data byte; with SCSn tied low the next frame starts right after.
            var r = Spi(0x00, 0x39, 0x01, 0x00, /* next frame */ 0x00, 0x19, 0x02, 0x00, 0x00);
            Assert.Equal(0x04, r[3]);
            Assert.Equal(0x07, r[7]); // RTR = 0x07D0 (DS 4.1 reset value)
            Assert.Equal(0xD0, r[8]);
        }

        [Fact]
        public void Sequential_write_and_read_auto_increment_the_offset()
        {
            Spi(0x00, 0x09, 0x04, 1, 2, 3, 4, 5, 6); // SHAR, 6 bytes in one VDM write
            var r = Spi(0x00, 0x09, 0x00, 0, 0, 0, 0, 0, 0);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, r.AsSpan(3).ToArray());
        }

        [Fact]
        public void Reset_values_match_the_datasheet()
        {
            Assert.Equal(0x02, Spi(0x00, 0x1E, 0x08, 0)[3]); // S0 Sn_RXBUF_SIZE = 2 KB
            Assert.Equal(0x02, Spi(0x00, 0x1F, 0x28, 0)[3]); // S1 Sn_TXBUF_SIZE = 2 KB
            Assert.Equal(0x0800, ReadWord(0x20, 0x08));       // S0 Sn_TX_FSR = 0x0800
            Assert.Equal(0x00, Spi(0x00, 0x03, 0x08, 0)[3]);  // Sn_SR = SOCK_CLOSED
            Assert.Equal(0x80, Spi(0x00, 0x16, 0x08, 0)[3]);  // Sn_TTL = 0x80
        }

        [Fact]
        public void Open_in_macraw_sets_SOCK_MACRAW_and_the_command_register_clears_itself()
        {
            OpenMacRaw(0x84);
            Assert.Equal(0x42, Spi(0x00, 0x03, 0x08, 0)[3]); // Sn_SR = SOCK_MACRAW
            Assert.Equal(0x00, Spi(0x00, 0x01, 0x08, 0)[3]); // Sn_CR back to 0
        }

        [Fact]
        public void Macraw_on_socket_1_does_not_open()
        {
            Spi(0x00, 0x00, 0x2C, 0x04); // S1 Sn_MR = MACRAW (BSB 00101)
            Spi(0x00, 0x01, 0x2C, 0x01); // OPEN
            Assert.Equal(0x00, Spi(0x00, 0x03, 0x28, 0)[3]);
        }

        [Fact]
        public void Mr_reset_restores_registers_and_clears_itself()
        {
            Spi(0x00, 0x1E, 0x0C, 16);     // S0 RX buffer 16 KB
            Spi(0x00, 0x00, 0x04, 0x80);   // MR.RST
            Assert.Equal(0x00, Spi(0x00, 0x00, 0x00, 0)[3]);
            Assert.Equal(0x02, Spi(0x00, 0x1E, 0x08, 0)[3]);
        }

        [Fact]
        public void Received_frame_carries_a_length_header_that_counts_itself()
        {
            OpenMacRaw(0x04);
            var frame = FrameQueueWire.MakeFrame(OurMac, 100, 7);
            _wire.Inject(frame, frame.Length);
            Assert.Equal(102, ReadWord(0x26, 0x08)); // Sn_RX_RSR
            Assert.Equal(102, ReadWord(0x2A, 0x08)); // Sn_RX_WR
            var read = new byte[3 + 102];
            read[0] = 0x00; read[1] = 0x00; read[2] = 0x18; // S0 RX buffer, read, VDM
            var miso = new byte[read.Length];
            _chip.TransferFullDuplex(read, 0, miso, 0, read.Length);
            Assert.Equal(0x00, miso[3]);
            Assert.Equal(102, miso[4]);
            Assert.Equal(frame, miso.AsSpan(5, 100).ToArray());
            Assert.Equal(0x04, Spi(0x00, 0x02, 0x08, 0)[3] & 0x04); // Sn_IR.RECV
        }

        [Fact]
        public void Recv_frees_the_space_up_to_the_new_read_pointer()
        {
            OpenMacRaw(0x04);
            var frame = FrameQueueWire.MakeFrame(OurMac, 60, 1);
            _wire.Inject(frame, 60);
            _wire.Inject(frame, 60);
            Assert.Equal(124, ReadWord(0x26, 0x08));
            Spi(0x00, 0x28, 0x0C, 0x00, 62);  // Sn_RX_RD = 62
            Assert.Equal(124, ReadWord(0x26, 0x08)); // not yet: RECV applies it
            Spi(0x00, 0x01, 0x0C, 0x40);      // RECV
            Assert.Equal(62, ReadWord(0x26, 0x08));
        }

        [Fact]
        public void Short_frames_from_the_wire_are_padded_to_60()
        {
            OpenMacRaw(0x04);
            var frame = FrameQueueWire.MakeFrame(OurMac, 42, 3);
            _wire.Inject(frame, 42);
            Assert.Equal(62, ReadWord(0x26, 0x08));
        }

        [Fact]
        public void Mac_filter_passes_own_address_and_broadcast_and_drops_other_unicast()
        {
            OpenMacRaw(0x84); // MFEN | MACRAW
            _wire.Inject(FrameQueueWire.MakeFrame(new byte[] { 0x02, 9, 9, 9, 9, 9 }, 60, 0), 60);
            Spi(0, 0, 0, 0); // any transaction lets the chip take frames from the wire
            Assert.Equal(0, ReadWord(0x26, 0x08));
            Assert.Equal(1, _chip.FramesFiltered);
            _wire.Inject(FrameQueueWire.MakeFrame(OurMac, 60, 0), 60);
            _wire.Inject(FrameQueueWire.MakeFrame(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 60, 0), 60);
            Assert.Equal(124, ReadWord(0x26, 0x08));
        }

        [Fact]
        public void Without_the_filter_every_frame_is_received()
        {
            OpenMacRaw(0x04);
            _wire.Inject(FrameQueueWire.MakeFrame(new byte[] { 0x02, 9, 9, 9, 9, 9 }, 60, 0), 60);
            Assert.Equal(62, ReadWord(0x26, 0x08));
        }

        [Fact]
        public void Multicast_block_drops_multicast_frames()
        {
            OpenMacRaw(0x84 | 0x20); // MFEN | MMB | MACRAW
            _wire.Inject(FrameQueueWire.MakeFrame(new byte[] { 0x01, 0x00, 0x5E, 0, 0, 1 }, 60, 0), 60);
            Assert.Equal(0, ReadWord(0x26, 0x08));
        }

        [Fact]
        public void A_frame_without_room_in_the_rx_buffer_is_dropped_and_counted()
        {
            Spi(0x00, 0x1E, 0x0C, 1); // 1 KB RX buffer
            OpenMacRaw(0x04);
            var frame = FrameQueueWire.MakeFrame(OurMac, 500, 0);
            for (int i = 0; i < 3; i++) _wire.Inject(frame, 500);
            Assert.Equal(1004, ReadWord(0x26, 0x08)); // two fit (2 x 502), the third does not
            Assert.Equal(1, _chip.RxOverflowDrops);
        }

        [Fact]
        public void Rx_buffer_offsets_wrap_modulo_the_buffer_size()
        {
            // DS 4.2: the 16-bit offset addresses the buffer whatever its size (2 KB here).
            OpenMacRaw(0x04);
            var frame = FrameQueueWire.MakeFrame(OurMac, 1000, 5);
            var rx = new byte[3 + 1002];
            int rd = 0;
            for (int i = 0; i < 5; i++)
            {
                _wire.Inject(frame, 1000);
                Spi(0, 0, 0, 0);
                rx[0] = (byte)(rd >> 8); rx[1] = (byte)rd; rx[2] = 0x18;
                var miso = new byte[rx.Length];
                _chip.TransferFullDuplex(rx, 0, miso, 0, rx.Length);
                Assert.Equal(1002, (miso[3] << 8) | miso[4]);
                Assert.Equal(frame, miso.AsSpan(5, 1000).ToArray());
                rd = (rd + 1002) & 0xFFFF;
                Spi(0x00, 0x28, 0x0C, (byte)(rd >> 8), (byte)rd);
                Spi(0x00, 0x01, 0x0C, 0x40);
            }
            Assert.True(rd > 0x0800); // the pointer went past the 2 KB buffer end twice
        }

        [Fact]
        public void Send_transmits_from_tx_rd_to_tx_wr_and_sets_send_ok()
        {
            OpenMacRaw(0x04);
            var frame = FrameQueueWire.MakeFrame(new byte[] { 0x02, 9, 9, 9, 9, 9 }, 100, 9);
            var tx = new byte[3 + 100];
            tx[0] = 0x00; tx[1] = 0x00; tx[2] = 0x14; // S0 TX buffer, write, VDM
            Array.Copy(frame, 0, tx, 3, 100);
            _chip.TransferFullDuplex(tx, 0, new byte[tx.Length], 0, tx.Length);
            Spi(0x00, 0x24, 0x0C, 0x00, 100);  // Sn_TX_WR = 100
            Assert.Equal(0x0800 - 100, ReadWord(0x20, 0x08)); // Sn_TX_FSR
            Spi(0x00, 0x01, 0x0C, 0x20);       // SEND
            Assert.Equal(frame, _wire.TakeSent());
            Assert.Equal(100, ReadWord(0x22, 0x08)); // Sn_TX_RD caught up
            Assert.Equal(0x10, Spi(0x00, 0x02, 0x08, 0)[3] & 0x10); // SEND_OK
            Spi(0x00, 0x02, 0x0C, 0x10);       // write 1 to clear
            Assert.Equal(0x00, Spi(0x00, 0x02, 0x08, 0)[3] & 0x10);
        }

        [Fact]
        public void Tx_data_written_across_the_buffer_end_is_sent_intact()
        {
            OpenMacRaw(0x04);
            var frame = FrameQueueWire.MakeFrame(new byte[] { 0x02, 9, 9, 9, 9, 9 }, 300, 4);
            int wr = 0;
            for (int i = 0; i < 8; i++) // 8 x 300 bytes crosses the 2 KB end
            {
                var tx = new byte[3 + 300];
                tx[0] = (byte)(wr >> 8); tx[1] = (byte)wr; tx[2] = 0x14;
                Array.Copy(frame, 0, tx, 3, 300);
                _chip.TransferFullDuplex(tx, 0, new byte[tx.Length], 0, tx.Length);
                wr = (wr + 300) & 0xFFFF;
                Spi(0x00, 0x24, 0x0C, (byte)(wr >> 8), (byte)wr);
                Spi(0x00, 0x01, 0x0C, 0x20);
                Assert.Equal(frame, _wire.TakeSent());
            }
        }

        [Fact]
        public void Phycfgr_link_bit_follows_the_cable_and_a_send_caught_by_link_loss_hangs_as_reported_in_esp_idf_6233()
        {
            OpenMacRaw(0x04);
            Assert.Equal(0x01, Spi(0x00, 0x2E, 0x00, 0)[3] & 0x01);
            _chip.SetLink(false);
            Assert.Equal(0x00, Spi(0x00, 0x2E, 0x00, 0)[3] & 0x01);
            var tx = new byte[3 + 60];
            tx[2] = 0x14;
            _chip.TransferFullDuplex(tx, 0, new byte[tx.Length], 0, tx.Length);
            Spi(0x00, 0x24, 0x0C, 0x00, 60);
            Spi(0x00, 0x01, 0x0C, 0x20);
            Assert.Equal(0, ReadWord(0x22, 0x08)); // still pending
            Assert.Equal(0, _wire.SentCount);
            _chip.SetLink(true);
            for (int i = 0; i < 100; i++) _chip.Step();
            Assert.Equal(0, ReadWord(0x22, 0x08)); // [REPORTED] SEND_OK never comes, even after the link is back
            Assert.Equal(0, _wire.SentCount);
            Assert.True(_chip.SendIsHung);
            Spi(0x00, 0x01, 0x0C, 0x10);           // CLOSE
            Spi(0x00, 0x01, 0x0C, 0x01);           // OPEN: the socket works again
            Assert.False(_chip.SendIsHung);
            Assert.Equal(0x42, Spi(0x00, 0x03, 0x08, 0)[3]);
        }

        [Fact]
        public void Without_the_reported_hang_a_send_waits_for_the_link_and_then_completes()
        {
            _chip.SendHangsAfterLinkLoss = false;
            OpenMacRaw(0x04);
            _chip.SetLink(false);
            var tx = new byte[3 + 60];
            tx[2] = 0x14;
            _chip.TransferFullDuplex(tx, 0, new byte[tx.Length], 0, tx.Length);
            Spi(0x00, 0x24, 0x0C, 0x00, 60);
            Spi(0x00, 0x01, 0x0C, 0x20);
            Assert.Equal(0, _wire.SentCount);
            _chip.SetLink(true);
            Assert.Equal(60, ReadWord(0x22, 0x08));
            Assert.Equal(1, _wire.SentCount);
        }

        [Fact]
        public void Interrupt_line_goes_low_for_an_unmasked_recv_and_high_when_cleared()
        {
            OpenMacRaw(0x04);
            Spi(0x00, 0x18, 0x04, 0x01);  // SIMR: socket 0
            Spi(0x00, 0x2C, 0x0C, 0x04);  // S0 Sn_IMR: RECV
            Assert.True(_chip.InterruptPin.Read());
            _wire.Inject(FrameQueueWire.MakeFrame(OurMac, 60, 0), 60);
            _chip.Step();
            Assert.False(_chip.InterruptPin.Read());
            Spi(0x00, 0x02, 0x0C, 0x04);  // clear Sn_IR.RECV
            Assert.True(_chip.InterruptPin.Read());
        }

        [Fact]
        public void Socket_buffers_are_laid_out_in_socket_order()
        {
            // DS 3.3: socket 1's TX buffer follows socket 0's; writing it must not touch socket 0's.
            Spi(0x00, 0x00, 0x34, 0xAB);  // S1 TX buffer (BSB 00110) offset 0
            Assert.Equal(0x00, Spi(0x00, 0x00, 0x10, 0)[3]); // S0 TX buffer offset 0 (read)
            Assert.Equal(0xAB, Spi(0x08, 0x00, 0x30, 0)[3]); // S1 offset 0x0800 wraps to its offset 0
        }

        [Fact]
        public void Reset_pin_held_low_makes_miso_read_zero()
        {
            _chip.ResetPin.Write(false);
            Assert.Equal(0x00, Spi(0x00, 0x39, 0x00, 0xFF)[3]);
            _chip.ResetPin.Write(true);
            Assert.Equal(0x04, Spi(0x00, 0x39, 0x00, 0x00)[3]);
        }
    }
}
