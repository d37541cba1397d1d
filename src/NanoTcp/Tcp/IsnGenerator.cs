using System;

namespace NanoTcp.Tcp
{
    /// <summary>
    /// Initial sequence numbers per RFC 6528 section 3 (RFC 9293 3.4.1, MUST-8, MUST-9):
    /// <code>
    ///   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
    /// </code>
    /// M is a 4-microsecond timer, derived here from the injected clock (nowMs * 250, so
    /// it wraps about every 4.77 hours as RFC 9293 3.4.1 describes); F is SipHash-2-4 keyed
    /// with the first 16 bytes of the secret over the 4-tuple, so an off-path attacker who
    /// does not know the secret cannot predict the ISN of another connection, while the
    /// ISNs of one 4-tuple still advance with the clock (old duplicates stay outside the
    /// new connection's space). No allocation after construction.
    /// </summary>
    public sealed class IsnGenerator
    {
        /// <summary>Message tag that keeps this PRF input apart from EphemeralPorts'.</summary>
        internal const byte DomainIsn = 0x49;  // 'I'

        /// <summary>RFC 6528 3: M ticks every 4 microseconds, 250 ticks per millisecond.</summary>
        public const int TicksPerMs = 250;

        private readonly ulong _k0;
        private readonly ulong _k1;
        private readonly byte[] _message = new byte[13];

        /// <param name="secret">At least 16 bytes of entropy from the board (TcpOptions.Secret).</param>
        public IsnGenerator(byte[] secret)
        {
            if (secret == null || secret.Length < 16)
                throw new ArgumentException("IsnGenerator needs a secret of at least 16 random bytes (TcpOptions.Secret).", "secret");
            SipHash.ReadKey(secret, 0, out _k0, out _k1);
        }

        /// <summary>The ISN for a new connection on this 4-tuple at time nowMs.</summary>
        public uint Next(uint localIp, int localPort, uint remoteIp, int remotePort, long nowMs)
        {
            uint m = (uint)(nowMs * TicksPerMs);  // RFC 6528 3: the 4 us timer, modulo 2^32
            return m + Hash(localIp, localPort, remoteIp, remotePort);
        }

        /// <summary>F of RFC 6528: the keyed hash of the 4-tuple (low 32 bits of SipHash-2-4).</summary>
        public uint Hash(uint localIp, int localPort, uint remoteIp, int remotePort)
        {
            byte[] msg = _message;
            msg[0] = DomainIsn;
            PutUInt32(msg, 1, localIp);
            msg[5] = (byte)(localPort >> 8); msg[6] = (byte)localPort;
            PutUInt32(msg, 7, remoteIp);
            msg[11] = (byte)(remotePort >> 8); msg[12] = (byte)remotePort;
            return (uint)SipHash.Compute(_k0, _k1, msg, 0, msg.Length);
        }

        internal static void PutUInt32(byte[] b, int offset, uint value)
        {
            b[offset] = (byte)(value >> 24);
            b[offset + 1] = (byte)(value >> 16);
            b[offset + 2] = (byte)(value >> 8);
            b[offset + 3] = (byte)value;
        }
    }
}
