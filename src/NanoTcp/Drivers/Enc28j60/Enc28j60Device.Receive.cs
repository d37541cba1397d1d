using System;
using R = NanoTcp.Drivers.Enc28j60.Enc28j60Registers;

namespace NanoTcp.Drivers.Enc28j60
{
    public sealed partial class Enc28j60Device
    {
        /// <summary>
        /// Consumed ring space is handed back (ERXRDPT) once this much has gathered: a quarter of
        /// the ring, so the chip always keeps three quarters (4.9 KB, three full frames) while we
        /// spend two register writes per ~1.6 KB instead of per frame.
        /// </summary>
        private const int FreeThreshold = RxRingSize / 4;
        /// <summary>Frames dropped in one Receive call before it returns (bounded work per call).</summary>
        private const int MaxDropsPerCall = 8;

        private int _nextPacket;     // ring address of the next packet's header
        private int _pending;        // packets known to wait (EPKTCNT minus what we consumed since)
        private bool _headerValid;   // the next packet's header is already in the _hdr* fields
        private int _hdrNext, _hdrCount, _hdrStatus;
        private int _unfreed;        // bytes consumed but not yet returned through ERXRDPT
        private bool _headerSuspect; // the last header read was implausible: read it again from _nextPacket
        private bool _verifyFcs;

        /// <summary>
        /// The most packets the ring can hold: 6656 bytes of ring, at least 70 bytes per packet
        /// (6-byte header, 60-byte frame, 4-byte FCS). EPKTCNT above it is a bad read.
        /// </summary>
        private const int MaxPlausiblePackets = RxRingSize / 70;

        /// <summary>
        /// Checks each received frame's FCS (IEEE 802.3 CRC-32) in software before handing it
        /// up, so that a bit flipped on the SPI bus, or a read cut short by a chip-select glitch,
        /// is dropped here instead of by the IP and TCP checksums above. Off by default: the
        /// chip has already checked the FCS on the wire (ERXFCON.CRCEN), and the CRC costs CPU
        /// time on a small interpreter (about 8 table steps per byte).
        /// </summary>
        public bool VerifyFrameCheckSequence
        {
            get { return _verifyFcs; }
            set
            {
                if (value && _crcTable == null) _crcTable = BuildCrcTable();
                _verifyFcs = value;
            }
        }

        private uint[] _crcTable;

        /// <summary>IEEE 802.3 CRC-32, reflected form (polynomial EDB88320h), as the MAC puts in the FCS.</summary>
        private static uint[] BuildCrcTable()
        {
            uint[] table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                table[i] = c;
            }
            return table;
        }

        /// <summary>The frame at data[at..at+length) followed by its FCS, least significant byte first (IEEE 802.3 3.2.9).</summary>
        private bool FrameCheckSequenceMatches(byte[] data, int at, int length)
        {
            uint[] table = _crcTable;
            uint crc = 0xFFFFFFFF;
            int end = at + length;
            for (int i = at; i < end; i++) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            crc = ~crc;
            return data[end] == (byte)crc && data[end + 1] == (byte)(crc >> 8)
                && data[end + 2] == (byte)(crc >> 16) && data[end + 3] == (byte)(crc >> 24);
        }

        private void ResetReceiveState()
        {
            _nextPacket = RxStart;
            _pending = 0;
            _headerValid = false;
            _headerSuspect = false;
            _unfreed = 0;
        }

        /// <summary>
        /// INetDevice: lends the next frame where its RBM put it in the driver's receive buffer
        /// (valid until the next Receive; Send never reads into that buffer).
        /// </summary>
        public int Receive(out byte[] buffer, out int offset)
        {
            RequireInitialized();
            buffer = _bulkRead;
            offset = 1;

            if (_recoveryPending && !TryRecoverChip()) return 0;
            for (int dropped = 0; dropped <= MaxDropsPerCall; dropped++)
            {
                if (_pending == 0)
                {
                    // Errata DS80349 item 6: EIR.PKTIF is unreliable; EPKTCNT is the truth.
                    _pending = ReadRegister(R.EPKTCNT);
                    if (_pending == 0)
                    {
                        IdleCheck();
                        return 0;
                    }
                    if (_pending > MaxPlausiblePackets)
                    {
                        // More packets than the ring can hold: the bus or the bank lied.
                        _pending = 0;
                        CheckChipAfterImplausibleRead();
                        return 0;
                    }
                    // A backlog is when the ring can overflow: look at EIR.RXERIF then.
                    if (_pending >= 2) ReadAndHandleEir();
                }
                if (!_headerValid || _headerSuspect)
                {
                    // ERDPT normally points at _nextPacket already (we always read packets to
                    // their end); after a suspect read it is set explicitly.
                    if (_headerSuspect) WritePointer(R.ERDPTL, _nextPacket);
                    ReadBuffer(_bulkRead, HeaderLength);
                    ParseHeader(1);
                }

                int dataStart = RingAdd(_nextPacket, HeaderLength);
                int span = RingDistance(dataStart, _hdrNext);
                if (!HeaderIsPlausible(span))
                {
                    if (!_headerSuspect)
                    {
                        // One bad read (a flipped bit, a glitch) should not cost the whole ring:
                        // read the header again from its known place first.
                        _counters.Errors++;
                        _headerSuspect = true;
                        continue;
                    }
                    RecoverReceiver();
                    return 0;
                }
                _headerSuspect = false;

                int frameLength = _hdrCount - 4; // the byte count includes the FCS (DS Table 7-3)
                bool received = (_hdrStatus & R.RSV4_RECEIVED_OK) != 0 && (_hdrStatus & R.RSV4_CRC_ERROR) == 0;
                if (!received || frameLength < MinFrameLength || frameLength > MaxFrameLength)
                {
                    _counters.Drops++;
                    // Skip the packet without clocking it over SPI: move ERDPT to the next one.
                    WritePointer(R.ERDPTL, _hdrNext);
                    FinishPacket(_hdrNext, span, false);
                    continue;
                }

                // One RBM: the frame, its FCS, the pad byte, and (when EPKTCNT says another
                // packet is complete) that packet's header. ERDPT wraps from ERXND to ERXST by
                // itself (DS 4.2.2), so the read ends exactly where the next read starts.
                bool readNextHeader = _pending > 1;
                ReadBuffer(_bulkRead, span + (readNextHeader ? HeaderLength : 0));
                if (!FrameReadLooksReal(frameLength))
                {
                    // The bus died during the read (all ones or zeros where the FCS should be),
                    // or the FCS is wrong: read it once more from its known place.
                    _counters.Errors++;
                    WritePointer(R.ERDPTL, dataStart);
                    ReadBuffer(_bulkRead, span + (readNextHeader ? HeaderLength : 0));
                    if (!FrameReadLooksReal(frameLength))
                    {
                        // Never hand up what the chip did not receive: skip it.
                        _counters.Drops++;
                        WritePointer(R.ERDPTL, _hdrNext);
                        FinishPacket(_hdrNext, span, false);
                        continue;
                    }
                }
                int next = _hdrNext;
                if (readNextHeader) ParseHeader(1 + span);
                FinishPacket(next, span, readNextHeader);
                _counters.FramesIn++;
                return frameLength;
            }
            return 0;
        }

        /// <summary>
        /// Checks a frame just read (it lies at _bulkRead[1..], the FCS after it) for the marks
        /// of a bus that stopped answering: an FCS of all ones or all zeros, which a real frame
        /// has with a chance of 1 in 2^31. With <see cref="VerifyFrameCheckSequence"/> the FCS
        /// itself is checked, which also catches a flipped bit or a transfer cut short.
        /// </summary>
        private bool FrameReadLooksReal(int frameLength)
        {
            int fcs = 1 + frameLength;
            int and = _bulkRead[fcs] & _bulkRead[fcs + 1] & _bulkRead[fcs + 2] & _bulkRead[fcs + 3];
            int or = _bulkRead[fcs] | _bulkRead[fcs + 1] | _bulkRead[fcs + 2] | _bulkRead[fcs + 3];
            if (and == 0xFF || or == 0x00) return false;
            return !_verifyFcs || FrameCheckSequenceMatches(_bulkRead, 1, frameLength);
        }

        private void ParseHeader(int at)
        {
            // DS 7.2.2, Figure 7-3 / Table 7-3: next packet pointer, byte count (both
            // little-endian), then status bits 16..31.
            _hdrNext = _bulkRead[at] | (_bulkRead[at + 1] << 8);
            _hdrCount = _bulkRead[at + 2] | (_bulkRead[at + 3] << 8);
            _hdrStatus = _bulkRead[at + 4];
            _headerValid = true;
        }

        /// <summary>
        /// The header must describe the ring: packets start at even addresses inside the ring
        /// (DS 7.2.2), the byte count fits MAMXFL, and the next pointer lies exactly past the
        /// frame plus its pad byte. Anything else means we lost sync with the chip.
        /// </summary>
        private bool HeaderIsPlausible(int span)
        {
            if ((_hdrNext & 1) != 0 || _hdrNext < RxStart || _hdrNext > RxEnd) return false;
            if (_hdrCount < 4 || _hdrCount > MaxFrameWithFcs) return false;
            return span == _hdrCount + (_hdrCount & 1);
        }

        private void FinishPacket(int next, int span, bool nextHeaderRead)
        {
            _nextPacket = next;
            _headerValid = nextHeaderRead;
            _pending--;
            _unfreed += HeaderLength + span;
            // DS 7.2.4: one PKTDEC per processed packet decrements EPKTCNT.
            SetBits(R.ECON2, R.ECON2_PKTDEC);
            if (_unfreed >= FreeThreshold) FreeRingSpace();
        }

        /// <summary>
        /// DS 7.2.4: ERXRDPT = the next packet pointer frees everything before it; errata
        /// DS80349 item 14: the value written must be odd, so use next - 1 (or ERXND when next
        /// is ERXST). ERXRDPTL is buffered until ERXRDPTH is written: low byte first.
        /// </summary>
        private void FreeRingSpace()
        {
            WritePointer(R.ERXRDPTL, OddFreePointer(_nextPacket));
            _unfreed = 0;
        }

        internal static int OddFreePointer(int nextPacket)
        {
            return nextPacket == RxStart ? RxEnd : nextPacket - 1;
        }

        /// <summary>
        /// Lost sync with the ring (an implausible header): reset the receive logic and start
        /// the ring afresh, as Linux does. Packets still in the ring are lost and counted.
        /// </summary>
        private void RecoverReceiver()
        {
            _counters.Errors++;
            _counters.ReceiverResets++;
            // A chip that lost its whole configuration (reset, brown-out) needs more than this.
            if (!ChipKeepsItsConfiguration()) return;
            ClearBits(R.ECON1, R.ECON1_RXEN);
            SetBits(R.ECON1, R.ECON1_RXRST);
            ClearBits(R.ECON1, R.ECON1_RXRST);
            // DS 6.1: writing ERXST also moves the hardware write pointer to the ring start.
            WritePointer(R.ERXSTL, RxStart);
            WritePointer(R.ERXNDL, RxEnd);
            WritePointer(R.ERXRDPTL, RxEnd);
            WritePointer(R.ERDPTL, RxStart);
            int stale = ReadRegister(R.EPKTCNT);
            for (int i = 0; i < stale; i++) SetBits(R.ECON2, R.ECON2_PKTDEC);
            _counters.Drops += stale;
            ClearBits(R.EIR, R.EIR_RXERIF);
            SetBits(R.ECON1, R.ECON1_RXEN);
            ResetReceiveState();
        }

        private static int RingAdd(int address, int count)
        {
            int a = address + count;
            return a > RxEnd ? a - RxRingSize : a;
        }

        private static int RingDistance(int from, int to)
        {
            int d = to - from;
            return d < 0 ? d + RxRingSize : d;
        }
    }
}
