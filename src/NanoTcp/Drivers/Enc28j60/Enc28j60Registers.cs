namespace NanoTcp.Drivers.Enc28j60
{
    /// <summary>
    /// ENC28J60 SPI opcodes, control registers, PHY registers and bits, with the datasheet's
    /// names (DS39662E). A control register is encoded as its 5-bit address (bits 0..4), its
    /// bank (bits 5..6, meaningless for the common registers 0x1B..0x1F) and a flag (bit 7)
    /// for the MAC and MII registers, which answer RCR with a dummy byte first (DS 4.2.1,
    /// Figure 4-4).
    /// </summary>
    internal static class Enc28j60Registers
    {
        // ---- SPI instruction set, DS Table 4-1 ----
        public const byte OpReadControl = 0x00;   // RCR 000aaaaa
        public const byte OpReadBuffer = 0x3A;    // RBM 00111010
        public const byte OpWriteControl = 0x40;  // WCR 010aaaaa + data
        public const byte OpWriteBuffer = 0x7A;   // WBM 01111010 + data...
        public const byte OpBitSet = 0x80;        // BFS 100aaaaa + mask (ETH registers only, DS 4.2.5)
        public const byte OpBitClear = 0xA0;      // BFC 101aaaaa + mask (ETH registers only, DS 4.2.6)
        public const byte OpSoftReset = 0xFF;     // SRC

        public const int AddressMask = 0x1F;
        public const int BankShift = 5;
        public const int DummyByteFlag = 0x80;
        private const int Bank0 = 0 << BankShift, Bank1 = 1 << BankShift, Bank2 = 2 << BankShift, Bank3 = 3 << BankShift;

        // ---- Common to all banks, DS Table 3-1 ----
        public const int EIE = 0x1B, EIR = 0x1C, ESTAT = 0x1D, ECON2 = 0x1E, ECON1 = 0x1F;
        public const int FirstCommonRegister = 0x1B;

        // ---- Bank 0: buffer pointers ----
        public const int ERDPTL = 0x00 | Bank0, ERDPTH = 0x01 | Bank0;
        public const int EWRPTL = 0x02 | Bank0, EWRPTH = 0x03 | Bank0;
        public const int ETXSTL = 0x04 | Bank0, ETXSTH = 0x05 | Bank0;
        public const int ETXNDL = 0x06 | Bank0, ETXNDH = 0x07 | Bank0;
        public const int ERXSTL = 0x08 | Bank0, ERXSTH = 0x09 | Bank0;
        public const int ERXNDL = 0x0A | Bank0, ERXNDH = 0x0B | Bank0;
        public const int ERXRDPTL = 0x0C | Bank0, ERXRDPTH = 0x0D | Bank0;

        // ---- Bank 1: filters and the packet counter ----
        public const int EHT0 = 0x00 | Bank1;
        public const int ERXFCON = 0x18 | Bank1, EPKTCNT = 0x19 | Bank1;

        // ---- Bank 2: MAC and MII (dummy byte on read) ----
        public const int MACON1 = 0x00 | Bank2 | DummyByteFlag, MACON3 = 0x02 | Bank2 | DummyByteFlag;
        public const int MACON4 = 0x03 | Bank2 | DummyByteFlag, MABBIPG = 0x04 | Bank2 | DummyByteFlag;
        public const int MAIPGL = 0x06 | Bank2 | DummyByteFlag, MAIPGH = 0x07 | Bank2 | DummyByteFlag;
        public const int MAMXFLL = 0x0A | Bank2 | DummyByteFlag, MAMXFLH = 0x0B | Bank2 | DummyByteFlag;
        public const int MICMD = 0x12 | Bank2 | DummyByteFlag, MIREGADR = 0x14 | Bank2 | DummyByteFlag;
        public const int MIWRL = 0x16 | Bank2 | DummyByteFlag, MIWRH = 0x17 | Bank2 | DummyByteFlag;
        public const int MIRDL = 0x18 | Bank2 | DummyByteFlag, MIRDH = 0x19 | Bank2 | DummyByteFlag;

        // ---- Bank 3: MAC address (byte order: DS Table 3-1, MAADR1 is the first byte on the wire) ----
        public const int MAADR5 = 0x00 | Bank3 | DummyByteFlag, MAADR6 = 0x01 | Bank3 | DummyByteFlag;
        public const int MAADR3 = 0x02 | Bank3 | DummyByteFlag, MAADR4 = 0x03 | Bank3 | DummyByteFlag;
        public const int MAADR1 = 0x04 | Bank3 | DummyByteFlag, MAADR2 = 0x05 | Bank3 | DummyByteFlag;
        public const int MISTAT = 0x0A | Bank3 | DummyByteFlag, EREVID = 0x12 | Bank3;

        // ---- Bits ----
        public const byte EIE_INTIE = 0x80, EIE_PKTIE = 0x40, EIE_LINKIE = 0x10, EIE_TXERIE = 0x02, EIE_RXERIE = 0x01;
        public const byte EIR_PKTIF = 0x40, EIR_DMAIF = 0x20, EIR_LINKIF = 0x10, EIR_TXIF = 0x08, EIR_TXERIF = 0x02, EIR_RXERIF = 0x01;
        public const byte ESTAT_LATECOL = 0x10, ESTAT_TXABRT = 0x02, ESTAT_CLKRDY = 0x01;
        /// <summary>ESTAT bit 3 is unimplemented and reads 0 (DS Register 12-2): a set bit 3 means the bus, not the chip, answered.</summary>
        public const byte ESTAT_UNIMPLEMENTED_BIT3 = 0x08;
        public const byte ECON1_TXRST = 0x80, ECON1_RXRST = 0x40, ECON1_DMAST = 0x20, ECON1_CSUMEN = 0x10, ECON1_TXRTS = 0x08, ECON1_RXEN = 0x04, ECON1_BSEL = 0x03;
        public const byte ECON2_AUTOINC = 0x80, ECON2_PKTDEC = 0x40;
        public const byte ERXFCON_UCEN = 0x80, ERXFCON_CRCEN = 0x20, ERXFCON_HTEN = 0x04, ERXFCON_BCEN = 0x01;
        public const byte MACON4_DEFER = 0x40;
        public const byte MACON1_TXPAUS = 0x08, MACON1_RXPAUS = 0x04, MACON1_MARXEN = 0x01;
        public const byte MACON3_PADCFG0 = 0x20, MACON3_TXCRCEN = 0x10, MACON3_FRMLNEN = 0x02, MACON3_FULDPX = 0x01;
        public const byte MICMD_MIIRD = 0x01;
        public const byte MISTAT_BUSY = 0x01;

        // ---- PHY registers (through MII), DS Table 3-3 ----
        public const int PHCON1 = 0x00, PHSTAT1 = 0x01, PHID1 = 0x02, PHCON2 = 0x10, PHSTAT2 = 0x11, PHIE = 0x12, PHIR = 0x13;
        public const int PHCON1_PDPXMD = 0x0100;
        public const int PHCON2_HDLDIS = 0x0100;
        public const int PHSTAT2_LSTAT = 0x0400;
        public const int PHIE_PLNKIE = 0x0010, PHIE_PGEIE = 0x0002;

        // ---- Receive status vector (DS Table 7-3): bits 16..31 are header bytes 4 and 5 ----
        public const byte RSV4_CRC_ERROR = 0x10;   // bit 20
        public const byte RSV4_RECEIVED_OK = 0x80; // bit 23
        // ---- Transmit status vector (DS Table 7-1) ----
        public const byte TSV3_LATE_COLLISION = 0x20; // bit 29
        public const byte TSV2_DONE = 0x80;           // bit 23
    }
}
