using System;

namespace NanoTcp.Testing
{
    /// <summary>
    /// Thrown by the kit when something it waits for or expects does not happen. The message
    /// says what was expected, what happened instead, and where the pcap of the network went.
    /// It derives from Exception only, so xunit, NUnit and MSTest all report it as a failure.
    /// </summary>
    public sealed class TestKitException : Exception
    {
        public TestKitException(string message, string? pcapPath)
            : base(pcapPath == null ? message : message + Environment.NewLine + "pcap of the network: " + pcapPath)
        {
            PcapPath = pcapPath;
        }

        /// <summary>The pcap written for this failure (open it in Wireshark), or null.</summary>
        public string? PcapPath { get; }
    }
}
