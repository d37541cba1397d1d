using System;
using NanoTcp.Wire;

namespace NanoTcp.Net
{
    /// <summary>
    /// A UDP socket (RFC 768) of a NetworkInterface: bound to one local port, sends to any
    /// address, keeps received datagrams in a fixed ring of NetOptions.UdpReceiveBufferSize
    /// bytes (each datagram takes 8 bytes of bookkeeping: source address, port, length).
    /// Get one from NetworkInterface.OpenUdp; all sockets are allocated with the interface.
    /// </summary>
    public sealed class UdpSocket
    {
        private const int RecordHeader = 8;
        private readonly NetworkInterface _iface;
        private readonly byte[] _ring;
        private int _head;      // read position
        private int _used;      // bytes in the ring
        private int _datagrams;

        internal UdpSocket(NetworkInterface iface, int receiveBufferSize)
        {
            _iface = iface;
            _ring = new byte[receiveBufferSize];
        }

        public bool IsOpen { get; private set; }
        public int LocalPort { get; private set; }

        /// <summary>Datagrams waiting to be read.</summary>
        public int Available { get { return _datagrams; } }

        /// <summary>Length of the next datagram's data, or -1 when none waits.</summary>
        public int NextLength
        {
            get { return _datagrams == 0 ? -1 : (RingByte(6) << 8) | RingByte(7); }
        }

        /// <summary>Source of the datagram returned by the last ReceiveFrom.</summary>
        public uint RemoteAddress { get; private set; }
        public int RemotePort { get; private set; }
        /// <summary>True when the last ReceiveFrom cut the datagram to fit the caller's buffer.</summary>
        public bool LastTruncated { get; private set; }

        /// <summary>Datagrams dropped because the ring was full.</summary>
        public long ReceiveDrops { get; private set; }
        public long DatagramsReceived { get; private set; }
        public long DatagramsSent { get; private set; }

        /// <summary>Last ICMP error quoting a datagram of ours (type 3 code 3: port unreachable).</summary>
        public int LastIcmpType { get; private set; }
        public int LastIcmpCode { get; private set; }
        public long IcmpErrors { get; private set; }

        internal void Open(int port)
        {
            IsOpen = true;
            LocalPort = port;
            _head = 0; _used = 0; _datagrams = 0;
            LastTruncated = false;
            ReceiveDrops = 0; DatagramsReceived = 0; DatagramsSent = 0; IcmpErrors = 0;
            LastIcmpType = 0; LastIcmpCode = 0; RemoteAddress = 0; RemotePort = 0;
        }

        /// <summary>Unbinds the port; waiting datagrams are discarded.</summary>
        public void Close()
        {
            IsOpen = false;
            _used = 0; _datagrams = 0;
        }

        /// <summary>
        /// Sends one datagram of buffer[offset..offset+count) from LocalPort. Returns false when
        /// it could not be sent (no route, device busy); a datagram waiting for ARP counts as sent.
        /// </summary>
        public bool SendTo(uint remoteIp, int remotePort, byte[] buffer, int offset, int count, long nowMs)
        {
            if (!IsOpen) throw new InvalidOperationException("This UDP socket is closed; get a new one from NetworkInterface.OpenUdp.");
            if (remotePort < 1 || remotePort > 65535) throw new ArgumentOutOfRangeException("remotePort", "A destination UDP port is 1 to 65535.");
            int max = _iface.MaxTransportLength - Udp.HeaderLength;
            if (buffer == null) throw new ArgumentNullException("buffer", "Pass the bytes to send.");
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
                throw new ArgumentOutOfRangeException("count", "offset and count must lie inside buffer.");
            if (count > max) throw new ArgumentOutOfRangeException("count", "A datagram carries at most " + max.ToString() + " bytes (MTU - 28); IP fragmentation is not supported.");
            Array.Copy(buffer, offset, _iface.TransmitBuffer, _iface.TransportOffset + Udp.HeaderLength, count);
            bool ok = _iface.SendUdp(LocalPort, remoteIp, remotePort, count, nowMs);
            if (ok) DatagramsSent++;
            return ok;
        }

        /// <summary>
        /// Copies the next datagram into buffer[offset..offset+capacity) and returns its length
        /// (cut to capacity, see LastTruncated), or -1 when none waits (0 is a valid empty
        /// datagram). RemoteAddress and RemotePort tell where it came from.
        /// </summary>
        public int ReceiveFrom(byte[] buffer, int offset, int capacity)
        {
            if (buffer == null) throw new ArgumentNullException("buffer", "Pass a buffer to receive into.");
            if (offset < 0 || capacity < 0 || offset > buffer.Length - capacity)
                throw new ArgumentOutOfRangeException("capacity", "offset and capacity must lie inside buffer.");
            if (_datagrams == 0) return -1;
            RemoteAddress = ((uint)RingByte(0) << 24) | ((uint)RingByte(1) << 16) | ((uint)RingByte(2) << 8) | (uint)RingByte(3);
            RemotePort = (RingByte(4) << 8) | RingByte(5);
            int length = (RingByte(6) << 8) | RingByte(7);
            int copy = length < capacity ? length : capacity;
            LastTruncated = copy < length;
            Skip(RecordHeader);
            CopyOut(buffer, offset, copy);
            Skip(length);
            _datagrams--;
            return copy;
        }

        internal bool Deliver(uint sourceIp, int sourcePort, byte[] b, int offset, int length)
        {
            if (RecordHeader + length > _ring.Length - _used)
            {
                ReceiveDrops++;
                return false;
            }
            PutByte((byte)(sourceIp >> 24)); PutByte((byte)(sourceIp >> 16)); PutByte((byte)(sourceIp >> 8)); PutByte((byte)sourceIp);
            PutByte((byte)(sourcePort >> 8)); PutByte((byte)sourcePort);
            PutByte((byte)(length >> 8)); PutByte((byte)length);
            int tail = (_head + _used) % _ring.Length;
            int first = _ring.Length - tail;
            if (first > length) first = length;
            Array.Copy(b, offset, _ring, tail, first);
            if (length > first) Array.Copy(b, offset + first, _ring, 0, length - first);
            _used += length;
            _datagrams++;
            DatagramsReceived++;
            return true;
        }

        internal void NoteIcmpError(int type, int code, uint remoteIp, int remotePort)
        {
            LastIcmpType = type;
            LastIcmpCode = code;
            IcmpErrors++;
        }

        private int RingByte(int skip) { return _ring[(_head + skip) % _ring.Length]; }

        private void PutByte(byte v)
        {
            _ring[(_head + _used) % _ring.Length] = v;
            _used++;
        }

        private void Skip(int n)
        {
            _head = (_head + n) % _ring.Length;
            _used -= n;
        }

        private void CopyOut(byte[] dst, int offset, int n)
        {
            int first = _ring.Length - _head;
            if (first > n) first = n;
            Array.Copy(_ring, _head, dst, offset, first);
            if (n > first) Array.Copy(_ring, 0, dst, offset + first, n - first);
        }
    }
}
