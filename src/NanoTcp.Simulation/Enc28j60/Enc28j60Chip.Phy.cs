namespace NanoTcp.Simulation.Enc28j60
{
    public sealed partial class Enc28j60Chip
    {
        internal const int PHCON1 = 0x00, PHSTAT1 = 0x01, PHID1 = 0x02, PHID2 = 0x03, PHCON2 = 0x10;
        internal const int PHSTAT2 = 0x11, PHIE = 0x12, PHIR = 0x13, PHLCON = 0x14;
        internal const int PHCON1_PRST = 0x8000, PHCON1_PDPXMD = 0x0100;
        internal const int PHCON2_HDLDIS = 0x0100;
        internal const int PHSTAT1_LLSTAT = 0x0004;
        internal const int PHSTAT2_LSTAT = 0x0400, PHSTAT2_DPXSTAT = 0x0200;
        internal const int PHIE_PLNKIE = 0x0010, PHIE_PGEIE = 0x0002;
        internal const int PHIR_PLNKIF = 0x0010, PHIR_PGIF = 0x0004;

        /// <summary>Plugs or unplugs the cable: PHSTAT2.LSTAT, PHSTAT1.LLSTAT (latching low) and the link interrupt.</summary>
        public void SetLink(bool up)
        {
            if (up == _linkUp) return;
            _linkUp = up;
            if (!up) CutWire();
            UpdateLinkStatus();
            if (!up) _phy[PHSTAT1] &= unchecked((ushort)~PHSTAT1_LLSTAT); // DS Register 3-4: latches low
            // DS 12.1.5: a link change sets PHIR.PLNKIF; with PHIE.PLNKIE and PGEIE also PHIR.PGIF
            // and EIR.LINKIF.
            _phy[PHIR] |= PHIR_PLNKIF;
            if ((_phy[PHIE] & (PHIE_PLNKIE | PHIE_PGEIE)) == (PHIE_PLNKIE | PHIE_PGEIE))
            {
                _phy[PHIR] |= PHIR_PGIF;
                _regs[EIR] |= EIR_LINKIF;
            }
        }

        private int _linkFlipAfterRead = -1;
        private bool _linkFlipTo;

        /// <summary>
        /// Test hook for races: right after the next MII read of <paramref name="phyRegister"/>
        /// has latched its value, the link goes to <paramref name="up"/> (a link pulse arriving
        /// between two reads of a driver).
        /// </summary>
        public void SetLinkAfterNextPhyRead(int phyRegister, bool up)
        {
            _linkFlipAfterRead = phyRegister;
            _linkFlipTo = up;
        }

        /// <summary>True while the simulated cable is plugged in.</summary>
        public bool LinkIsUp { get { return _linkUp; } }

        private void ResetPhy()
        {
            System.Array.Clear(_phy, 0, _phy.Length);
            _phy[PHSTAT1] = 0x1800;          // PFDPX | PHDPX: 10 Mb/s full and half duplex capable
            _phy[PHID1] = 0x0083;            // DS 3.3.5: OUI bits
            _phy[PHID2] = 0x1400;            // OUI bits, model 00h, revision 0
            _phy[PHLCON] = 0x3422;
            UpdateLinkStatus();
        }

        private void UpdateLinkStatus()
        {
            int s2 = _phy[PHSTAT2] & ~PHSTAT2_LSTAT;
            if (_linkUp) s2 |= PHSTAT2_LSTAT;
            _phy[PHSTAT2] = (ushort)s2;
        }

        private int ReadPhyRegister(int address)
        {
            int value = _phy[address];
            if (address == PHSTAT1)
            {
                // Latching low: the read returns the latched value, then it follows the link again.
                if (_linkUp) _phy[PHSTAT1] |= PHSTAT1_LLSTAT;
            }
            else if (address == PHIR)
            {
                // DS 12.1.5: reading PHIR clears its flags and so EIR.LINKIF.
                _phy[PHIR] = 0;
                _regs[EIR] &= unchecked((byte)~EIR_LINKIF);
            }
            return value;
        }

        private void WritePhyRegister(int address, int value)
        {
            switch (address)
            {
                case PHCON1:
                    // PRST self-clears (the PHY reset is instantaneous here); PDPXMD is mirrored
                    // in PHSTAT2.DPXSTAT.
                    _phy[PHCON1] = (ushort)(value & ~PHCON1_PRST);
                    _phy[PHSTAT2] = (ushort)((_phy[PHSTAT2] & ~PHSTAT2_DPXSTAT) | ((value & PHCON1_PDPXMD) != 0 ? PHSTAT2_DPXSTAT : 0));
                    return;
                case PHCON2:
                case PHIE:
                case PHLCON:
                    _phy[address] = (ushort)value;
                    return;
                default:
                    return; // PHSTAT*, PHID*, PHIR are read-only
            }
        }
    }
}
