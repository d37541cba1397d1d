namespace NanoTcp.Simulation.Enc28j60
{
    public sealed partial class Enc28j60Chip
    {
        private const int MaxFramesPerPull = 64;
        private const int MinimumFrame = 60; // without FCS; shorter frames were padded on the wire

        /// <summary>
        /// Delivers a frame as if it had just arrived on the wire (simulator tests). With
        /// <paramref name="badFcs"/> the frame arrives with a corrupted FCS.
        /// </summary>
        public void InjectFromWire(byte[] frame, int offset, int length, bool badFcs = false)
        {
            if (!_linkUp) return;
            Accept(frame, offset, length, badFcs);
        }

        private void PullFromWire()
        {
            if (_wire == null || !_linkUp) return;
            if ((_regs[ECON1] & ECON1_RXEN) == 0) return; // a disabled receiver leaves frames on the wire side
            if (WireTiming)
            {
                PullOneTimed();
                return;
            }
            for (int i = 0; i < MaxFramesPerPull; i++)
            {
                int n = _wire.Receive(out byte[] lent, out int at);
                if (n <= 0) return;
                Accept(lent, at, n, false); // copied into the chip's buffer memory there
            }
        }

        private void Accept(byte[] frame, int offset, int length, bool badFcs)
        {
            // DS 7.2.1: only with ECON1.RXEN (and not held in reset) and MACON1.MARXEN.
            if ((_regs[ECON1] & (ECON1_RXEN | ECON1_RXRST)) != ECON1_RXEN) return;
            if ((Reg(2, MACON1) & MACON1_MARXEN) == 0) { FilterDrops++; return; }
            if (length < 14) { FilterDrops++; return; }
            if (!PassesFilter(frame, offset, badFcs)) { FilterDrops++; return; }

            int padded = length < MinimumFrame ? MinimumFrame : length;
            int count = padded + 4; // DS Table 7-3: the byte count includes the FCS
            int maxFrame = Reg(2, MAMXFLL) | (Reg(2, MAMXFLL + 1) << 8);
            if (count > maxFrame && (Reg(2, MACON3) & MACON3_HFRMEN) == 0) { FilterDrops++; return; }

            int start = Pointer(0, 0x08), end = Pointer(0, 0x0A);
            int ringSize = end - start + 1;
            if (ringSize <= 6) { FilterDrops++; return; }

            // DS 7.2.4 / EPKTCNT register: the counter saturates; a packet that would overflow
            // it is dropped with RXERIF.
            if (Reg(1, EPKTCNT) == 255) { Overflow(); return; }

            int need = 6 + count;
            int advance = need + (need & 1); // DS 7.2.2: packets start at even addresses
            int readPointer = Pointer(0, 0x0C);
            int free = RingDistance(_rxWritePtr, readPointer, start, ringSize);
            if (free == 0) free = ringSize; // write == read pointer: empty (as Linux reads it)
            // DS 7.2.4: the chip never writes the byte at ERXRDPT; the packet is aborted with RXERIF.
            // The new write pointer must also stay short of ERXRDPT (equal would read as empty).
            if (advance >= free) { Overflow(); return; }

            int next = RingAdvance(_rxWritePtr, advance, start, ringSize);
            if ((readPointer & 1) == 0)
            {
                // Errata DS80349 item 14: an even ERXRDPT may corrupt the ring, including the next
                // packet pointer. Model it deterministically: the pointer comes out odd.
                EvenReadPointerCorruptions++;
                next |= 1;
            }

            int p = _rxWritePtr;
            p = Put(p, (byte)next, start, ringSize);
            p = Put(p, (byte)(next >> 8), start, ringSize);
            p = Put(p, (byte)count, start, ringSize);
            p = Put(p, (byte)(count >> 8), start, ringSize);
            p = Put(p, StatusLow(frame, offset, badFcs), start, ringSize);
            p = Put(p, StatusHigh(frame, offset), start, ringSize);
            uint crc = Crc32.Initial;
            for (int i = 0; i < padded; i++)
            {
                byte b = i < length ? frame[offset + i] : (byte)0;
                crc = Crc32.Update(crc, b);
                p = Put(p, b, start, ringSize);
            }
            uint fcs = Crc32.Finish(crc);
            if (badFcs) fcs ^= 0x00000100;
            for (int i = 0; i < 4; i++) p = Put(p, (byte)(fcs >> (8 * i)), start, ringSize);

            _rxWritePtr = next & 0x1FFF;
            Reg(1, EPKTCNT)++;
            _regs[EIR] |= EIR_PKTIF;
            FramesReceived++;
        }

        private void Overflow()
        {
            RxOverflowDrops++;
            _regs[EIR] |= EIR_RXERIF;
        }

        /// <summary>
        /// DS 8.0 receive filters. ERXFCON: UCEN 80h (destination = MAADR), ANDOR 40h, CRCEN 20h
        /// (drop bad FCS), PMEN/MPEN (pattern, magic packet: not modelled, never match), HTEN 04h
        /// (hash table, DS 8.4), MCEN 02h (group bit set), BCEN 01h (all ones). With no filter
        /// enabled every frame passes (promiscuous).
        /// </summary>
        private bool PassesFilter(byte[] frame, int offset, bool badFcs)
        {
            byte f = Reg(1, ERXFCON);
            if ((f & 0x20) != 0 && badFcs) return false;
            int enabled = f & 0x9F;
            if (enabled == 0) return true;
            bool broadcast = true;
            for (int i = 0; i < 6; i++) if (frame[offset + i] != 0xFF) broadcast = false;
            bool multicast = !broadcast && (frame[offset] & 1) != 0;
            bool unicastToUs = !broadcast && !multicast && DestinationIsUs(frame, offset);
            bool and = (f & 0x40) != 0;
            int matched = 0, checkedFilters = 0;
            if ((f & 0x80) != 0) { checkedFilters++; if (unicastToUs) matched++; }
            if ((f & 0x02) != 0) { checkedFilters++; if (multicast) matched++; }
            if ((f & 0x01) != 0) { checkedFilters++; if (broadcast) matched++; }
            if ((f & 0x04) != 0) { checkedFilters++; if (HashTableMatches(frame, offset)) matched++; }
            if ((f & 0x18) != 0) checkedFilters++; // pattern/magic: never match here
            return and ? matched == checkedFilters : matched > 0;
        }

        /// <summary>
        /// DS 8.4: a CRC over the six destination bytes points at one of the 64 bits of
        /// EHT0..EHT7; the frame passes when that bit is set. The pointer is bits 28..23 of the
        /// CRC-32 (polynomial 04C11DB7h, preset all ones, each byte least significant bit
        /// first, not inverted). Computed here from the bit-reversed (EDB88320h) table form of
        /// the same CRC: bit 23 + j of that register is bit 8 - j of the reflected one.
        /// </summary>
        internal bool HashTableMatches(byte[] frame, int offset)
        {
            int pointer = HashPointer(frame, offset);
            return (Reg(1, pointer >> 3) & (1 << (pointer & 7))) != 0;
        }

        /// <summary>The hash table bit (0..63) a destination address selects (DS 8.4).</summary>
        public static int HashPointer(byte[] address, int offset)
        {
            uint reflected = Crc32.Initial;
            for (int i = 0; i < 6; i++) reflected = Crc32.Update(reflected, address[offset + i]);
            int pointer = 0;
            for (int j = 0; j < 6; j++) pointer |= (int)((reflected >> (8 - j)) & 1) << j;
            return pointer;
        }

        private bool DestinationIsUs(byte[] frame, int offset)
        {
            // DS Table 3-1: MAADR1 (first byte) at bank 3 04h, MAADR2 05h, MAADR3 02h,
            // MAADR4 03h, MAADR5 00h, MAADR6 01h.
            return frame[offset] == Reg(3, 0x04) && frame[offset + 1] == Reg(3, 0x05)
                && frame[offset + 2] == Reg(3, 0x02) && frame[offset + 3] == Reg(3, 0x03)
                && frame[offset + 4] == Reg(3, 0x00) && frame[offset + 5] == Reg(3, 0x01);
        }

        /// <summary>Receive status vector bits 16..23 (DS Table 7-3).</summary>
        private static byte StatusLow(byte[] frame, int offset, bool badFcs)
        {
            int s = 0;
            if (badFcs) s |= 0x10;          // bit 20 CRC error
            else s |= 0x80;                 // bit 23 received OK
            int typeOrLength = (frame[offset + 12] << 8) | frame[offset + 13];
            if (typeOrLength > 1500) s |= 0x40; // bit 22 length out of range (a type field)
            return (byte)s;
        }

        /// <summary>Receive status vector bits 24..31 (DS Table 7-3).</summary>
        private static byte StatusHigh(byte[] frame, int offset)
        {
            bool broadcast = true;
            for (int i = 0; i < 6; i++) if (frame[offset + i] != 0xFF) broadcast = false;
            if (broadcast) return 0x02;                       // bit 25
            return (byte)((frame[offset] & 1) != 0 ? 0x01 : 0); // bit 24 multicast
        }

        private int Put(int p, byte value, int start, int ringSize)
        {
            _mem[p & 0x1FFF] = value;
            return RingAdvance(p, 1, start, ringSize);
        }

        private static int RingAdvance(int p, int n, int start, int ringSize)
        {
            int offset = (p - start + n) % ringSize;
            if (offset < 0) offset += ringSize;
            return start + offset;
        }

        private static int RingDistance(int from, int to, int start, int ringSize)
        {
            int d = (to - start) - (from - start);
            d %= ringSize;
            return d < 0 ? d + ringSize : d;
        }
    }
}
