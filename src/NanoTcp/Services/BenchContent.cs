using NanoTcp.Http;

namespace NanoTcp.Services
{
    /// <summary>GET /bench: a fixed body for requests-per-second measurements (wrk, ab),
    /// served by reference so a request costs no copy of the body.</summary>
    public static class BenchContent
    {
        /// <summary>The route the device root registers when ServiceOptions.Bench is on.</summary>
        public const string Path = "/bench";

        /// <summary>64 bytes: 63 characters and a newline.</summary>
        public static readonly byte[] Body = HttpAscii.Literal("NanoTcp bench: 64 bytes of body for requests-per-second tests..\n");
    }
}
