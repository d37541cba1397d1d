using System;
using NanoTcp.Drivers;

namespace NanoTcp.Simulation
{
    /// <summary>The ways one SPI transaction goes wrong on a real board.</summary>
    public enum SpiFault
    {
        /// <summary>No fault.</summary>
        None = 0,
        /// <summary>The chip never sees the transaction (chip select did not fall: a glitch on
        /// the CS line, a bus arbitration loss); MISO floats and reads all ones.</summary>
        Lost,
        /// <summary>One bit clocked in from the chip (MISO) is flipped: noise on a long wire.</summary>
        MisoBitFlip,
        /// <summary>One bit clocked out to the chip (MOSI) is flipped: the chip acts on a wrong byte.</summary>
        MosiBitFlip,
        /// <summary>The chip acts on the transaction but every byte read is 0xFF (MISO level
        /// shifter or supply droop: the line is pulled high).</summary>
        AllOnes,
        /// <summary>The chip acts on the transaction but every byte read is 0x00 (MISO held low).</summary>
        AllZeros,
        /// <summary>Chip select rises in the middle of the transfer and falls again: the chip
        /// ends the command there, and takes the rest of the bytes as a new command.</summary>
        ChipSelectGlitch,
    }

    /// <summary>
    /// An <see cref="ISpiBus"/> in front of a simulated chip (or any bus) that spoils seeded
    /// transactions the way a real board does: lost transactions, single bit flips in either
    /// direction, reads stuck at all ones or all zeros, and chip-select glitches that cut a
    /// transfer in two. Like the in-memory cable, the faults come from a xorshift32 generator
    /// seeded by the test, so a run is repeatable; a test can also arm one fault of a chosen
    /// kind for the next transaction (<see cref="Arm"/>).
    ///
    /// Nothing allocates per transfer: the MOSI copy used for MOSI bit flips is preallocated
    /// (the caller's buffer is never modified by a MOSI fault).
    /// </summary>
    public sealed class FaultInjectingSpiBus : ISpiBus
    {
        private const int KindCount = 7;
        private readonly ISpiBus _inner;
        private readonly byte[] _mosiCopy;
        private readonly long[] _injected = new long[KindCount];
        private readonly bool[] _enabled = new bool[KindCount];
        private uint _random;
        private SpiFault _armed;
        private int _armedAfter;

        /// <param name="inner">The bus the transactions go to (a simulated chip).</param>
        /// <param name="seed">Seed of the fault generator (0 is replaced by 1).</param>
        public FaultInjectingSpiBus(ISpiBus inner, int seed)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner), "Pass the bus to put faults in front of, e.g. a simulated chip.");
            _random = seed == 0 ? 1u : (uint)seed;
            int max = inner.MaxTransferBytes > 0 ? inner.MaxTransferBytes : 64 * 1024;
            _mosiCopy = new byte[max];
            for (int k = 1; k < KindCount; k++) _enabled[k] = true;
        }

        /// <summary>Probability that a transaction is spoiled (0 = never, the default). The kind is drawn among the enabled kinds.</summary>
        public double FaultRate { get; set; }

        /// <summary>While false, no random fault is injected (an armed fault still is).</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>Transactions seen.</summary>
        public long Transactions { get; private set; }

        /// <summary>Faults injected so far, all kinds.</summary>
        public long TotalInjected { get; private set; }

        /// <summary>The kind of the last fault injected, and the transaction number it hit.</summary>
        public SpiFault LastFault { get; private set; }

        /// <summary>Transaction number (1-based) of the last fault.</summary>
        public long LastFaultTransaction { get; private set; }

        /// <inheritdoc />
        public int MaxTransferBytes => _inner.MaxTransferBytes;

        /// <summary>Faults of one kind injected so far.</summary>
        public long Injected(SpiFault kind) => _injected[(int)kind];

        /// <summary>Includes or excludes a kind from the random draw (all kinds are enabled at first).</summary>
        public void EnableKind(SpiFault kind, bool enabled)
        {
            if (kind == SpiFault.None) throw new ArgumentOutOfRangeException(nameof(kind), "Pass a fault kind, not SpiFault.None.");
            _enabled[(int)kind] = enabled;
        }

        /// <summary>Spoils the transaction that comes after <paramref name="skip"/> more clean ones.</summary>
        public void Arm(SpiFault kind, int skip = 0)
        {
            if (skip < 0) throw new ArgumentOutOfRangeException(nameof(skip), "Pass 0 for the next transaction, n to let n pass first.");
            _armed = kind;
            _armedAfter = skip;
        }

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            Transactions++;
            SpiFault fault = Draw(count);
            if (fault == SpiFault.None)
            {
                _inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
                return;
            }
            _injected[(int)fault]++;
            TotalInjected++;
            LastFault = fault;
            LastFaultTransaction = Transactions;
            switch (fault)
            {
                case SpiFault.Lost:
                    Fill(read, readOffset, count, 0xFF);
                    return;
                case SpiFault.MisoBitFlip:
                    _inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
                    read[readOffset + (int)(Next() % (uint)count)] ^= (byte)(1 << (int)(Next() & 7));
                    return;
                case SpiFault.MosiBitFlip:
                    Array.Copy(write, writeOffset, _mosiCopy, 0, count);
                    _mosiCopy[(int)(Next() % (uint)count)] ^= (byte)(1 << (int)(Next() & 7));
                    _inner.TransferFullDuplex(_mosiCopy, 0, read, readOffset, count);
                    return;
                case SpiFault.AllOnes:
                    _inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
                    Fill(read, readOffset, count, 0xFF);
                    return;
                case SpiFault.AllZeros:
                    _inner.TransferFullDuplex(write, writeOffset, read, readOffset, count);
                    Fill(read, readOffset, count, 0x00);
                    return;
                default: // ChipSelectGlitch: at least one byte on each side of the cut
                    int cut = 1 + (int)(Next() % (uint)(count - 1));
                    _inner.TransferFullDuplex(write, writeOffset, read, readOffset, cut);
                    _inner.TransferFullDuplex(write, writeOffset + cut, read, readOffset + cut, count - cut);
                    return;
            }
        }

        private SpiFault Draw(int count)
        {
            if (_armed != SpiFault.None)
            {
                if (_armedAfter > 0)
                {
                    _armedAfter--;
                }
                else
                {
                    SpiFault armed = _armed;
                    _armed = SpiFault.None;
                    return Usable(armed, count) ? armed : SpiFault.Lost;
                }
            }
            if (!Enabled || FaultRate <= 0) return SpiFault.None;
            if ((Next() >> 8) >= (uint)(FaultRate * 16777216.0)) return SpiFault.None;
            // Pick uniformly among the enabled kinds that can apply to this transfer.
            int start = 1 + (int)(Next() % (uint)(KindCount - 1));
            for (int i = 0; i < KindCount - 1; i++)
            {
                int k = 1 + (start - 1 + i) % (KindCount - 1);
                if (_enabled[k] && Usable((SpiFault)k, count)) return (SpiFault)k;
            }
            return SpiFault.None;
        }

        private bool Usable(SpiFault kind, int count)
        {
            if (kind == SpiFault.ChipSelectGlitch) return count >= 2;
            if (kind == SpiFault.MosiBitFlip) return count <= _mosiCopy.Length;
            return count >= 1;
        }

        private static void Fill(byte[] buffer, int offset, int count, byte value)
        {
            for (int i = 0; i < count; i++) buffer[offset + i] = value;
        }

        private uint Next()
        {
            uint x = _random;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _random = x;
            return x;
        }
    }
}
