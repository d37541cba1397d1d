using System;
using NanoTcp.Drivers;

namespace NanoTcp.Simulation
{
    /// <summary>
    /// Copying conveniences over the lending INetDevice contract, for code that is not the
    /// stack: simulated chips taking a frame off their wire into chip memory, test peers and
    /// tests that keep a frame. The stack itself never copies (it parses where the device lends
    /// and builds frames behind the device's TransmitHeadroom).
    /// </summary>
    public static class NetDeviceExtensions
    {
        /// <summary>Frames longer than capacity that one ReceiveCopy drops before it gives up.</summary>
        public const int MaxDropsPerCall = 64;

        [ThreadStatic] private static byte[] s_staging;

        /// <summary>
        /// Takes the next frame and copies it into into[offset..offset+capacity); returns its
        /// length, or 0 when none waits. Frames longer than capacity are skipped (counted in
        /// <paramref name="device"/>'s own way only if it counts them; here they are just lost).
        /// </summary>
        public static int ReceiveCopy(this INetDevice device, byte[] into, int offset, int capacity)
        {
            if (device == null) throw new ArgumentNullException(nameof(device), "Pass the device to receive from.");
            if (into == null) throw new ArgumentNullException(nameof(into), "Pass the buffer the frame is copied into.");
            if (offset < 0 || capacity < 0 || offset > into.Length - capacity)
                throw new ArgumentOutOfRangeException(nameof(capacity), "offset and capacity must lie inside the buffer.");
            for (int i = 0; i < MaxDropsPerCall; i++)
            {
                int n = device.Receive(out byte[] lent, out int at);
                if (n <= 0) return 0;
                if (n > capacity) continue;
                Buffer.BlockCopy(lent, at, into, offset, n);
                return n;
            }
            return 0;
        }

        /// <summary>ReceiveCopy into the whole of <paramref name="into"/>.</summary>
        public static int ReceiveCopy(this INetDevice device, byte[] into)
        {
            return ReceiveCopy(device, into, 0, into.Length);
        }

        /// <summary>
        /// Sends a copy of frame[offset..offset+length), placed behind the device's
        /// TransmitHeadroom in a per-thread staging buffer (allocated once), so frame itself is
        /// never written (INetDevice.Send may overwrite what it is given).
        /// </summary>
        public static bool SendCopy(this INetDevice device, byte[] frame, int offset, int length)
        {
            if (device == null) throw new ArgumentNullException(nameof(device), "Pass the device to send through.");
            if (frame == null) throw new ArgumentNullException(nameof(frame), "Pass the frame to send.");
            if (offset < 0 || length < 0 || offset > frame.Length - length)
                throw new ArgumentOutOfRangeException(nameof(length), "offset and length must lie inside the frame buffer.");
            int headroom = device.TransmitHeadroom;
            byte[] staging = s_staging ??= new byte[64 + 2048];
            if (headroom > 64 || length > 2048) throw new ArgumentOutOfRangeException(nameof(length), "SendCopy handles frames up to 2048 bytes and headroom up to 64.");
            Buffer.BlockCopy(frame, offset, staging, headroom, length);
            return device.Send(staging, headroom, length);
        }
    }
}
