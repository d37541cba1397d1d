using NanoTcp.Simulation.Enc28j60;
using Xunit;

namespace NanoTcp.Tests.Drivers.Enc28j60
{
    /// <summary>
    /// The simulated ENC28J60 driven with SPI byte sequences written from the datasheet
    /// (DS39662E Table 4-1 opcodes, Table 3-1 addresses), independent of our driver.
    /// </summary>
    public class Enc28j60ChipSpiTests
    {
        private readonly TestWire _wire = new TestWire();
        private readonly Enc28j60Chip _chip;
        private static readonly byte[] Mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

        public Enc28j60ChipSpiTests() { _chip = new Enc28j60Chip(_wire); }

        private byte[] Spi(params byte[] bytes)
        {
            var read = new byte[bytes.Length];
            _chip.TransferFullDuplex(bytes, 0, read, 0, bytes.Length);
            return read;
        }

        // DS Table 4-1 encodings.
        private byte[] Rcr(int a, int n = 2) { var b = new byte[n]; b[0] = (byte)a; return Spi(b); }
        private void Wcr(int a, int v) => Spi((byte)(0x40 | a), (byte)v);
        private void Bfs(int a, int m) => Spi((byte)(0x80 | a), (byte)m);
        private void Bfc(int a, int m) => Spi((byte)(0xA0 | a), (byte)m);
        private void Bank(int b) { Bfc(0x1F, 0x03); if (b != 0) Bfs(0x1F, b); }

        private int ReadPhy(int reg)
        {
            Bank(2);
            Wcr(0x14, reg);          // MIREGADR
            Wcr(0x12, 0x01);         // MICMD.MIIRD
            Bank(3);
            int polls = 0;
            while ((Rcr(0x0A, 3)[2] & 0x01) != 0 && polls++ < 10) { } // MISTAT.BUSY (MII: dummy byte)
            Bank(2);
            Wcr(0x12, 0x00);
            return Rcr(0x18, 3)[2] | (Rcr(0x19, 3)[2] << 8);     // MIRDL, MIRDH
        }

        /// <summary>DS 6.1, 6.5: ring 0000h..19FFh, ERXRDPT odd, MAC address, MARXEN, RXEN.</summary>
        private void StartReceiver(int ringEnd = 0x19FF)
        {
            Bank(0);
            Wcr(0x08, 0x00); Wcr(0x09, 0x00);                        // ERXST
            Wcr(0x0A, ringEnd & 0xFF); Wcr(0x0B, ringEnd >> 8);      // ERXND
            Wcr(0x0C, ringEnd & 0xFF); Wcr(0x0D, ringEnd >> 8);      // ERXRDPT = ERXND (odd)
            Bank(2);
            Wcr(0x00, 0x0D);                                         // MACON1 = MARXEN|TXPAUS|RXPAUS
            Wcr(0x02, 0x33);                                         // MACON3 = PADCFG0|TXCRCEN|FRMLNEN|FULDPX
            Wcr(0x0A, 0xEE); Wcr(0x0B, 0x05);                        // MAMXFL = 1518
            Bank(3);
            Wcr(0x04, Mac[0]); Wcr(0x05, Mac[1]); Wcr(0x02, Mac[2]);
            Wcr(0x03, Mac[3]); Wcr(0x00, Mac[4]); Wcr(0x01, Mac[5]);
            Bfs(0x1F, 0x04);                                         // ECON1.RXEN (any bank)
            Bank(0);
        }

        private byte[] ReadMemory(int address, int count)
        {
            Bank(0);
            Wcr(0x00, address & 0xFF); Wcr(0x01, address >> 8);      // ERDPT
            var cmd = new byte[count + 1];
            cmd[0] = 0x3A;                                           // RBM
            var r = Spi(cmd);
            var data = new byte[count];
            System.Array.Copy(r, 1, data, 0, count);
            return data;
        }

        [Fact]
        public void Rcr_on_an_ETH_register_returns_it_in_the_second_byte()
        {
            Assert.Equal(0x80, Rcr(0x1E)[1]);            // ECON2 reset value: AUTOINC (DS Table 3-2)
            Assert.Equal(0x01, Rcr(0x1D)[1] & 0x09);     // ESTAT: CLKRDY set, bit 3 reads 0
        }

        [Fact]
        public void Banks_are_selected_with_ECON1_BSEL()
        {
            Bfs(0x1F, 0x03);                              // bank 3
            Assert.Equal(Enc28j60Chip.RevisionB7, Rcr(0x12)[1]); // EREVID
            Bfc(0x1F, 0x02);                              // bank 1
            Assert.Equal(0xA1, Rcr(0x18)[1]);            // ERXFCON reset value
            Assert.Equal(0, _chip.ProtocolViolations);
        }

        [Fact]
        public void MAC_register_read_shifts_out_a_dummy_byte_first()
        {
            Bank(2);
            Wcr(0x02, 0x33);                              // MACON3
            var r = Rcr(0x02, 3);
            Assert.Equal(0x33, r[2]);
            Assert.NotEqual(0x33, r[1]);
            Rcr(0x02, 2);                                 // only the dummy: legal, but useless
            Assert.Equal(0, _chip.ProtocolViolations);
        }

        [Fact]
        public void Soft_reset_makes_the_chip_deaf_for_1ms_while_CLKRDY_still_reads_set()
        {
            Spi(0xFF);                                    // SRC
            Assert.Equal(0x01, Rcr(0x1D)[1] & 0x01);     // errata: CLKRDY not cleared
            Wcr(0x00, 0x12);                              // ignored: still starting up
            Assert.True(_chip.TransactionsDuringReset >= 2);
            _chip.ElapseMs(1);
            Assert.Equal(0xFA, Rcr(0x00)[1]);            // ERDPTL reset value, not 12h
        }

        [Fact]
        public void WBM_and_RBM_stream_with_auto_increment()
        {
            Wcr(0x02, 0x00); Wcr(0x03, 0x1A);            // EWRPT = 1A00h
            Spi(0x7A, 1, 2, 3, 4, 5);                    // WBM
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, ReadMemory(0x1A00, 5));
            Assert.Equal(0x05, Rcr(0x02)[1]);            // EWRPTL advanced to 1A05h
        }

        [Fact]
        public void RBM_wraps_from_ERXND_to_ERXST()
        {
            Wcr(0x08, 0x00); Wcr(0x09, 0x00);            // ERXST = 0
            Wcr(0x0A, 0xFF); Wcr(0x0B, 0x00);            // ERXND = 00FFh
            Wcr(0x02, 0xFE); Wcr(0x03, 0x00);            // EWRPT = 00FEh
            Spi(0x7A, 0xAA, 0xBB);
            Wcr(0x02, 0x00); Wcr(0x03, 0x00);
            Spi(0x7A, 0xCC);
            Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, ReadMemory(0x00FE, 3));
            Assert.Equal(0x01, Rcr(0x00)[1]);            // ERDPT now 0001h
        }

        [Fact]
        public void Received_frame_gets_a_status_vector_and_EPKTCNT_counts_it()
        {
            StartReceiver();
            var frame = TestWire.MakeFrame(Mac, 61, 1);
            _chip.InjectFromWire(frame, 0, frame.Length);
            Bank(1);
            Assert.Equal(1, Rcr(0x19)[1]);                // EPKTCNT
            var h = ReadMemory(0, 6 + 65);
            int next = h[0] | (h[1] << 8), count = h[2] | (h[3] << 8);
            Assert.Equal(65, count);                      // 61 + FCS
            Assert.Equal(72, next);                       // 6 + 65 = 71, padded to even (DS 7.2.2)
            Assert.Equal(0x80, h[4] & 0x80);              // bit 23 received OK
            for (int i = 0; i < 61; i++) Assert.Equal(frame[i], h[6 + i]);
            Assert.Equal(0x40, Rcr(0x1C)[1] & 0x40);      // EIR.PKTIF
            Bfs(0x1E, 0x40);                              // ECON2.PKTDEC
            Bank(1);
            Assert.Equal(0, Rcr(0x19)[1]);
            Assert.Equal(0, Rcr(0x1C)[1] & 0x40);         // PKTIF clears at zero
        }

        [Fact]
        public void Receive_filter_takes_unicast_to_MAADR_and_broadcast_only()
        {
            StartReceiver();
            var other = TestWire.MakeFrame(new byte[] { 0x02, 9, 9, 9, 9, 9 }, 60, 0);
            var bcast = TestWire.MakeFrame(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 60, 0);
            var badFcs = TestWire.MakeFrame(Mac, 60, 0);
            _chip.InjectFromWire(other, 0, 60);
            _chip.InjectFromWire(bcast, 0, 60);
            _chip.InjectFromWire(badFcs, 0, 60, badFcs: true); // ERXFCON.CRCEN drops it
            Bank(1);
            Assert.Equal(1, Rcr(0x19)[1]);
            Assert.Equal(2, _chip.FilterDrops);
            Assert.Equal(0x02, ReadMemory(5, 1)[0] & 0x02); // status bit 25 broadcast
        }

        [Fact]
        public void Promiscuous_mode_stores_a_bad_FCS_frame_with_CRC_error_and_RxOK_clear()
        {
            StartReceiver();
            Bank(1);
            Wcr(0x18, 0x00);                              // ERXFCON = 0
            _chip.InjectFromWire(TestWire.MakeFrame(Mac, 60, 0), 0, 60, badFcs: true);
            var h = ReadMemory(0, 6);
            Assert.Equal(0x10, h[4] & 0x90);              // bit 20 CRC error, bit 23 clear
        }

        [Fact]
        public void ERXRDPT_low_byte_is_buffered_until_the_high_byte_is_written()
        {
            Wcr(0x0C, 0x33);                              // ERXRDPTL
            Assert.Equal(0xFA, Rcr(0x0C)[1]);             // still the reset value (DS 7.2.4)
            Wcr(0x0D, 0x01);                              // ERXRDPTH
            Assert.Equal(0x33, Rcr(0x0C)[1]);
            Assert.Equal(0x01, Rcr(0x0D)[1]);
        }

        [Fact]
        public void Full_ring_drops_the_frame_with_RXERIF_and_keeps_unread_data()
        {
            StartReceiver(ringEnd: 0x03FF);               // 1 KB ring
            var f = TestWire.MakeFrame(Mac, 300, 5);
            for (int i = 0; i < 5; i++) _chip.InjectFromWire(f, 0, f.Length); // 310 B each: 3 fit
            Bank(1);
            Assert.Equal(3, Rcr(0x19)[1]);
            Assert.Equal(2, _chip.RxOverflowDrops);
            Assert.Equal(0x01, Rcr(0x1C)[1] & 0x01);      // EIR.RXERIF
            var first = ReadMemory(6, 300);
            for (int i = 0; i < 300; i++) Assert.Equal(f[i], first[i]);
        }

        [Fact]
        public void Ring_wraps_and_the_next_packet_pointer_follows()
        {
            StartReceiver(ringEnd: 0x03FF);
            var f = TestWire.MakeFrame(Mac, 300, 7);
            int next = 0;
            for (int round = 0; round < 6; round++)
            {
                _chip.InjectFromWire(f, 0, f.Length);
                var h = ReadMemory(next, 6);
                int n = h[0] | (h[1] << 8);
                Assert.Equal((next + 310) % 0x400, n);
                // free it: ERXRDPT = next - 1 (odd, errata 14), PKTDEC
                int free = n == 0 ? 0x3FF : n - 1;
                Bank(0);
                Wcr(0x0C, free & 0xFF); Wcr(0x0D, free >> 8);
                Bfs(0x1E, 0x40);
                next = n;
            }
            Assert.Equal(0, _chip.RxOverflowDrops);
            Assert.Equal(0, _chip.EvenReadPointerCorruptions);
        }

        [Fact]
        public void Even_ERXRDPT_corrupts_the_ring_as_errata_14_warns()
        {
            StartReceiver();
            Bank(0);
            Wcr(0x0C, 0x00); Wcr(0x0D, 0x10);             // ERXRDPT = 1000h, even
            _chip.InjectFromWire(TestWire.MakeFrame(Mac, 60, 0), 0, 60);
            Assert.Equal(1, _chip.EvenReadPointerCorruptions);
            Assert.Equal(1, ReadMemory(0, 1)[0] & 1);     // next packet pointer came out odd
        }

        [Fact]
        public void Transmit_sends_the_frame_clears_TXRTS_and_writes_the_status_vector()
        {
            StartReceiver();
            Wcr(0x04, 0x00); Wcr(0x05, 0x1A);             // ETXST = 1A00h
            Wcr(0x02, 0x00); Wcr(0x03, 0x1A);             // EWRPT = 1A00h
            var frame = TestWire.MakeFrame(new byte[] { 0x02, 0, 0, 0, 0, 0xEE }, 42, 3);
            var wbm = new byte[2 + 42];
            wbm[0] = 0x7A; wbm[1] = 0x00;                 // per-packet control byte: use MACON3
            System.Array.Copy(frame, 0, wbm, 2, 42);
            Spi(wbm);
            int end = 0x1A00 + 42;
            Wcr(0x06, end & 0xFF); Wcr(0x07, end >> 8);   // ETXND = last byte
            Bfs(0x1F, 0x08);                              // ECON1.TXRTS
            var got = new byte[1600];
            int n = _wire.TryTake(got);
            Assert.Equal(60, n);                          // padded by MACON3.PADCFG
            for (int i = 0; i < 42; i++) Assert.Equal(frame[i], got[i]);
            for (int i = 42; i < 60; i++) Assert.Equal(0, got[i]);
            Assert.Equal(0, Rcr(0x1F)[1] & 0x08);         // TXRTS cleared by hardware
            Assert.Equal(0x08, Rcr(0x1C)[1] & 0x0A);      // TXIF, not TXERIF
            var tsv = ReadMemory(end + 1, 7);
            Assert.Equal(64, tsv[0] | (tsv[1] << 8));     // byte count with padding and FCS
            Assert.Equal(0x80, tsv[2] & 0x80);            // bit 23 done
        }

        [Fact]
        public void MII_read_returns_PHID1_after_BUSY_clears()
        {
            Assert.Equal(0x0083, ReadPhy(0x02));
            Assert.Equal(0x0400, ReadPhy(0x11) & 0x0400); // PHSTAT2.LSTAT
            Assert.Equal(0, _chip.ProtocolViolations);
        }

        [Fact]
        public void Link_change_sets_LINKIF_when_PHIE_enables_it_and_reading_PHIR_clears_it()
        {
            Bank(2);
            Wcr(0x14, 0x12);                              // MIREGADR = PHIE
            Wcr(0x16, 0x12); Wcr(0x17, 0x00);             // MIWRL/H = PGEIE | PLNKIE
            _chip.SetLink(false);
            Assert.Equal(0x10, Rcr(0x1C)[1] & 0x10);      // EIR.LINKIF
            Assert.Equal(0, ReadPhy(0x11) & 0x0400);      // PHSTAT2.LSTAT clear
            ReadPhy(0x13);                                // PHIR
            Assert.Equal(0, Rcr(0x1C)[1] & 0x10);
        }

        [Fact]
        public void BFS_on_a_MAC_register_is_flagged_as_undefined()
        {
            Bank(2);
            Bfs(0x00, 0x01);                              // MACON1: BFS is for ETH registers only
            Assert.Equal(1, _chip.ProtocolViolations);
        }
    }
}
