namespace NanoTcp.Simulation.W5500
{
    // Socket commands and the MACRAW data path between the buffers and the wire.
    public sealed partial class W5500Chip
    {
        // Sn_MR bits (IO w5500.h Sn_MR_*; hw-facts A3).
        private const int MrProtocolMask = 0x0F, MrMacRaw = 0x04, MrTcp = 0x01, MrUdp = 0x02, MrIpRaw = 0x03;
        private const int MrMacFilter = 0x80, MrBroadcastBlock = 0x40, MrMulticastBlock = 0x20, MrIpv6Block = 0x10;

        // Sn_CR commands (IO Sn_CR_*).
        private const int CmdOpen = 0x01, CmdClose = 0x10, CmdSend = 0x20, CmdRecv = 0x40;

        // Sn_IR bits (IO Sn_IR_*).
        private const int IrRecv = 0x04, IrSendOk = 0x10;

        // Sn_SR states (IO SOCK_*).
        private const int SockClosed = 0x00, SockInit = 0x13, SockUdp = 0x22, SockIpRaw = 0x32, SockMacRaw = 0x42;

        /// <summary>IEEE 802.1Q tagged frame without FCS.</summary>
        public const int MaxTaggedFrame = 1518;

        /// <summary>Bound on frames taken from the wire per pump, so a chatty wire cannot stall a transaction.</summary>
        private const int MaxFramesPerPump = 256;

        private int _sendEnd;

        /// <summary>SEND commands written while a SEND was still being processed (ignored by the model).</summary>
        public long CommandsWhileBusy { get; private set; }

        /// <summary>SEND of more than 1514 bytes: not transmitted.</summary>
        public long OversizeSends { get; private set; }

        /// <summary>Frames the wire side refused (its Send returned false).</summary>
        public long WireRefused { get; private set; }

        private void ExecuteCommand(int socket, int command)
        {
            byte[] r = _socket[socket];
            switch (command)
            {
                case CmdOpen:
                    // DS 4.2 Sn_CR OPEN: the socket opens in the protocol of Sn_MR P[3:0]; Sn_SR shows
                    // the result. IO: "MACRAW mode should be only used in Socket 0".
                    int protocol = r[SnMr] & MrProtocolMask;
                    if (protocol == MrMacRaw && socket == 0) r[SnSr] = SockMacRaw;
                    else if (protocol == MrTcp) r[SnSr] = SockInit;
                    else if (protocol == MrUdp) r[SnSr] = SockUdp;
                    else if (protocol == MrIpRaw) r[SnSr] = SockIpRaw;
                    else r[SnSr] = SockClosed;
                    // DS 4.2 Sn_TX_RD, Sn_TX_WR, Sn_RX_RD, Sn_RX_WR: "initialized by OPEN command".
                    _txRead[socket] = 0;
                    r[SnTxWr] = 0; r[SnTxWr + 1] = 0;
                    r[SnRxRd] = 0; r[SnRxRd + 1] = 0;
                    _rxWrite[socket] = 0;
                    _rxReadInternal[socket] = 0;
                    if (socket == 0)
                    {
                        _sendPending = false;
                        _sendHung = false;
                    }
                    return;
                case CmdClose:
                    r[SnSr] = SockClosed; // DS 4.2 Sn_CR CLOSE: Sn_SR becomes SOCK_CLOSED.
                    if (socket == 0)
                    {
                        _sendPending = false;
                        _sendHung = false;
                    }
                    return;
                case CmdSend:
                    if (socket != 0 || r[SnSr] != SockMacRaw)
                    {
                        return; // only socket 0's MACRAW data path is modelled
                    }
                    if (_sendPending)
                    {
                        CommandsWhileBusy++; // hw-facts A9.6: one SEND at a time
                        return;
                    }
                    // DS 4.2 Sn_TX_RD: SEND transmits from Sn_TX_RD up to Sn_TX_WR and then sets
                    // Sn_TX_RD equal to Sn_TX_WR; Sn_IR.SEND_OK marks completion.
                    _sendEnd = Word(r, SnTxWr);
                    _sendPending = true;
                    _sendDelayLeft = SendLatencyTransactions;
                    _sendDueNs = _nowNs + (WireTiming ? FrameTimeNs(((_sendEnd - _txRead[0]) & 0xFFFF) < MinFrame ? MinFrame : (_sendEnd - _txRead[0]) & 0xFFFF) : 0);
                    if (!_linkUp && SendHangsAfterLinkLoss)
                    {
                        _sendHung = true; // [REPORTED] esp-idf #6233, see SendHangsAfterLinkLoss
                        SendsHung++;
                    }
                    CompleteSendIfDue();
                    return;
                case CmdRecv:
                    // DS 4.2 Sn_RX_RD step 4: RECV tells the chip the updated Sn_RX_RD; the space
                    // before it becomes free and Sn_RX_RSR shrinks.
                    _rxReadInternal[socket] = Word(r, SnRxRd);
                    return;
                default:
                    return; // LISTEN, CONNECT, DISCON, SEND_MAC, SEND_KEEP: not modelled.
            }
        }

        private void CompleteSendIfDue()
        {
            if (!_sendPending || _sendDelayLeft > 0 || _sendHung || _nowNs < _sendDueNs)
            {
                return;
            }
            if (!_linkUp)
            {
                // [UNCERTAIN] Espressif reports that SEND_OK never comes while the link is down
                // (esp-idf #6233, hw-facts A6); the model keeps the SEND pending until link-up.
                return;
            }
            int length = (_sendEnd - _txRead[0]) & 0xFFFF;
            if (length > MaxFrame)
            {
                OversizeSends++;
            }
            else if (length > 0)
            {
                int baseAddress = BufferAddress(0, 0, SnTxBufSize);
                int mask = BufferSize(0, SnTxBufSize) - 1;
                for (int k = 0; k < length; k++)
                {
                    _frame[k] = _txMemory[(baseAddress + ((_txRead[0] + k) & mask)) & (MemorySize - 1)];
                }
                int wireLength = length;
                // [UNCERTAIN] No datasheet text on MACRAW TX padding (hw-facts A6); the model pads
                // like an 802.3 MAC so the wire never carries a runt.
                for (; wireLength < MinFrame; wireLength++)
                {
                    _frame[wireLength] = 0;
                }
                if (_wire.Send(_frame, 0, wireLength))
                {
                    FramesTransmitted++;
                }
                else
                {
                    WireRefused++;
                }
            }
            _txRead[0] = _sendEnd;
            _socket[0][SnIr] |= IrSendOk;
            _sendPending = false;
        }

        private void ReceiveFromWire()
        {
            for (int f = 0; f < MaxFramesPerPump; f++)
            {
                // IEEE 802.1Q: a VLAN tag makes a frame up to 1518 bytes without FCS; the MAC takes it
                // [UNCERTAIN: the W5500 datasheet gives no maximum for MACRAW reception].
                int length = _wire.ReceiveCopy(_frame, 0, MaxTaggedFrame); // the chip keeps its own copy: this is the wire
                if (length <= 0)
                {
                    return;
                }
                if (!_linkUp || _socket[0][SnSr] != SockMacRaw)
                {
                    FramesIgnored++;
                    continue;
                }
                // IEEE 802.3: a sending MAC pads to the 60-byte minimum, so a real wire carries no
                // shorter frame; frames from a simulated peer that did not pad are padded here.
                for (; length < MinFrame; length++)
                {
                    _frame[length] = 0;
                }
                if (!PassesMacFilter(_frame))
                {
                    FramesFiltered++;
                    continue;
                }
                StoreFrame(_frame, length);
            }
        }

        /// <summary>
        /// IO Sn_MR_MFEN: with MFEN set the chip receives only broadcast frames and frames to
        /// its own address (SHAR). Sn_MR.MMB blocks multicast, BCASTB blocks broadcast and
        /// MIP6B blocks IPv6 in MACRAW mode (IO Sn_MR_MMB, Sn_MR_BCASTB, Sn_MR_MIP6B).
        /// Multicast with MFEN set, as Espressif observed on real parts (esp-eth-drivers
        /// esp_eth_mac_w5500.c add_mac_filter, hw-facts A9.3): IPv4 multicast (01:00:5E) passes
        /// unless MMB is set, IPv6 multicast (33:33) always passes, other group addresses are
        /// filtered out. The bits take effect when written, without reopening the socket (that
        /// driver writes Sn_MR while the socket is open).
        /// </summary>
        private bool PassesMacFilter(byte[] frame)
        {
            int mode = _socket[0][SnMr];
            bool broadcast = true;
            for (int k = 0; k < 6; k++)
            {
                if (frame[k] != 0xFF) broadcast = false;
            }
            bool multicast = !broadcast && (frame[0] & 0x01) != 0;
            bool ipv4Multicast = multicast && frame[0] == 0x01 && frame[1] == 0x00 && frame[2] == 0x5E;
            bool ipv6Multicast = multicast && frame[0] == 0x33 && frame[1] == 0x33;
            if (broadcast && (mode & MrBroadcastBlock) != 0) return false;
            if ((mode & MrIpv6Block) != 0 && frame[12] == 0x86 && frame[13] == 0xDD) return false;
            if ((mode & MrMacFilter) == 0)
            {
                return !(multicast && (mode & MrMulticastBlock) != 0);
            }
            if (broadcast || ipv6Multicast) return true;
            if (ipv4Multicast) return (mode & MrMulticastBlock) == 0;
            if (multicast) return false;
            for (int k = 0; k < 6; k++)
            {
                if (frame[k] != _common[Shar + k]) return false;
            }
            return true;
        }

        /// <summary>
        /// MACRAW receive format: a 2-byte big-endian length that counts itself, then the frame
        /// without FCS (WIZnet forum MACRAW note "|data length (2byte)|DATA packet|"; Linux
        /// w5100.c subtracts 2; NuttX "length value includes the length field itself").
        /// A frame that does not fit the free space is dropped (Sn_RX_RSR never exceeds Sn_RXBUF_SIZE).
        /// </summary>
        private void StoreFrame(byte[] frame, int length)
        {
            int size = BufferSize(0, SnRxBufSize);
            int stored = length + 2;
            if (stored > size - ReceivedSize(0))
            {
                RxOverflowDrops++;
                return;
            }
            int at = _rxWrite[0];
            _rxMemory[BufferAddress(0, at, SnRxBufSize)] = (byte)(stored >> 8);
            _rxMemory[BufferAddress(0, at + 1, SnRxBufSize)] = (byte)stored;
            int baseAddress = BufferAddress(0, 0, SnRxBufSize);
            int mask = size - 1;
            for (int k = 0; k < length; k++)
            {
                _rxMemory[(baseAddress + ((at + 2 + k) & mask)) & (MemorySize - 1)] = frame[k];
            }
            // DS 4.2 Sn_RX_WR: advanced by reception, 16-bit wrap.
            _rxWrite[0] = (at + stored) & 0xFFFF;
            _socket[0][SnIr] |= IrRecv; // IO Sn_IR_RECV: "issued whenever data is received"
            FramesReceived++;
        }
    }
}
