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
            if (args.Length > 0 && args[0] == "enc28j60-spi")
            {
                Enc28j60SpiCounts.Run(); // SPI transactions/bytes per frame (counts, not timing)
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
