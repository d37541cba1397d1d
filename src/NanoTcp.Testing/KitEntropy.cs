using System.Security.Cryptography;

namespace NanoTcp.Testing
{
    /// <summary>
    /// The StackOptions.Secret of a simulated node that was given none: derived from its MAC
    /// address, so every node's ISNs and ephemeral ports differ while a test run stays
    /// deterministic (same MACs, same segments, same pcap). Simulation only: a real device
    /// takes its secret from a hardware RNG or the OS (StackOptions.Secret says how).
    /// </summary>
    internal static class KitEntropy
    {
        internal static byte[] SecretFor(byte[] mac)
        {
            byte[] input = new byte[6 + 8];
            System.Array.Copy(mac, input, 6);
            System.Text.Encoding.ASCII.GetBytes("NanoTcpK", 0, 8, input, 6);
            byte[] secret = new byte[16];
            System.Array.Copy(SHA256.HashData(input), secret, 16);
            return secret;
        }
    }
}
