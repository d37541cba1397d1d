using NanoTcp.Drivers;
using NanoTcp.Wire;

namespace NanoTcp.SelfTest
{
    /// <summary>
    /// Wraps a device and remembers the TCP (sequence, acknowledgment, flags) of the last
    /// frames it sent, so the self-test can check the handshake against the seed's tuples
    /// (X,0) (Y,X+1) (X+1,Y+1) on the wire, not through the engine's own state.
    /// Fixed arrays; nothing allocates per frame.
    /// </summary>
    internal sealed class SegmentLog : INetDevice
    {
        private const int Capacity = 16;
        private readonly INetDevice _inner;
        private readonly uint[] _seq = new uint[Capacity];
        private readonly uint[] _ack = new uint[Capacity];
        private readonly TcpFlags[] _flags = new TcpFlags[Capacity];
        private int _count;

        public bool Recording;

        public SegmentLog(INetDevice inner) { _inner = inner; }

        public byte[] MacAddress { get { return _inner.MacAddress; } }
        public bool LinkUp { get { return _inner.LinkUp; } }
        public int Count { get { return _count; } }
        public uint SeqAt(int i) { return _seq[i]; }
        public uint AckAt(int i) { return _ack[i]; }
        public TcpFlags FlagsAt(int i) { return _flags[i]; }
        public void Clear() { _count = 0; }

        public int TransmitHeadroom { get { return _inner.TransmitHeadroom; } }
        public int Receive(out byte[] buffer, out int offset) { return _inner.Receive(out buffer, out offset); }
        public void AddMulticastAddress(byte[] mac, int offset) { _inner.AddMulticastAddress(mac, offset); }

        public bool Send(byte[] buffer, int offset, int length)
        {
            // Ethernet 14 + IPv4 (IHL words) + TCP: record only IPv4/TCP frames.
            if (Recording && _count < Capacity && length >= 54 &&
                buffer[offset + 12] == 0x08 && buffer[offset + 13] == 0x00 && buffer[offset + 23] == 6)
            {
                int tcp = offset + 14 + (buffer[offset + 14] & 0x0F) * 4;
                if (tcp + 20 <= offset + length)
                {
                    _seq[_count] = NetworkOrder.ReadUInt32(buffer, tcp + TcpHeader.SequenceOffset);
                    _ack[_count] = NetworkOrder.ReadUInt32(buffer, tcp + TcpHeader.AcknowledgmentOffset);
                    _flags[_count] = (TcpFlags)(buffer[tcp + TcpHeader.FlagsOffset] & TcpHeader.FlagsMask);
                    _count++;
                }
            }
            return _inner.Send(buffer, offset, length);
        }
    }
}
