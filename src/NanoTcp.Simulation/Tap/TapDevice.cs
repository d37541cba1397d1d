using System;
using System.Security.Cryptography;
using System.Text;
using NanoTcp.Drivers;

namespace NanoTcp.Simulation.Tap
{
    /// <summary>
    /// A Linux TAP interface as an INetDevice, so the Linux kernel (and every program on it)
    /// is the peer of a NanoTcp stack running in this process. Whole Ethernet II frames: the
    /// device is opened with IFF_TAP | IFF_NO_PI, so a read returns exactly one frame and a
    /// write sends exactly one (linux Documentation/networking/tuntap.rst, 3.2).
    ///
    /// The descriptor is non-blocking: Receive returns 0 when no frame waits, and a real-time
    /// loop sleeps in WaitForFrame(timeoutMs) (poll(2)) between its deadlines. Frames are read
    /// into the device's own buffer and lent from there (INetDevice), and written straight from
    /// the caller's buffer; nothing allocates per frame.
    ///
    /// The TAP interface lives in the network namespace of the thread that opens it (the
    /// kernel looks the name up there); once open, the descriptor works from any thread.
    /// The interface must already exist when it is persistent (`ip tuntap add dev tap0 mode
    /// tap`); otherwise TUNSETIFF creates a transient one that disappears on Dispose.
    /// Needs CAP_NET_ADMIN (root) unless the persistent interface was given to this user.
    /// </summary>
    public sealed unsafe class TapDevice : INetDevice, IDisposable
    {
        /// <summary>Largest frame we send or accept: 1500-byte MTU + 14-byte Ethernet header (no FCS, no VLAN tag).</summary>
        public const int MaxFrameLength = 1514;
        /// <summary>Ethernet minimum without FCS: shorter frames are padded with zeros (IEEE 802.3 3.2.8).</summary>
        public const int MinFrameLength = 60;
        private const int EthernetHeaderLength = 14;
        /// <summary>Frames a single Receive call discards (too long or runt) before it gives up for this call.</summary>
        private const int MaxDiscardsPerReceive = 64;

        private readonly string _name;
        private readonly byte[] _mac;
        private readonly byte[] _pad = new byte[MinFrameLength];
        private readonly byte[] _rx = new byte[MaxFrameLength];
        private int _fd;
        private int _wakeFd;

        /// <summary>Frames handed to the stack.</summary>
        public long FramesIn;
        /// <summary>Frames written to the kernel.</summary>
        public long FramesOut;
        /// <summary>Frames read but dropped: longer than 1514 bytes, or shorter than an Ethernet header.</summary>
        public long Dropped;
        /// <summary>Writes the kernel refused (interface down, queue full); Send returned false.</summary>
        public long SendFailures;

        /// <summary>
        /// Opens TAP interface <paramref name="name"/> (at most 15 characters). The MAC is the
        /// stack's own address on that link; when null, a random locally administered unicast
        /// address (02:xx:xx:xx:xx:xx, IEEE 802 "U/L" bit set, "I/G" bit clear) is chosen.
        /// </summary>
        public TapDevice(string name, byte[] macAddress = null)
        {
            if (string.IsNullOrEmpty(name) || Encoding.ASCII.GetByteCount(name) >= LinuxNative.IFNAMSIZ)
                throw new ArgumentException("Give the TAP interface name (1 to 15 ASCII characters), e.g. \"tap0\".", "name");
            if (macAddress != null && macAddress.Length != 6)
                throw new ArgumentException("A MAC address has 6 bytes; pass null to get a random locally administered one.", "macAddress");
            if (macAddress != null && (macAddress[0] & 1) != 0)
                throw new ArgumentException("The MAC address must be unicast (bit 0 of the first byte clear).", "macAddress");
            _name = name;
            _mac = macAddress != null ? (byte[])macAddress.Clone() : RandomLocalMac();
            _fd = OpenTap(name);
            _wakeFd = LinuxNative.eventfd(0, LinuxNative.EFD_NONBLOCK | LinuxNative.EFD_CLOEXEC);
            if (_wakeFd < 0)
            {
                int errno = LinuxNative.Errno;
                LinuxNative.close(_fd);
                throw new InvalidOperationException("eventfd failed: " + LinuxNative.ErrnoText(errno) + ".");
            }
        }

        public string Name { get { return _name; } }
        public byte[] MacAddress { get { return _mac; } }

        /// <summary>A TAP has no cable; its link is up while the descriptor is open.</summary>
        public bool LinkUp { get { return _fd >= 0; } }

        /// <summary>The chosen MAC as "02:ab:..." for logs and command lines.</summary>
        public string MacText
        {
            get
            {
                return string.Format("{0:x2}:{1:x2}:{2:x2}:{3:x2}:{4:x2}:{5:x2}", _mac[0], _mac[1], _mac[2], _mac[3], _mac[4], _mac[5]);
            }
        }

        /// <summary>INetDevice: 0, a TAP write takes the frame as it is.</summary>
        public int TransmitHeadroom { get { return 0; } }

        /// <summary>INetDevice: nothing to program; the kernel hands a TAP every frame it sends
        /// out of the interface, multicast included.</summary>
        public void AddMulticastAddress(byte[] mac, int offset)
        {
        }

        /// <summary>INetDevice: reads the next frame into the device's buffer and lends it
        /// (valid until the next Receive).</summary>
        public int Receive(out byte[] buffer, out int offset)
        {
            buffer = _rx;
            offset = 0;
            if (_fd < 0) return 0;
            byte overflow;
            LinuxNative.IoVec* iov = stackalloc LinuxNative.IoVec[2];
            fixed (byte* p = _rx)
            {
                // A second, one-byte iovec catches the rest of a frame longer than 1514 bytes:
                // a TAP read silently truncates (drivers/net/tun.c, tun_put_user), so
                // "n > MaxFrameLength" is the only way to tell a frame that did not fit.
                iov[0].Base = p;
                iov[0].Length = (nuint)MaxFrameLength;
                iov[1].Base = &overflow;
                iov[1].Length = 1;
                for (int i = 0; i < MaxDiscardsPerReceive; i++)
                {
                    nint n = LinuxNative.readv(_fd, iov, 2);
                    if (n < 0)
                    {
                        int errno = LinuxNative.Errno;
                        if (errno == LinuxNative.EINTR) continue;
                        return 0; // EAGAIN: nothing waits (or the interface went away: same to the stack)
                    }
                    if (n == 0) return 0;
                    if (n > MaxFrameLength || n < EthernetHeaderLength) { Dropped++; continue; }
                    FramesIn++;
                    return (int)n;
                }
            }
            return 0;
        }

        public bool Send(byte[] buffer, int offset, int length)
        {
            if (buffer == null) throw new ArgumentNullException("buffer", "Pass the frame to send.");
            if (length < EthernetHeaderLength || length > MaxFrameLength)
                throw new ArgumentOutOfRangeException("length", "A frame is 14 to 1514 bytes (Ethernet header + payload, no FCS); got " + length + ".");
            if (offset < 0 || offset > buffer.Length - length)
                throw new ArgumentOutOfRangeException("offset", "offset and length must lie inside buffer.");
            if (_fd < 0) return false;
            nint written;
            if (length < MinFrameLength)
            {
                // Pad like an Ethernet MAC would, so captures on the Linux side look like a wire.
                Buffer.BlockCopy(buffer, offset, _pad, 0, length);
                Array.Clear(_pad, length, MinFrameLength - length);
                fixed (byte* p = _pad) written = WriteRetryingOnSignal(p, MinFrameLength);
                length = MinFrameLength;
            }
            else
            {
                fixed (byte* p = buffer) written = WriteRetryingOnSignal(p + offset, length);
            }
            if (written != length) { SendFailures++; return false; }
            FramesOut++;
            return true;
        }

        /// <summary>
        /// Sleeps until a frame waits, Wake() is called, or timeoutMs passes (poll(2); 0 = just
        /// look, negative = no limit). True when a frame is waiting. For real-time loops only; the stack never calls it.
        /// </summary>
        public bool WaitForFrame(int timeoutMs)
        {
            if (_fd < 0) return false;
            LinuxNative.PollFd* pfd = stackalloc LinuxNative.PollFd[2];
            pfd[0].Fd = _fd;
            pfd[0].Events = LinuxNative.POLLIN;
            pfd[0].Revents = 0;
            pfd[1].Fd = _wakeFd;
            pfd[1].Events = LinuxNative.POLLIN;
            pfd[1].Revents = 0;
            int r = LinuxNative.poll(pfd, 2, timeoutMs);
            if (r <= 0) return false;
            if ((pfd[1].Revents & LinuxNative.POLLIN) != 0)
            {
                ulong counter;
                LinuxNative.read(_wakeFd, &counter, 8); // reset the eventfd counter
            }
            return (pfd[0].Revents & LinuxNative.POLLIN) != 0;
        }

        /// <summary>
        /// Ends a WaitForFrame in progress (or the next one) early, from any thread: how another
        /// thread hands the loop work without waiting for its timeout.
        /// </summary>
        public void Wake()
        {
            int fd = _wakeFd;
            if (fd < 0) return;
            ulong one = 1;
            LinuxNative.write(fd, &one, 8);
        }

        public void Dispose()
        {
            int fd = _fd;
            _fd = -1;
            if (fd >= 0) LinuxNative.close(fd);
            int wake = _wakeFd;
            _wakeFd = -1;
            if (wake >= 0) LinuxNative.close(wake);
        }

        private nint WriteRetryingOnSignal(byte* p, int length)
        {
            for (int i = 0; i < 3; i++)
            {
                nint n = LinuxNative.write(_fd, p, (nuint)length);
                if (n >= 0 || LinuxNative.Errno != LinuxNative.EINTR) return n;
            }
            return -1;
        }

        private static int OpenTap(string name)
        {
            int fd = LinuxNative.Open("/dev/net/tun", LinuxNative.O_RDWR | LinuxNative.O_NONBLOCK | LinuxNative.O_CLOEXEC);
            if (fd < 0)
            {
                int errno = LinuxNative.Errno;
                string why = errno == LinuxNative.ENOENT
                    ? "the TUN/TAP driver is missing: load it with `modprobe tun` (in a container, pass --device /dev/net/tun)"
                    : errno == LinuxNative.EACCES || errno == LinuxNative.EPERM
                        ? "permission denied: run as root or give this user CAP_NET_ADMIN"
                        : LinuxNative.ErrnoText(errno);
                throw new InvalidOperationException("Cannot open /dev/net/tun: " + why + ".");
            }
            byte* ifr = stackalloc byte[LinuxNative.IfreqSize];
            for (int i = 0; i < LinuxNative.IfreqSize; i++) ifr[i] = 0;
            for (int i = 0; i < name.Length; i++) ifr[i] = (byte)name[i];
            *(short*)(ifr + LinuxNative.IfreqFlagsOffset) = (short)(LinuxNative.IFF_TAP | LinuxNative.IFF_NO_PI);
            if (LinuxNative.ioctl(fd, LinuxNative.TUNSETIFF, ifr) < 0)
            {
                int errno = LinuxNative.Errno;
                LinuxNative.close(fd);
                string why = errno == LinuxNative.EPERM
                    ? "permission denied: run as root, or create it for this user (`ip tuntap add dev " + name + " mode tap user $USER`)"
                    : errno == LinuxNative.EBUSY
                        ? "another process has it open, or it is a TUN (not TAP) interface"
                        : LinuxNative.ErrnoText(errno);
                throw new InvalidOperationException("Cannot attach to TAP interface \"" + name + "\" (TUNSETIFF): " + why + ".");
            }
            return fd;
        }

        private static byte[] RandomLocalMac()
        {
            byte[] mac = new byte[6];
            RandomNumberGenerator.Fill(mac);
            mac[0] = (byte)((mac[0] & 0xFC) | 0x02); // IEEE 802: locally administered (U/L = 1), unicast (I/G = 0)
            return mac;
        }
    }
}
