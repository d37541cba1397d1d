using BenchmarkDotNet.Attributes;
using NanoTcp.Wire;

namespace NanoTcp.Benchmarks
{
    [MemoryDiagnoser]
    public class ChecksumBenchmark
    {
        private readonly byte[] _segment = new byte[1460];

        [GlobalSetup]
        public void Setup()
        {
            for (int i = 0; i < _segment.Length; i++) _segment[i] = (byte)(i * 7);
        }

        [Benchmark]
        public ushort FullSegment() => Checksum.Compute(_segment, 0, _segment.Length);
    }
}
