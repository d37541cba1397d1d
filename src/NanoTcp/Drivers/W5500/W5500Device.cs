using System;

namespace NanoTcp.Drivers.W5500
{
    /// <summary>
    /// WIZnet W5500 driver in MACRAW mode: the chip's hardware TCP/IP is bypassed and socket
    /// 0 carries whole Ethernet frames (W5500 datasheet v1.0.9 "DS" chapter 4, the MACRAW
    /// procedures of WIZnet's ioLibrary). All 16 KB of RX and TX memory go to socket 0, the MAC
    /// filter is on, and the driver spends at most 4 SPI transactions per received frame (fewer
    /// when several wait: one burst reads them all) and 4 per sent frame.
    ///
    /// SPI budget, received frames (<see cref="Receive"/>): one status read of socket 0's
    /// registers Sn_MR..Sn_RX_WR, one burst read of everything waiting (up to the burst
    /// buffer and the bus's maximum transfer), one write of Sn_RX_RD, one write of Sn_CR = RECV.
    /// Sent frames (<see cref="Send"/>): one write of the frame into TX memory, one status read,
    /// one write of Sn_TX_WR, one of Sn_CR = SEND. Only one SEND runs at a time (DS 4.2
    /// Sn_CR): a frame written while the previous one is still on the wire waits in TX memory
    /// and is sent by the status read that sees the previous one done, in Send or Receive.
    ///
    /// Faults: every status read also checks the socket (MACRAW, our mode, 16 KB buffers, the
    /// pointers consistent); a SEND that never completes (reported after cable unplugs) is
    /// abandoned and the socket reopened; a chip reset or brown-out is answered by configuring
    /// it again. Frames go to the chip in place (the SPI header in the caller's TransmitHeadroom)
    /// and come up in place (Receive lends the burst buffer). Every buffer is allocated here;
    /// nothing allocates per frame.
    /// </summary>
    public sealed partial class W5500Device : INetDevice
    {
        /// <summary>Largest frame without FCS.</summary>
        public const int MaxFrame = 1514;

        /// <summary>Ethernet minimum without FCS; shorter frames are padded before SEND (hw-facts A6).</summary>
        public const int MinFrame = 60;

        /// <summary>IEEE 802.1Q: a VLAN-tagged frame without FCS. The chip stores it; the driver skips it.</summary>
        public const int MaxTaggedFrame = 1518;

        /// <summary>Default size of the driver-owned receive burst buffer.</summary>
        public const int DefaultBurstCapacity = 4096;

        /// <summary>Initialize gives up after this many polls of MR/VERSIONR (1 ms apart with a delay).</summary>
        public const int MaxVersionPolls = 20;

        private const int HeaderBytes = 3;           // DS 2.2: 16-bit offset + control byte
        private const int StatusBytes = 0x2C;        // socket 0 registers 0x00 (Sn_MR) .. 0x2B (Sn_RX_WR)
        private const int SocketBufferSize = 16 * 1024;
        private const int MaxStatusReads = 3;
        private const int MaxOpenPolls = 10;
        /// <summary>DS 4.2 Sn_CR: reads of Sn_CR while waiting for the chip to accept a command.</summary>
        private const int MaxCommandPolls = 20;

        private readonly ISpiBus _spi;
        private readonly byte[] _mac = new byte[6];
        private readonly IOutputPin _reset;
        private readonly IDelay _delay;
        private readonly byte[] _reg = new byte[HeaderBytes + StatusBytes];
        private readonly byte[] _rx;
        private readonly int _rxCapacity;
        private readonly byte[] _pad = new byte[HeaderBytes + MinFrame]; // runts only: see Send
        private readonly int _maxTransfer;
        private byte _mode = (byte)(W5500Registers.SnMrMacFilter | W5500Registers.SnMrMulticastBlock | W5500Registers.SnMrMacRaw);

        private bool _initialized;
        private bool _interruptsEnabled;

        /// <summary>Creates the driver; nothing touches the bus until <see cref="Initialize"/>.</summary>
        /// <param name="spi">The SPI bus with the W5500 on it (mode 0 or 3, DS 2).</param>
        /// <param name="mac">Our 6-byte MAC address, programmed into SHAR (the chip has none of its own).</param>
        /// <param name="reset">Optional RSTn pin; when given, Initialize pulses it.</param>
        /// <param name="delay">Optional millisecond delay for reset timing; without it the driver polls without waiting.</param>
        public W5500Device(ISpiBus spi, byte[] mac, IOutputPin reset = null, IDelay delay = null)
            : this(spi, mac, reset, delay, DefaultBurstCapacity)
        {
        }

        /// <summary>As above, with the size of the receive burst buffer (at least 1516 bytes).</summary>
        public W5500Device(ISpiBus spi, byte[] mac, IOutputPin reset, IDelay delay, int burstCapacity)
        {
            if (spi == null)
            {
                throw new ArgumentNullException("spi", "Pass the SPI bus the W5500 is wired to.");
            }
            if (mac == null || mac.Length != 6)
            {
                throw new ArgumentException("Pass a 6-byte MAC address, e.g. a locally administered one (first byte 0x02).", "mac");
            }
            if ((mac[0] & 0x01) != 0)
            {
                throw new ArgumentException("The MAC address is a multicast address (first byte odd); use a unicast one such as 02:xx:xx:xx:xx:xx.", "mac");
            }
            if (burstCapacity < MaxTaggedFrame + 2 || burstCapacity > SocketBufferSize)
            {
                throw new ArgumentOutOfRangeException("burstCapacity", "The burst buffer must hold one whole VLAN-tagged frame with its 2-byte header (1520 bytes) and at most 16384.");
            }
            int max = spi.MaxTransferBytes;
            if (max != 0 && max < HeaderBytes + StatusBytes)
            {
                throw new ArgumentException("The SPI bus must take transfers of at least 47 bytes (ISpiBus.MaxTransferBytes): one status read.", "spi");
            }
            _maxTransfer = max == 0 ? int.MaxValue : max;
            _spi = spi;
            Array.Copy(mac, _mac, 6);
            _reset = reset;
            _delay = delay;
            _rxCapacity = burstCapacity;
            _rx = new byte[HeaderBytes + burstCapacity];
            Counters = new DriverCounters();
        }

        /// <summary>SPI transactions and bytes, frames in and out, drops and errors.</summary>
        public DriverCounters Counters { get; private set; }

        /// <summary>
        /// Optional INTn line (active low). Set it before <see cref="Initialize"/>: the driver
        /// then unmasks socket 0's RECV interrupt and skips the status read while INTn is high.
        /// Without it the driver polls the chip's registers on every <see cref="Receive"/>.
        /// </summary>
        public IInputPin InterruptPin { get; set; }

        /// <inheritdoc />
        public byte[] MacAddress
        {
            get { return _mac; }
        }

        /// <summary>PHYCFGR.LNK (DS 4.1, bit 0). Each read costs one SPI transaction.</summary>
        public bool LinkUp
        {
            get
            {
                EnsureInitialized();
                return ReadLink();
            }
        }

        /// <summary>
        /// True when a call to <see cref="Receive"/> may find something: frames are buffered in
        /// the driver, the last burst has to be followed up, INTn is low, or there is no
        /// interrupt line (polling).
        /// </summary>
        public bool InterruptPending
        {
            get
            {
                if (_rxPos < _rxEnd || _recheck || _sendInFlight || _stagedCount > 0)
                {
                    return true;
                }
                IInputPin pin = _interruptsEnabled ? InterruptPin : null;
                return pin == null || !pin.Read();
            }
        }

        /// <summary>
        /// Resets the chip and configures socket 0 for MACRAW. Throws an
        /// InvalidOperationException naming the likely wiring fault when the chip does not answer.
        /// </summary>
        public void Initialize()
        {
            _initialized = false;
            if (_reset != null)
            {
                // DS 5.5.1: RSTn low for at least 500 us (T_RC), then 1 ms for the PLL to lock (T_PL).
                _reset.Write(false);
                Sleep(1);
                _reset.Write(true);
                Sleep(2);
            }
            // DS 4.1 MR.RST: soft reset, the bit clears itself.
            WriteRegister8(W5500Registers.BlockCommon, W5500Registers.Mr, W5500Registers.MrReset);
            WaitForVersion();
            _interruptsEnabled = InterruptPin != null;
            _recoveryWait = 0;
            if (!Configure())
            {
                throw new InvalidOperationException(
                    "W5500 answered (VERSIONR 0x04) but socket 0 did not open in MACRAW mode (Sn_SR never became 0x42). " +
                    "The SPI link may corrupt writes: lower the SPI clock and check the ground and MOSI wiring.");
            }
            // Autonegotiation may not have finished: no SEND until the link is seen up (a SEND
            // issued on a down link may never complete, see W5500Device.Transmit.cs).
            _linkDown = !ReadLink();
            _initialized = true;
        }

        /// <summary>
        /// ESP's driver polls MR until RST clears and then VERSIONR until 0x04, because
        /// "some W5500 units may return version 0 when it is read right after the reset"
        /// (hw-facts A8, A9.9). Bounded by <see cref="MaxVersionPolls"/>.
        /// </summary>
        private void WaitForVersion()
        {
            bool allOnes = true;
            bool allZeros = true;
            int mr = 0;
            int version = 0;
            for (int poll = 0; poll < MaxVersionPolls; poll++)
            {
                Sleep(1);
                mr = ReadRegister8(W5500Registers.BlockCommon, W5500Registers.Mr);
                version = ReadRegister8(W5500Registers.BlockCommon, W5500Registers.Versionr);
                allOnes &= mr == 0xFF && version == 0xFF;
                allZeros &= mr == 0x00 && version == 0x00;
                if ((mr & W5500Registers.MrReset) == 0 && version == W5500Registers.ChipVersion)
                {
                    return;
                }
            }
            throw new InvalidOperationException(DescribeWiringFault(allOnes, allZeros, mr, version));
        }

        private static string DescribeWiringFault(bool allOnes, bool allZeros, int mr, int version)
        {
            if (allOnes)
            {
                return "W5500 not responding: every byte read over SPI was 0xFF after " + MaxVersionPolls +
                       " tries. MISO is probably floating or not connected, the chip has no 3.3 V power, or its chip select " +
                       "(SCSn) is not wired to the CS pin you configured. Check MISO, power and CS.";
            }
            if (allZeros)
            {
                return "W5500 not responding: every byte read over SPI was 0x00 after " + MaxVersionPolls +
                       " tries. MISO may be shorted low, SCLK may not reach the chip (no clock), or RSTn is held low " +
                       "(reset pin wired or driven wrong). Check SCLK, MISO and RSTn.";
            }
            return "W5500 not found: VERSIONR read 0x" + Hex(version) + " (expected 0x04) and MR read 0x" + Hex(mr) +
                   " after " + MaxVersionPolls + " tries. This may be another chip (W5100/W5200), the wrong SPI mode " +
                   "(use mode 0 or 3), or a clock too fast for the wiring. Lower the SPI clock and check the mode.";
        }

        private static string Hex(int value)
        {
            const string digits = "0123456789ABCDEF";
            return new string(new char[] { digits[(value >> 4) & 0xF], digits[value & 0xF] });
        }

        /// <summary>
        /// SHAR, buffer sizes, interrupt masks, then socket 0 MACRAW with the MAC filter: CLOSE,
        /// wait until the chip took it (DS 4.2 Sn_CR: "cleared to 0x00 after the command is
        /// recognized"; the next command must wait for that), Sn_MR, OPEN, wait for Sn_SR =
        /// SOCK_MACRAW. Returns false when the socket does not open; never throws (recovery uses it too).
        /// </summary>
        private bool Configure()
        {
            DiscardDataPath();
            WriteBytes(W5500Registers.BlockCommon, W5500Registers.Shar, _mac, 6);
            for (int n = 0; n < 8; n++)
            {
                // DS 3.3, 4.2 Sn_RXBUF_SIZE: all 16 KB to socket 0, sockets 1-7 zero (the sum must stay <= 16 KB).
                byte kb = (byte)(n == 0 ? 16 : 0);
                _reg[HeaderBytes] = kb;
                _reg[HeaderBytes + 1] = kb;
                SetHeader(_reg, W5500Registers.SnRxBufSize, (byte)(W5500Registers.SocketBlock(n) | W5500Registers.WriteBit));
                Transfer(_reg, HeaderBytes + 2);
            }
            // IO SIMR / Sn_IMR: only socket 0 drives INTn: RECV, and SEND_OK so that a frame
            // waiting in TX memory for the previous SEND wakes a host that sleeps until INTn.
            WriteRegister8(W5500Registers.BlockCommon, W5500Registers.Simr, (byte)(_interruptsEnabled ? 0x01 : 0x00));
            WriteRegister8(W5500Registers.BlockSocket0, W5500Registers.SnImr,
                (byte)(_interruptsEnabled ? (W5500Registers.IrRecv | W5500Registers.IrSendOk) : 0x00));
            WriteRegister8(W5500Registers.BlockSocket0, W5500Registers.SnCr, W5500Registers.CmdClose);
            if (!WaitCommandAccepted())
            {
                return false;
            }
            WriteRegister8(W5500Registers.BlockSocket0, W5500Registers.SnMr, _mode);
            WriteRegister8(W5500Registers.BlockSocket0, W5500Registers.SnCr, W5500Registers.CmdOpen);
            for (int poll = 0; poll < MaxOpenPolls; poll++)
            {
                ReadStatus();
                if (StatusByte(W5500Registers.SnSr) == W5500Registers.SockMacRaw
                    && StatusByte(W5500Registers.SnCr) == 0
                    && StatusByte(W5500Registers.SnMr) == _mode
                    && StatusByte(W5500Registers.SnRxBufSize) == 16
                    && StatusByte(W5500Registers.SnTxBufSize) == 16)
                {
                    ResetDataPath();
                    // SHAR is what MFEN filters unicast on: a lost write (a brown-out that ends
                    // mid-configuration) would leave the chip deaf to our own address.
                    return MacAddressIntact();
                }
            }
            return false;
        }

        /// <summary>DS 4.2 Sn_CR: polls Sn_CR until the chip has accepted the last command (reads 0).</summary>
        private bool WaitCommandAccepted()
        {
            for (int poll = 0; poll < MaxCommandPolls; poll++)
            {
                if (ReadRegister8(W5500Registers.BlockSocket0, W5500Registers.SnCr) == 0)
                {
                    return true;
                }
            }
            return false;
        }

        private void EnsureInitialized()
        {
            if (!_initialized)
            {
                throw new InvalidOperationException("Call Initialize() on the W5500Device before using it.");
            }
        }

        private void Sleep(int ms)
        {
            if (_delay != null)
            {
                _delay.SleepMs(ms);
            }
        }
    }
}
