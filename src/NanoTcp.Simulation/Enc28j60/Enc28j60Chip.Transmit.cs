namespace NanoTcp.Simulation.Enc28j60
{
    public sealed partial class Enc28j60Chip
    {
        private readonly byte[] _txFrame = new byte[1600];

        private int _txWireLength;     // bytes of the frame in _txFrame as it goes on the wire (no FCS)
        private int _txEnd;            // ETXND of the transmission in progress
        private bool _txAbort, _txLate;

        /// <summary>
        /// DS 7.1: TXRTS set. The per-packet control byte at ETXST, the frame from ETXST+1 to
        /// ETXND. The frame is taken now; without <see cref="WireTiming"/> it also ends now,
        /// with it the transmission runs for the frame's time on a 10 Mb/s wire (.Timing.cs).
        /// </summary>
        private void Transmit()
        {
            if (_txStalled)
            {
                // Errata 12: TXRTS stays set, nothing leaves, no status vector.
                StalledTransmissions++;
                return;
            }
            int start = Pointer(0, 0x04), end = Pointer(0, 0x06);
            int length = end - start; // bytes after the control byte
            byte control = _mem[start];
            byte macon3 = Reg(2, MACON3);
            // Figure 7-1: POVERRIDE (bit 0) selects the control byte's PPADEN/PCRCEN/PHUGEEN
            // over MACON3's PADCFG/TXCRCEN/HFRMEN.
            bool pad = (control & 0x01) != 0 ? (control & 0x04) != 0 : (macon3 & MACON3_PADCFG) != 0;
            bool crc = (control & 0x01) != 0 ? (control & 0x02) != 0 : (macon3 & MACON3_TXCRCEN) != 0;
            bool huge = (control & 0x01) != 0 ? (control & 0x08) != 0 : (macon3 & MACON3_HFRMEN) != 0;

            bool abort = false, late = false;
            if (length < 1 || length > _txFrame.Length) { abort = true; length = length < 1 ? 0 : length; }
            int wireLength = length;
            if (!abort)
            {
                for (int i = 0; i < length; i++) _txFrame[i] = _mem[(start + 1 + i) & 0x1FFF];
                if (!crc)
                {
                    // The host supplied the FCS as the last 4 bytes; our wire carries frames
                    // without FCS, so check and strip it (a bad one would be dropped by the peer).
                    wireLength = length - 4;
                    if (wireLength < 14 || !FcsMatches(_txFrame, wireLength)) abort = true;
                }
                if (pad && wireLength < MinimumFrame)
                {
                    for (int i = wireLength; i < MinimumFrame; i++) _txFrame[i] = 0;
                    wireLength = MinimumFrame;
                }
                int maxFrame = Reg(2, MAMXFLL) | (Reg(2, MAMXFLL + 1) << 8);
                if (wireLength + 4 > maxFrame && !huge) abort = true; // TSV bit 30, giant
            }
            if (!abort && _injectedAborts > 0)
            {
                _injectedAborts--;
                abort = true;
                late = _injectedAbortIsLateCollision;
            }
            _txWireLength = abort ? 0 : wireLength;
            _txEnd = end;
            _txAbort = abort;
            _txLate = late;
            if (WireTiming && !abort)
            {
                StartOnWire();
                return;
            }
            if (!abort) PutOnWire();
            FinishTransmission();
        }

        /// <summary>The frame leaves the chip (unless the link is down or a collision spoiled it).</summary>
        private void PutOnWire()
        {
            if (_linkUp && _wire != null && !_txLostOnWire)
            {
                _wire.Send(_txFrame, 0, _txWireLength);
                FramesTransmitted++;
            }
            else if (_txLostOnWire)
            {
                DuplexMismatchLosses++;
            }
            _txLostOnWire = false;
            // DS 6.6 / PHCON2.HDLDIS: in half duplex the PHY loops our own frames back to the
            // receiver unless HDLDIS is set; the receive filters then decide (a broadcast comes back).
            if (!FullDuplexMac && (_phy[PHCON2] & PHCON2_HDLDIS) == 0 && _linkUp)
            {
                HalfDuplexLoopbacks++;
                Accept(_txFrame, 0, _txWireLength, false);
            }
        }

        /// <summary>DS 7.1: TXRTS clears, the status vector goes to ETXND + 1, TXIF (and TXERIF on abort) set.</summary>
        private void FinishTransmission()
        {
            bool abort = _txAbort, late = _txLate;
            WriteStatusVector(_txEnd, abort ? 0 : _txWireLength + 4, abort, late);
            _regs[ECON1] &= unchecked((byte)~ECON1_TXRTS);
            _regs[EIR] |= EIR_TXIF;
            if (abort)
            {
                if (!FullDuplexMac && StallAfterAbort) _txStalled = true; // errata 12
                _regs[EIR] |= EIR_TXERIF;
                _regs[ESTAT] |= ESTAT_TXABRT;
                if (late) _regs[ESTAT] |= ESTAT_LATECOL;
            }
        }

        private void WriteStatusVector(int end, int byteCount, bool abort, bool late)
        {
            int p = (end + 1) & 0x1FFF;
            bool broadcast = byteCount > 0, multicast = false;
            if (byteCount > 0)
            {
                for (int i = 0; i < 6; i++) if (_txFrame[i] != 0xFF) broadcast = false;
                multicast = !broadcast && (_txFrame[0] & 1) != 0;
            }
            byte b2 = (byte)(abort ? 0 : 0x80);          // bit 23 done
            byte b3 = 0;
            if (multicast) b3 |= 0x01;                    // bit 24
            if (broadcast) b3 |= 0x02;                    // bit 25
            if (abort && late) b3 |= 0x20;                // bit 29 late collision
            if (abort && !late) b3 |= 0x10;               // bit 28 excessive collisions
            int onWire = byteCount;
            _mem[p] = (byte)byteCount; p = (p + 1) & 0x1FFF;
            _mem[p] = (byte)(byteCount >> 8); p = (p + 1) & 0x1FFF;
            _mem[p] = b2; p = (p + 1) & 0x1FFF;
            _mem[p] = b3; p = (p + 1) & 0x1FFF;
            _mem[p] = (byte)onWire; p = (p + 1) & 0x1FFF;
            _mem[p] = (byte)(onWire >> 8); p = (p + 1) & 0x1FFF;
            _mem[p] = 0;
        }

        private static bool FcsMatches(byte[] frame, int length)
        {
            uint crc = Crc32.Initial;
            for (int i = 0; i < length; i++) crc = Crc32.Update(crc, frame[i]);
            uint fcs = Crc32.Finish(crc);
            for (int i = 0; i < 4; i++) if (frame[length + i] != (byte)(fcs >> (8 * i))) return false;
            return true;
        }
    }

    /// <summary>IEEE 802.3 CRC-32 (reflected, polynomial EDB88320h), as the MAC computes the FCS.</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();
        public const uint Initial = 0xFFFFFFFF;

        public static uint Update(uint crc, byte b) { return Table[(crc ^ b) & 0xFF] ^ (crc >> 8); }

        public static uint Finish(uint crc) { return ~crc; }

        private static uint[] BuildTable()
        {
            var t = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            return t;
        }
    }
}
