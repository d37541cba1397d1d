namespace NanoTcp.Drivers.W5500
{
    /// <summary>
    /// W5500 register map and bit values used by <see cref="W5500Device"/>, with the
    /// datasheet names in the comments (W5500 Datasheet v1.0.9 chapter 4; WIZnet ioLibrary
    /// w5500.h; hw/hw-facts.md part A).
    /// </summary>
    internal static class W5500Registers
    {
        // SPI control byte (DS 2.2.2): BSB[4:0] << 3 | RWB << 2 | OM[1:0]; OM 00 = variable-length data mode.
        public const byte ReadBit = 0x00;
        public const byte WriteBit = 0x04;
        public const byte BlockCommon = 0x00 << 3;   // common register block
        public const byte BlockSocket0 = 0x01 << 3;  // socket n registers: BSB 4n+1
        public const byte BlockSocket0Tx = 0x02 << 3; // socket n TX buffer: BSB 4n+2
        public const byte BlockSocket0Rx = 0x03 << 3; // socket n RX buffer: BSB 4n+3

        /// <summary>BSB of socket n's register block, already shifted into the control byte.</summary>
        public static byte SocketBlock(int n)
        {
            return (byte)((4 * n + 1) << 3);
        }

        // Common registers (DS 4.1).
        public const int Mr = 0x0000;        // MR: RST 0x80 (self-clearing)
        public const int Shar = 0x0009;      // SHAR: source MAC, 6 bytes
        public const int Simr = 0x0018;      // SIMR: socket interrupt mask, bit n = socket n
        public const int Phycfgr = 0x002E;   // PHYCFGR: LNK bit 0
        public const int Versionr = 0x0039;  // VERSIONR: always 0x04

        public const byte MrReset = 0x80;
        public const byte PhyLink = 0x01;
        public const byte ChipVersion = 0x04;

        // Socket n registers (DS 4.2).
        public const int SnMr = 0x00;        // Sn_MR
        public const int SnCr = 0x01;        // Sn_CR (self-clearing command)
        public const int SnIr = 0x02;        // Sn_IR (write 1 to clear)
        public const int SnSr = 0x03;        // Sn_SR
        public const int SnRxBufSize = 0x1E; // Sn_RXBUF_SIZE in KB
        public const int SnTxBufSize = 0x1F; // Sn_TXBUF_SIZE in KB
        public const int SnTxFsr = 0x20;     // Sn_TX_FSR
        public const int SnTxRd = 0x22;      // Sn_TX_RD
        public const int SnTxWr = 0x24;      // Sn_TX_WR
        public const int SnRxRsr = 0x26;     // Sn_RX_RSR
        public const int SnRxRd = 0x28;      // Sn_RX_RD
        public const int SnRxWr = 0x2A;      // Sn_RX_WR
        public const int SnImr = 0x2C;       // Sn_IMR

        public const byte SnMrMacRaw = 0x04;    // P[3:0] = 0100 MACRAW (socket 0 only)
        public const byte SnMrMacFilter = 0x80; // MFEN on the W5500 (0x40 on W5100/W5200; Linux w5100.c W5500_S0_MR_MF)
        public const byte SnMrMulticastBlock = 0x20; // MMB: multicast blocking in MACRAW (IO Sn_MR_MMB)

        public const byte CmdOpen = 0x01;
        public const byte CmdClose = 0x10;
        public const byte CmdSend = 0x20;
        public const byte CmdRecv = 0x40;

        public const byte IrRecv = 0x04;
        public const byte IrSendOk = 0x10;

        public const byte SockMacRaw = 0x42;    // Sn_SR SOCK_MACRAW
    }
}
