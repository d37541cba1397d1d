using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// Ephemeral (client) port selection per RFC 6056 3.3.4, "Algorithm 4: Double-Hash Port
    /// Selection" (TEAM.md calls it "algorithm 3 (double-hash)"; RFC 6056 numbers the
    /// double-hash algorithm 4 and the single-hash one 3: with a table of one entry this is
    /// algorithm 3):
    /// <code>
    ///   offset = F(local_IP, remote_IP, remote_port, secret_key1)
    ///   index  = G(local_IP, remote_IP, remote_port, secret_key2)
    ///   port   = min_ephemeral + (offset + table[index]) % num_ephemeral
    ///   table[index]++
    /// </code>
    /// F and G are SipHash-2-4 under the secret with different domain tags; the table of
    /// counters starts at secret-derived values. Consecutive connections to one destination
    /// get consecutive ports (few collisions with its TIME-WAIT entries), while ports towards
    /// different destinations are unrelated and unpredictable off-path (RFC 6056 3.3.4).
    /// Range 49152..65535 (RFC 6056 2.1, the IANA dynamic range).
    ///
    /// The stack asks with attempt 0, 1, 2 ... until it finds a port no connection uses;
    /// every call advances the counter (the RFC's table[index]++ per try). After
    /// PortCount attempts every port has been offered once and Candidate returns NoPort.
    /// </summary>
    public sealed class EphemeralPorts
    {
        public const int MinPort = 49152;
        public const int MaxPort = 65535;
        public const int PortCount = MaxPort - MinPort + 1;
        /// <summary>Returned when attempt reaches PortCount: every port was tried.</summary>
        public const int NoPort = -1;
        /// <summary>Counters in the RFC's table; RFC 6056 3.3.4 suggests a few tens.</summary>
        public const int TableLength = 16;

        private const byte DomainOffset = 0x46;  // 'F'
        private const byte DomainIndex = 0x47;   // 'G'
        private const byte DomainTable = 0x54;   // 'T'

        private readonly ulong _k0;
        private readonly ulong _k1;
        private readonly byte[] _message = new byte[11];
        private readonly int[] _table = new int[TableLength];

        /// <param name="secret">At least 16 bytes of entropy (TcpOptions.Secret).</param>
        public EphemeralPorts(byte[] secret)
        {
            if (secret == null || secret.Length < 16)
                throw new ArgumentException("EphemeralPorts needs a secret of at least 16 random bytes (TcpOptions.Secret).", "secret");
            SipHash.ReadKey(secret, 0, out _k0, out _k1);
            // RFC 6056 3.3.4: "table[i] = random() % 65536" at boot; here from the secret.
            for (int i = 0; i < TableLength; i++)
                _table[i] = (int)(Hash(DomainTable, (uint)i, 0, 0) & 0xFFFF);
        }

        /// <summary>
        /// The next port to try for a connection from localIp to remoteIp:remotePort, or
        /// NoPort once attempt reaches PortCount. attempt counts the tries of one Connect.
        /// </summary>
        public int Candidate(uint localIp, uint remoteIp, int remotePort, int attempt)
        {
            if (attempt < 0) throw new ArgumentOutOfRangeException("attempt", "attempt must be 0 or more (0 for the first try of a Connect).");
            if (attempt >= PortCount) return NoPort;
            uint offset = Hash(DomainOffset, localIp, remoteIp, remotePort);
            int index = (int)(Hash(DomainIndex, localIp, remoteIp, remotePort) % TableLength);
            // (offset + table[index]) % num_ephemeral, computed without overflow.
            int port = MinPort + (int)((offset % PortCount + (uint)_table[index]) % PortCount);
            _table[index] = (_table[index] + 1) & 0xFFFF;
            return port;
        }

        private uint Hash(byte domain, uint localIp, uint remoteIp, int remotePort)
        {
            byte[] msg = _message;
            msg[0] = domain;
            IsnGenerator.PutUInt32(msg, 1, localIp);
            IsnGenerator.PutUInt32(msg, 5, remoteIp);
            msg[9] = (byte)(remotePort >> 8);
            msg[10] = (byte)remotePort;
            return (uint)SipHash.Compute(_k0, _k1, msg, 0, msg.Length);
        }
    }
}
