using System;
using System.Security.Cryptography;
using NanoTcp.Tcp;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// One direction of a bulk transfer: the sender pushes a deterministic byte stream
    /// (a random block of prime length, repeated, so no two positions a power of two apart
    /// look alike) into its connection as fast as the send ring takes it; the receiver reads
    /// everything, checks each byte against the stream position, and both sides keep a
    /// SHA-256 of what they handed over / got. Pump allocates nothing.
    /// </summary>
    public sealed class BulkFlow : IDisposable
    {
        private const int PatternLength = 65521;  // prime
        private static readonly byte[] Pattern = MakePattern();

        private readonly TcpStack _sender, _receiver;
        private readonly int _senderHandle, _receiverHandle;
        private readonly byte[] _readBuffer;
        private readonly IncrementalHash _sentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly IncrementalHash _receivedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public readonly long Total;
        public long Sent;
        public long Received;
        /// <summary>First stream position whose byte was wrong, or -1.</summary>
        public long FirstMismatch = -1;
        /// <summary>When Received last grew (virtual ms).</summary>
        public long LastProgressMs;
        /// <summary>Longest virtual time without the receiver getting a byte, while bytes were due.</summary>
        public long LongestStallMs;
        public bool ReadingPaused;

        public BulkFlow(TcpStack sender, int senderHandle, TcpStack receiver, int receiverHandle, long total, long nowMs, int readChunk = 8192)
        {
            _sender = sender; _senderHandle = senderHandle;
            _receiver = receiver; _receiverHandle = receiverHandle;
            Total = total;
            LastProgressMs = nowMs;
            _readBuffer = new byte[readChunk];
        }

        public bool Done { get { return Received == Total; } }

        /// <summary>Moves data: fill the sender's ring, drain the receiver's. True if any byte moved.</summary>
        public bool Pump(long nowMs)
        {
            bool moved = false, received = false;
            while (Sent < Total)
            {
                int at = (int)(Sent % PatternLength);
                long left = Total - Sent;
                int n = PatternLength - at;
                if (n > left) n = (int)left;
                int taken = _sender.Send(_senderHandle, Pattern, at, n);
                if (taken <= 0) break;
                _sentHash.AppendData(Pattern, at, taken);
                Sent += taken;
                moved = true;
            }
            while (!ReadingPaused)
            {
                int got = _receiver.Receive(_receiverHandle, _readBuffer, 0, _readBuffer.Length);
                if (got <= 0) break;
                if (FirstMismatch < 0) Verify(got);
                _receivedHash.AppendData(_readBuffer, 0, got);
                Received += got;
                moved = true;
                received = true;
            }
            if (Received < Total)
            {
                if (received) LastProgressMs = nowMs;
                long stall = nowMs - LastProgressMs;
                if (stall > LongestStallMs && !ReadingPaused) LongestStallMs = stall;
            }
            return moved;
        }

        private void Verify(int got)
        {
            int at = (int)(Received % PatternLength);
            for (int i = 0; i < got; i++)
            {
                if (_readBuffer[i] != Pattern[at]) { FirstMismatch = Received + i; return; }
                if (++at == PatternLength) at = 0;
            }
        }

        /// <summary>Stops or resumes the receiving application (stall time is not counted while paused).</summary>
        public void PauseReading(bool paused, long nowMs)
        {
            ReadingPaused = paused;
            LastProgressMs = nowMs;
        }

        public string SentSha256() { return Convert.ToHexString(_sentHash.GetCurrentHash()); }
        public string ReceivedSha256() { return Convert.ToHexString(_receivedHash.GetCurrentHash()); }

        private static byte[] MakePattern()
        {
            var b = new byte[PatternLength];
            new Random(6528).NextBytes(b);
            return b;
        }

        public void Dispose()
        {
            _sentHash.Dispose();
            _receivedHash.Dispose();
        }
    }
}
