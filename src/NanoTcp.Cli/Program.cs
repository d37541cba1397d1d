using System;

namespace NanoTcp.Cli
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            Console.Error.WriteLine("nanotcp: commands arrive with the web-server and interop issues.");
            return 1;
        }
    }
}
