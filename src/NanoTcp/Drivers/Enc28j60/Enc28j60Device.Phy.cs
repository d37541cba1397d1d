using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    public sealed partial class Enc28j60Device
    {
        /// <summary>MISTAT.BUSY polls before a PHY access is declared stuck (a read takes 10.24 us, DS 3.3.1).</summary>
        private const int MiiBusyPolls = 100;

        /// <summary>DS 3.3.1: MIREGADR, MICMD.MIIRD, wait for MISTAT.BUSY clear, MICMD = 0, MIRDL/MIRDH.</summary>
        private int ReadPhy(int phyRegister)
        {
            WriteRegister(R.MIREGADR, phyRegister);
            WriteRegister(R.MICMD, R.MICMD_MIIRD);
            WaitMiiIdle();
            WriteRegister(R.MICMD, 0);
            int low = ReadRegister(R.MIRDL);
            return low | (ReadRegister(R.MIRDH) << 8);
        }

        /// <summary>DS 3.3.2: MIREGADR, MIWRL, then MIWRH starts the write; wait for BUSY clear.</summary>
        private void WritePhy(int phyRegister, int value)
        {
            WriteRegister(R.MIREGADR, phyRegister);
            WriteRegister(R.MIWRL, value & 0xFF);
            WriteRegister(R.MIWRH, (value >> 8) & 0xFF);
            WaitMiiIdle();
        }

        private void WaitMiiIdle()
        {
            for (int i = 0; i < MiiBusyPolls; i++)
            {
                if ((ReadRegister(R.MISTAT) & R.MISTAT_BUSY) == 0) return;
            }
            _counters.Errors++;
            _miiFailed = true;
        }

        /// <summary>
        /// One RCR EIR, acted on: link change (re-read PHSTAT2, clear PHIR), receive overflow
        /// (count, clear RXERIF). Returns EIR so the transmit path can look at TXIF/TXERIF.
        /// </summary>
        private int ReadAndHandleEir()
        {
            int eir = ReadRegister(R.EIR);
            _eirReadSinceLinkQuery = true;
            if (eir == 0xFF) return 0; // a bus reading all ones, not a chip with every flag up
            if ((eir & R.EIR_LINKIF) != 0)
            {
                // DS 12.1.5: reading PHIR clears PHIR.PGIF/PLNKIF and so EIR.LINKIF. Clear first,
                // then read the state: a change in between latches the flag again.
                ReadPhy(R.PHIR);
                bool up = (ReadPhy(R.PHSTAT2) & R.PHSTAT2_LSTAT) != 0;
                if (up != _linkUp) _counters.LinkChanges++;
                _linkUp = up;
            }
            if ((eir & R.EIR_RXERIF) != 0)
            {
                // DS 7.2.4 / 12.1.2: the chip aborted a packet for want of ring space (or EPKTCNT
                // hit 255). The packets already in the ring are intact; we keep draining them.
                _counters.Drops++;
                ClearBits(R.EIR, R.EIR_RXERIF);
            }
            return eir;
        }
    }
}
