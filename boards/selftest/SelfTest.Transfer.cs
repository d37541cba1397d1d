using System;
using NanoTcp.Tcp;

namespace NanoTcp.SelfTest
{
    /// <summary>Timings of one transfer, in DateTime ticks (100 ns).</summary>
    internal sealed class TransferStats
    {
        public long SendPollTicks;
        public long ReceivePollTicks;
        public long TotalTicks;
        public long SegmentsSent;
        public long SegmentsReceived;
    }

    public sealed partial class SelfTest
    {
        // The stream's bytes: a fixed pseudo-random table repeated, so the sender sends
        // straight from it with no per-byte work, and both ends fold what they see into a
        // running FNV-1a checksum that must match at the end.
        private static readonly byte[] Pattern = MakePattern(1024);

        private static byte[] MakePattern(int size)
        {
            byte[] p = new byte[size];
            uint x = 2463534242;
            for (int i = 0; i < size; i++)
            {
                x ^= x << 13; x ^= x >> 17; x ^= x << 5;
                p[i] = (byte)x;
            }
            return p;
        }

        private static uint Fnv(uint hash, byte[] b, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                hash ^= b[i];
                hash *= 16777619;
            }
            return hash;
        }

        /// <summary>Moves `bytes` from sender to receiver, the sender closing when done, and checks
        /// the running checksums. aToB says which interface sends, for the timings.</summary>
        private string Pump(SelfTestNetwork n, TcpStack sendTcp, int sender, TcpStack recvTcp, int receiver, int bytes, TransferStats stats, object unused)
        {
            bool aToB = sendTcp == n.TcpA;
            byte[] readBuffer = new byte[_profile.ReadBufferSize];
            uint sentHash = 2166136261, receivedHash = 2166136261;
            int sent = 0, received = 0;
            long segOut0 = sendTcp.Counters.SegmentsOut, segIn0 = recvTcp.Counters.SegmentsIn;
            long start = DateTime.UtcNow.Ticks;
            // Bound: generous for any working stack (a step moves at least one segment), tiny
            // against a hang.
            int maxSteps = 1000 + bytes / 64;
            bool closed = false;
            for (int step = 0; step < maxSteps; step++)
            {
                while (sent < bytes)
                {
                    int at = sent % Pattern.Length;
                    int want = Pattern.Length - at;
                    if (want > bytes - sent) want = bytes - sent;
                    int took = sendTcp.Send(sender, Pattern, at, want);
                    if (took == 0) break;
                    sentHash = Fnv(sentHash, Pattern, at, took);
                    sent += took;
                }
                if (sent == bytes && !closed)
                {
                    sendTcp.Close(sender);
                    closed = true;
                }
                int got;
                while ((got = recvTcp.Receive(receiver, readBuffer, 0, readBuffer.Length)) > 0)
                {
                    receivedHash = Fnv(receivedHash, readBuffer, 0, got);
                    received += got;
                }
                if (received == bytes && (recvTcp.GetEvents(receiver) & TcpEvents.PeerClosed) != 0) break;
                if ((recvTcp.GetEvents(receiver) & (TcpEvents.Reset | TcpEvents.TimedOut)) != 0) return "the connection was reset or timed out after " + received + " bytes";

                n.Cable.SetTime(n.Now);
                long t0 = DateTime.UtcNow.Ticks;
                (aToB ? n.DeviceA : n.DeviceB).Poll(n.Now);
                long t1 = DateTime.UtcNow.Ticks;
                (aToB ? n.DeviceB : n.DeviceA).Poll(n.Now);
                long t2 = DateTime.UtcNow.Ticks;
                stats.SendPollTicks += t1 - t0;
                stats.ReceivePollTicks += t2 - t1;
                long next = n.DeviceA.NextDeadline(n.Now);
                long d = n.DeviceB.NextDeadline(n.Now);
                if (d < next) next = d;
                if (next <= n.Now) next = n.Now + 1;
                if (next > n.Now + SelfTestNetwork.MaxStepMs) next = n.Now + SelfTestNetwork.MaxStepMs;
                n.Now = next;
            }
            stats.TotalTicks = DateTime.UtcNow.Ticks - start;
            stats.SegmentsSent = sendTcp.Counters.SegmentsOut - segOut0;
            stats.SegmentsReceived = recvTcp.Counters.SegmentsIn - segIn0;
            if (received != bytes) return "received " + received + " of " + bytes + " bytes";
            if ((recvTcp.GetEvents(receiver) & TcpEvents.PeerClosed) == 0) return "all bytes came but the FIN did not";
            if (sentHash != receivedHash) return "checksum mismatch: sent " + sentHash + ", received " + receivedHash;
            return null;
        }

        /// <summary>Prints what a segment costs here, the checksum's speed and the goodput.</summary>
        private void Measure(int bytes)
        {
            SelfTestNetwork n = new SelfTestNetwork(_profile, _profile.MeasureRingSize, 0);
            int client, server;
            if (Open(n, out client, out server) != null)
            {
                _out.WriteLine("bench: skipped, no connection");
                return;
            }
            TransferStats s = new TransferStats();
            if (Pump(n, n.TcpA, client, n.TcpB, server, bytes, s, null) != null)
            {
                _out.WriteLine("bench: skipped, the transfer failed");
                return;
            }
            _out.WriteLine("bench: receive " + PerSegment(s.ReceivePollTicks, s.SegmentsReceived) + " us per full-size segment (frame in -> receive ring -> ACK out), " + s.SegmentsReceived + " segments");
            _out.WriteLine("bench: send " + PerSegment(s.SendPollTicks, s.SegmentsSent) + " us per segment (ring -> frame out, ACKs in), " + s.SegmentsSent + " segments");
            _out.WriteLine("bench: goodput " + Tenths(s.TotalTicks == 0 ? 0 : (long)bytes * 8 * 10 * 10 / s.TotalTicks) + " Mbit/s in memory (" + bytes + " bytes A to B, both stacks on this CPU)");

            byte[] block = Pattern; // 1024 bytes, the checksum's speed per byte does not depend on the size
            int rounds = 2000;
            long t0 = DateTime.UtcNow.Ticks;
            uint sink = 0;
            for (int i = 0; i < rounds; i++) sink += Wire.Checksum.Compute(block, 0, block.Length);
            long dt = DateTime.UtcNow.Ticks - t0;
            // bytes per tick * 10^7 ticks per second / 10^6 = MB/s; kept in tenths.
            _out.WriteLine("bench: checksum " + Tenths(dt == 0 ? 0 : (long)rounds * block.Length * 100 / dt) + " MB/s (" + block.Length + "-byte blocks; " + (sink & 1) + ")");
        }

        private static string PerSegment(long ticks, long segments)
        {
            if (segments == 0) return "n/a";
            return Tenths(ticks / segments); // ticks are 0.1 us
        }

        private static string Tenths(long tenths)
        {
            return (tenths / 10).ToString() + "." + (tenths % 10).ToString();
        }
    }
}
