using BenchmarkDotNet.Running;

namespace NanoTcp.Benchmarks
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "w5500-spi")
            {
                W5500SpiCounts.Run(); // SPI transactions/bytes per frame (counts, not BenchmarkDotNet timing)
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
