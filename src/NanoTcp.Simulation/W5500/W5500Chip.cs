using System;
using NanoTcp.Drivers;

namespace NanoTcp.Simulation.W5500
{
    /// <summary>
    /// A register-level model of the WIZnet W5500 behind an <see cref="ISpiBus"/>. It decodes
    /// real SPI frames (16-bit offset address, control byte with BSB/RWB/OM, data phase),
    /// holds the common register block, eight socket register blocks and the 16 KB TX and
    /// 16 KB RX memories, and carries Ethernet frames to and from its wire side (any
    /// <see cref="INetDevice"/>: a cable end, a TAP device) in MACRAW mode on socket 0.
    ///
    /// It models the datasheet, not our driver: every behaviour below names its source.
    /// "DS" is the W5500 Datasheet v1.0.9 (section / page); "IO" is WIZnet's ioLibrary
    /// w5500.h register documentation. Frames move on the wire at the start of every SPI
    /// transaction and on <see cref="Step"/>.
    ///
    /// Failures like the silicon's (W5500Chip.Power.cs): with <see cref="WireTiming"/> a SEND
    /// takes the frame's time at <see cref="LinkSpeedMbps"/>; a SEND caught by a link loss
    /// never completes, as reported for real parts (<see cref="SendHangsAfterLinkLoss"/>);
    /// socket commands can take time to be accepted (<see cref="CommandLatencyTransactions"/>);
    /// RSTn, MR.RST and brown-outs return the registers to their reset values.
    /// Time moves with every SPI transaction (the bytes at <see cref="SpiClockHz"/>) and follows
    /// <see cref="Clock"/> when one is attached.
    /// </summary>
    public sealed partial class W5500Chip : ISpiBus
    {
        /// <summary>Largest Ethernet frame without FCS that the chip stores or sends.</summary>
        public const int MaxFrame = 1514;

        /// <summary>IEEE 802.3 minimum frame without FCS; a sending MAC pads to it.</summary>
        public const int MinFrame = 60;

        private const int MemorySize = 16 * 1024; // DS 3.3: one 16 KB TX and one 16 KB RX memory
        private const int SocketCount = 8;        // DS 1: 8 independent sockets
        private const int SocketRegisterSpan = 0x30;
        private const int CommonRegisterSpan = 0x3A;

        private readonly INetDevice _wire;
        private readonly byte[] _common = new byte[CommonRegisterSpan];
        private readonly byte[][] _socket = new byte[SocketCount][];
        private readonly byte[] _txMemory = new byte[MemorySize];
        private readonly byte[] _rxMemory = new byte[MemorySize];
        private readonly byte[] _frame = new byte[MaxFrame + 64];

        // Chip-internal pointers that are not plain register bytes (DS 4.2 Sn_RX_RSR, Sn_TX_FSR).
        private readonly int[] _rxWrite = new int[SocketCount];       // Sn_RX_WR, advanced by reception
        private readonly int[] _rxReadInternal = new int[SocketCount]; // Sn_RX_RD as last taken by RECV
        private readonly int[] _txRead = new int[SocketCount];        // Sn_TX_RD, advanced by SEND completion

        private bool _linkUp = true;
        private bool _inHardwareReset;
        private bool _sendPending;
        private int _sendDelayLeft;

        /// <summary>Creates a chip in its power-on state whose wire side is <paramref name="wire"/>.</summary>
        /// <param name="wire">The Ethernet side: frames the chip sends go to wire.Send, frames it receives come from wire.Receive.</param>
        /// <remarks>No MAC parameter: the W5500 has no factory MAC (hw/hw-facts.md A9.10); the host programs SHAR.</remarks>
        public W5500Chip(INetDevice wire)
        {
            _wire = wire ?? throw new ArgumentNullException(nameof(wire), "Pass the wire side, e.g. a cable end.");
            for (int i = 0; i < SocketCount; i++)
            {
                _socket[i] = new byte[SocketRegisterSpan];
            }
            ResetRegisters();
            InterruptPin = new InterruptLine(this);
            ResetPin = new ResetLine(this);
        }

        /// <summary>Frames stored into socket 0's RX buffer.</summary>
        public long FramesReceived { get; private set; }

        /// <summary>Frames put on the wire by SEND.</summary>
        public long FramesTransmitted { get; private set; }

        /// <summary>Frames dropped because the RX buffer had no room for them (DS 4.2 Sn_RX_RSR never exceeds Sn_RXBUF_SIZE).</summary>
        public long RxOverflowDrops { get; private set; }

        /// <summary>Frames refused by the MAC filter (Sn_MR.MFEN and the block bits).</summary>
        public long FramesFiltered { get; private set; }

        /// <summary>Frames that arrived while socket 0 was not open in MACRAW, or while the link was down.</summary>
        public long FramesIgnored { get; private set; }

        /// <summary>SPI transactions seen (chip-select assertions).</summary>
        public long Transactions { get; private set; }

        /// <summary>
        /// Test knob: how many further SPI transactions (or Step calls) a SEND takes before it
        /// completes. 0 (default) completes it when the command is written.
        /// </summary>
        public int SendLatencyTransactions { get; set; }

        /// <summary>The INTn pin (active low, DS 2 pin description; IO SIR/SIMR docs).</summary>
        public IInputPin InterruptPin { get; }

        /// <summary>The RSTn pin (active low, DS 5.5.1). Writing false holds the chip in reset.</summary>
        public IOutputPin ResetPin { get; }

        /// <summary>True while INTn is driven low.</summary>
        public bool InterruptAsserted
        {
            get
            {
                // IO SIR: bit n is set while Sn_IR & Sn_IMR is non-zero; INTn is low while
                // (SIR & SIMR) or (IR & IMR) is non-zero.
                int sir = 0;
                for (int n = 0; n < SocketCount; n++)
                {
                    if ((_socket[n][SnIr] & _socket[n][SnImr]) != 0)
                    {
                        sir |= 1 << n;
                    }
                }
                return (sir & _common[Simr]) != 0 || (_common[Ir] & _common[Imr]) != 0;
            }
        }

        /// <summary>Link state seen in PHYCFGR.LNK (DS 4.1 PHYCFGR bit 0).</summary>
        public bool LinkUp => _linkUp;

        /// <summary>
        /// Plugs or unplugs the cable. Down: nothing is received, and a SEND in progress (or
        /// issued while down) never completes when <see cref="SendHangsAfterLinkLoss"/> is set.
        /// </summary>
        public void SetLink(bool up)
        {
            if (!up && _linkUp && _sendPending && SendHangsAfterLinkLoss)
            {
                _sendHung = true;
                SendsHung++;
            }
            _linkUp = up;
            if (up)
            {
                CompleteSendIfDue();
            }
        }

        /// <summary>Lets time pass on the wire side: completes a due SEND and takes waiting frames in.</summary>
        public void Step()
        {
            FollowClock();
            if (_inHardwareReset || _brownOutLeft > 0)
            {
                return;
            }
            Pump();
        }

        /// <summary>A test's view of a register byte: block select (0 common, 4n+1 socket n) and offset.</summary>
        public byte PeekRegister(int blockSelect, int offset)
        {
            return ReadRegister(blockSelect, offset);
        }

        /// <inheritdoc />
        public int MaxTransferBytes => 0;

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            Transactions++;
            // Time spent: the bytes at SpiClockHz, plus 1 us for chip select and the host's call.
            _nowNs += 1000 + (8_000_000_000L / _spiClockHz) * count;
            FollowClock();
            if (_inHardwareReset || _brownOutLeft > 0)
            {
                // While RSTn is low (or the supply is down) the chip does not drive MISO; a
                // pulled-down line reads 0 (our choice). Writes are lost.
                for (int i = 0; i < count; i++)
                {
                    read[readOffset + i] = 0x00;
                }
                if (_brownOutLeft > 0 && --_brownOutLeft == 0)
                {
                    PowerOnResets++;
                    ResetRegisters();
                }
                return;
            }
            Pump();
            DecodeFrames(write, writeOffset, read, readOffset, count);
            AfterTransaction();
        }

        private void Pump()
        {
            if (_sendPending && _sendDelayLeft > 0)
            {
                _sendDelayLeft--;
            }
            CompleteSendIfDue();
            ReceiveFromWire();
        }

        private sealed class InterruptLine : IInputPin
        {
            private readonly W5500Chip _chip;
            public InterruptLine(W5500Chip chip) { _chip = chip; }
            public bool Read() { return !_chip.InterruptAsserted; }
        }

        private sealed class ResetLine : IOutputPin
        {
            private readonly W5500Chip _chip;
            public ResetLine(W5500Chip chip) { _chip = chip; }

            public void Write(bool high)
            {
                // DS 5.5.1: RSTn low (>= 500 us) resets the chip; registers return to their reset values.
                if (!high)
                {
                    _chip._inHardwareReset = true;
                    _chip.ResetRegisters();
                }
                else if (_chip._inHardwareReset)
                {
                    _chip._inHardwareReset = false;
                    _chip.PowerOnResets++;
                }
            }
        }
    }
}
