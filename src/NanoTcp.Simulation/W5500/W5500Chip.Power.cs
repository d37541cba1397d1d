using System;

namespace NanoTcp.Simulation.W5500
{
    // Time, power and the ways the silicon misbehaves: SEND time on the wire, the SEND that
    // never completes after a link loss, socket commands that take time, brown-outs.
    public sealed partial class W5500Chip
    {
        private long _nowNs;
        private int _spiClockHz = 20_000_000;
        private int _linkSpeedMbps = 100;
        private long _sendDueNs;
        private bool _sendHung;
        private int _brownOutLeft;
        private readonly int[] _commandPending = new int[SocketCount];
        private readonly int[] _commandLeft = new int[SocketCount];

        /// <summary>The chip's notion of time in nanoseconds since it was created.</summary>
        public long NowNs => _nowNs;

        /// <summary>SPI clock used to charge time per byte (DS 1: up to 80 MHz). Default 20 MHz.</summary>
        public int SpiClockHz
        {
            get => _spiClockHz;
            set => _spiClockHz = value >= 1000 && value <= 80_000_000 ? value
                : throw new ArgumentOutOfRangeException(nameof(SpiClockHz), "SpiClockHz must be 1 kHz .. 80 MHz (DS 1 maximum).");
        }

        /// <summary>A virtual clock the chip's time follows (never runs behind); null = time moves with SPI only.</summary>
        public VirtualClock Clock { get; set; }

        /// <summary>Lets time pass.</summary>
        public void ElapseMs(int ms) { _nowNs += ms * 1_000_000L; }

        /// <summary>Lets microseconds pass.</summary>
        public void ElapseUs(int us) { _nowNs += us * 1_000L; }

        /// <summary>
        /// With true, a SEND completes only once the frame (preamble, frame, FCS, gap) had its
        /// time on the wire at <see cref="LinkSpeedMbps"/>: 1.2 ms for 1514 bytes at 10 Mb/s.
        /// False (default) completes it at once, for the fast stack-level tests.
        /// </summary>
        public bool WireTiming { get; set; }

        /// <summary>The speed autonegotiation settled on: 10 or 100 (default). PHYCFGR.SPD shows it.</summary>
        public int LinkSpeedMbps
        {
            get => _linkSpeedMbps;
            set => _linkSpeedMbps = value == 10 || value == 100 ? value
                : throw new ArgumentOutOfRangeException(nameof(LinkSpeedMbps), "LinkSpeedMbps is 10 or 100 (10BASE-T / 100BASE-TX).");
        }

        /// <summary>
        /// [REPORTED, not in the datasheet] esp-idf issue #6233: after a cable unplug the W5500
        /// never sets Sn_IR.SEND_OK for the SEND in progress, and Espressif's driver added a
        /// transmit timeout and a link check for it (hw-facts A6). True (default) models it: a
        /// SEND in progress when the link drops, or issued while it is down, never completes,
        /// even after the link returns, until socket 0 is closed and opened again or the chip resets.
        /// </summary>
        public bool SendHangsAfterLinkLoss { get; set; } = true;

        /// <summary>SENDs that hung (see <see cref="SendHangsAfterLinkLoss"/>).</summary>
        public long SendsHung { get; private set; }

        /// <summary>True while socket 0's SEND is hung.</summary>
        public bool SendIsHung => _sendHung;

        /// <summary>
        /// SPI transactions a socket command takes before the chip accepts it and clears Sn_CR
        /// (DS 4.2 Sn_CR: "cleared to 0x00 after the command is recognized"). 0 (default)
        /// accepts it at once. A command written while the previous one is still in Sn_CR is
        /// ignored [UNCERTAIN: the datasheet only says to wait for Sn_CR to clear; counted in
        /// <see cref="CommandsIgnoredWhileBusy"/>].
        /// </summary>
        public int CommandLatencyTransactions { get; set; }

        /// <summary>Socket commands written while Sn_CR still held the previous one.</summary>
        public long CommandsIgnoredWhileBusy { get; private set; }

        /// <summary>Brown-outs and RSTn pulses that reset the chip.</summary>
        public long PowerOnResets { get; private set; }

        /// <summary>
        /// The 3.3 V supply sags: for the next <paramref name="unpoweredTransactions"/> SPI
        /// transactions the chip does not answer (MISO reads 0, writes are lost), then it comes
        /// back in its reset state: socket 0 closed, buffers unassigned (DS 4.1/4.2 reset values).
        /// </summary>
        public void BrownOut(int unpoweredTransactions)
        {
            if (unpoweredTransactions < 1) throw new ArgumentOutOfRangeException(nameof(unpoweredTransactions), "Pass at least 1 transaction during which the chip is unpowered.");
            _brownOutLeft = unpoweredTransactions;
        }

        private void FollowClock()
        {
            if (Clock == null) return;
            long clockNs = Clock.NowMs * 1_000_000L;
            if (clockNs > _nowNs) _nowNs = clockNs;
        }

        private long FrameTimeNs(int wireLength)
        {
            long byteNs = _linkSpeedMbps == 10 ? 800 : 80;
            // IEEE 802.3: preamble + SFD (8), frame, FCS (4), inter-frame gap (12 byte times).
            return (8 + wireLength + 4 + 12) * byteNs;
        }

        /// <summary>Writes to Sn_CR while a command is pending: DS 4.2 says wait for Sn_CR = 0 first.</summary>
        private bool CommandAccepted(int socket, int command)
        {
            if (CommandLatencyTransactions <= 0)
            {
                return true;
            }
            if (_commandPending[socket] != 0)
            {
                CommandsIgnoredWhileBusy++;
                return false;
            }
            _commandPending[socket] = command;
            _commandLeft[socket] = CommandLatencyTransactions;
            _socket[socket][SnCr] = (byte)command;
            return false;
        }

        private void AfterTransaction()
        {
            for (int n = 0; n < SocketCount; n++)
            {
                if (_commandPending[n] != 0 && --_commandLeft[n] <= 0)
                {
                    int command = _commandPending[n];
                    _commandPending[n] = 0;
                    _socket[n][SnCr] = 0;
                    ExecuteCommand(n, command);
                }
            }
        }

        private void ClearPowerState()
        {
            _sendHung = false;
            for (int n = 0; n < SocketCount; n++)
            {
                _commandPending[n] = 0;
                _commandLeft[n] = 0;
            }
        }
    }
}
