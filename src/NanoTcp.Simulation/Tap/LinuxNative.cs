using System;
using System.Runtime.InteropServices;

namespace NanoTcp.Simulation.Tap
{
    /// <summary>
    /// The few libc calls the TAP device and network-namespace helpers need, with the Linux
    /// constants they use (x86_64 and arm64 share these values). Every signature is blittable,
    /// so a call allocates nothing.
    /// </summary>
    internal static unsafe class LinuxNative
    {
        private const string Libc = "libc";

        // fcntl.h (asm-generic values, used by x86_64 and arm64)
        public const int O_RDONLY = 0x0;
        public const int O_RDWR = 0x2;
        public const int O_NONBLOCK = 0x800;
        public const int O_CLOEXEC = 0x80000;

        // errno.h
        public const int EINTR = 4;
        public const int EAGAIN = 11;
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int EBUSY = 16;
        public const int EACCES = 13;

        // poll.h
        public const short POLLIN = 0x1;

        // linux/if_tun.h: TUNSETIFF = _IOW('T', 202, int); IFF_TAP, IFF_NO_PI
        public const uint TUNSETIFF = 0x400454ca;
        public const short IFF_TAP = 0x0002;
        public const short IFF_NO_PI = 0x1000;

        // linux/if.h: struct ifreq is 40 bytes on 64-bit: char ifr_name[IFNAMSIZ=16], then a
        // union whose first member we use is short ifr_flags.
        public const int IFNAMSIZ = 16;
        public const int IfreqSize = 40;
        public const int IfreqFlagsOffset = 16;

        // sched.h
        public const int CLONE_NEWNET = 0x40000000;

        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [DllImport(Libc, SetLastError = true)]
        public static extern int open(byte* path, int flags);

        [DllImport(Libc, SetLastError = true)]
        public static extern int close(int fd);

        [DllImport(Libc, SetLastError = true)]
        public static extern int ioctl(int fd, nuint request, void* argp);

        [DllImport(Libc, SetLastError = true)]
        public static extern nint read(int fd, void* buf, nuint count);

        [StructLayout(LayoutKind.Sequential)]
        public struct IoVec
        {
            public void* Base;
            public nuint Length;
        }

        [DllImport(Libc, SetLastError = true)]
        public static extern nint readv(int fd, IoVec* iov, int iovcnt);

        [DllImport(Libc, SetLastError = true)]
        public static extern nint write(int fd, void* buf, nuint count);

        [DllImport(Libc, SetLastError = true)]
        public static extern int poll(PollFd* fds, nuint nfds, int timeoutMs);

        // sys/eventfd.h
        public const int EFD_NONBLOCK = 0x800;
        public const int EFD_CLOEXEC = 0x80000;

        [DllImport(Libc, SetLastError = true)]
        public static extern int eventfd(uint initval, int flags);

        [DllImport(Libc, SetLastError = true)]
        public static extern int setns(int fd, int nstype);

        public static int Errno { get { return Marshal.GetLastPInvokeError(); } }

        /// <summary>open() with a managed path (start-up only: allocates the UTF-8 bytes).</summary>
        public static int Open(string path, int flags)
        {
            byte[] z = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
            System.Text.Encoding.UTF8.GetBytes(path, 0, path.Length, z, 0);
            fixed (byte* p = z) return open(p, flags);
        }

        public static string ErrnoText(int errno)
        {
            return Marshal.GetPInvokeErrorMessage(errno) + " (errno " + errno + ")";
        }
    }
}
