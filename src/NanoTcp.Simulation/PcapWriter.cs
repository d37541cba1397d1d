using System;
using System.IO;
using NanoTcp.Drivers;

namespace NanoTcp.Simulation
{
    /// <summary>
    /// Wraps any INetDevice and records every frame received from it and every frame sent
    /// through it into a classic pcap file (magic 0xa1b2c3d4, version 2.4, LINKTYPE_ETHERNET = 1,
    /// microsecond timestamps taken from the virtual clock), so Wireshark/tshark can open the
    /// traffic of a simulation. Frames the inner device refuses are not recorded.
    /// Per-frame writes reuse one 16-byte record header; nothing allocates per frame.
    /// Received frames are recorded where the inner device lends them. A sent frame is copied
    /// to a staging buffer first (INetDevice.Send leaves the caller's bytes undefined, and a
    /// refused frame must not be recorded); the pcap writer is a debugging wrapper, so that
    /// copy is accepted. TransmitHeadroom is the inner device's, so frames still reach it in place.
    /// </summary>
    public sealed class PcapWriter : INetDevice, IDisposable
    {
        public const int LinkTypeEthernet = 1;
        private readonly INetDevice _inner;
        private readonly Stream _out;
        private readonly Func<long> _nowMs;
        private readonly VirtualClock _clock;
        private readonly bool _ownsStream;
        private readonly byte[] _record = new byte[16];
        private byte[] _staging = new byte[1514];

        /// <summary>Records to a stream, timestamps from the virtual clock.</summary>
        public PcapWriter(INetDevice inner, Stream output, VirtualClock clock, bool ownsStream = false)
            : this(inner, output, null, clock, ownsStream) { }

        /// <summary>Records to a stream, timestamps from any millisecond source (a real clock for TAP).</summary>
        public PcapWriter(INetDevice inner, Stream output, Func<long> nowMs, bool ownsStream = false)
            : this(inner, output, nowMs, null, ownsStream) { }

        /// <summary>Records to a new file at path.</summary>
        public PcapWriter(INetDevice inner, string path, VirtualClock clock)
            : this(inner, new FileStream(path, FileMode.Create, FileAccess.Write), null, clock, true) { }

        private PcapWriter(INetDevice inner, Stream output, Func<long> nowMs, VirtualClock clock, bool ownsStream)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner), "Pass the device whose frames should be recorded.");
            _out = output ?? throw new ArgumentNullException(nameof(output), "Pass a writable stream or a file path.");
            if (nowMs == null && clock == null) throw new ArgumentNullException(nameof(clock), "Pass the clock that timestamps frames.");
            _nowMs = nowMs;
            _clock = clock;
            _ownsStream = ownsStream;
            WriteGlobalHeader();
        }

        public byte[] MacAddress => _inner.MacAddress;
        public bool LinkUp => _inner.LinkUp;
        public INetDevice Inner => _inner;
        public long FramesRecorded { get; private set; }

        public int TransmitHeadroom => _inner.TransmitHeadroom;

        public int Receive(out byte[] buffer, out int offset)
        {
            int n = _inner.Receive(out buffer, out offset);
            if (n > 0) Record(buffer, offset, n);
            return n;
        }

        public bool Send(byte[] buffer, int offset, int length)
        {
            if (buffer == null || length < 0 || offset < 0 || offset > buffer.Length - length) return _inner.Send(buffer, offset, length);
            if (_staging.Length < length) _staging = new byte[length];
            Buffer.BlockCopy(buffer, offset, _staging, 0, length);
            bool ok = _inner.Send(buffer, offset, length);
            if (ok) Record(_staging, 0, length);
            return ok;
        }

        /// <summary>Passes the multicast group on to the inner device (this wrapper records every frame anyway).</summary>
        public void AddMulticastAddress(byte[] mac, int offset) => _inner.AddMulticastAddress(mac, offset);

        public void Flush() => _out.Flush();

        public void Dispose()
        {
            _out.Flush();
            if (_ownsStream) _out.Dispose();
        }

        /// <summary>Snapshot length: records are never cut (every frame is at most 1518 bytes).</summary>
        private const uint SnapLength = 65535;

        private void WriteGlobalHeader()
        {
            // pcap file header (little-endian as written by this host order magic 0xa1b2c3d4).
            byte[] h = new byte[24];
            PutUInt32(h, 0, 0xA1B2C3D4);
            PutUInt16(h, 4, 2);
            PutUInt16(h, 6, 4);
            PutUInt32(h, 8, 0);   // thiszone
            PutUInt32(h, 12, 0);  // sigfigs
            PutUInt32(h, 16, SnapLength);
            PutUInt32(h, 20, LinkTypeEthernet);
            _out.Write(h, 0, h.Length);
        }

        private void Record(byte[] buffer, int offset, int length)
        {
            long ms = _clock != null ? _clock.NowMs : _nowMs();
            PutUInt32(_record, 0, (uint)(ms / 1000));
            PutUInt32(_record, 4, (uint)(ms % 1000 * 1000));
            PutUInt32(_record, 8, (uint)length);
            PutUInt32(_record, 12, (uint)length);
            _out.Write(_record, 0, 16);
            _out.Write(buffer, offset, length);
            FramesRecorded++;
        }

        private static void PutUInt16(byte[] b, int o, int v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
        private static void PutUInt32(byte[] b, int o, uint v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); b[o + 2] = (byte)(v >> 16); b[o + 3] = (byte)(v >> 24); }
    }
}
