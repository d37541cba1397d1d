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

        private void ResetReceiveState()
        {
            _nextPacket = RxStart;
            _pending = 0;
            _headerValid = false;
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

            for (int dropped = 0; dropped <= MaxDropsPerCall; dropped++)
            {
                if (_pending == 0)
                {
                    // Errata DS80349 item 6: EIR.PKTIF is unreliable; EPKTCNT is the truth.
                    _pending = ReadRegister(R.EPKTCNT);
                    if (_pending == 0) return 0;
                    // A backlog is when the ring can overflow: look at EIR.RXERIF then.
                    if (_pending >= 2) ReadAndHandleEir();
                }
                if (!_headerValid)
                {
                    // ERDPT already points at _nextPacket: we always read packets to their end.
                    ReadBuffer(_bulkRead, HeaderLength);
                    ParseHeader(1);
                }

                int dataStart = RingAdd(_nextPacket, HeaderLength);
                int span = RingDistance(dataStart, _hdrNext);
                if (!HeaderIsPlausible(span))
                {
                    RecoverReceiver();
                    return 0;
                }

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
                int next = _hdrNext;
                if (readNextHeader) ParseHeader(1 + span);
                FinishPacket(next, span, readNextHeader);
                _counters.FramesIn++;
                return frameLength;
            }
            return 0;
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
