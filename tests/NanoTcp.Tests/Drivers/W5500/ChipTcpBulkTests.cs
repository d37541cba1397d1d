using System;
using System.Security.Cryptography;
using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;
using NanoTcp.Simulation.W5500;
using NanoTcp.Tcp;
using NanoTcp.Tests.Net;
using Xunit;

namespace NanoTcp.Tests.Drivers.W5500
{
    /// <summary>
    /// Bulk TCP between two whole stacks, each on a simulated SPI Ethernet chip behind its
    /// driver, joined by the in-memory cable: the bytes that arrive hash (SHA-256) to the
    /// bytes that were sent.
    /// </summary>
    public class ChipTcpBulkTests
    {
        private const int SixteenMiB = 16 * 1024 * 1024;

        internal static INetDevice W5500Side(INetDevice cableEnd, byte last)
        {
            var chip = new W5500Chip(cableEnd);
            var device = new W5500Device(chip, new byte[] { 0x02, 0x55, 0, 0, 0, last });
            device.Initialize();
            return device;
        }

        [Fact]
        public void Sixteen_MiB_over_tcp_between_two_simulated_w5500s_hash_equal()
        {
            var result = Transfer(end => W5500Side(end, 1), end => W5500Side(end, 2), SixteenMiB);
            Assert.Equal(result.SentHash, result.ReceivedHash);
            Assert.Equal(SixteenMiB, result.Received);
        }

        internal sealed class Outcome
        {
            public byte[] SentHash, ReceivedHash;
            public long Received;
            public long VirtualMs;
        }

        /// <summary>A sends totalBytes to B over TCP; both sides hash what passed.</summary>
        internal static Outcome Transfer(Func<INetDevice, INetDevice> sideA, Func<INetDevice, INetDevice> sideB, int totalBytes)
        {
            var p = new SimPair(wrapA: sideA, wrapB: sideB);
            var tcpA = new TcpStack(p.A, new TcpOptions { ReceiveBufferSize = 16 * 1024, SendBufferSize = 16 * 1024, Secret = new byte[16] });
            var tcpB = new TcpStack(p.B, new TcpOptions { ReceiveBufferSize = 16 * 1024, SendBufferSize = 16 * 1024, Secret = new byte[] { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 } });
            p.A.AddTransport(tcpA);
            p.B.AddTransport(tcpB);
            int listener = tcpB.Listen(5001);
            int client = tcpA.Connect(SimPair.AddressB, 5001, p.Now);
            int server = TcpStack.NoHandle;

            using var sentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var receivedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var chunk = new byte[8192];
            var sink = new byte[8192];
            long sent = 0, received = 0, start = p.Now;
            for (int step = 0; received < totalBytes; step++)
            {
                if (step > 2_000_000) throw new InvalidOperationException("transfer stalled at " + received + " bytes");
                if (p.Now - start > 10 * 60 * 1000) throw new InvalidOperationException("transfer took more than 10 virtual minutes at " + received + " bytes");
                if (server == TcpStack.NoHandle) server = tcpB.Accept(listener);
                if (tcpA.GetState(client) == TcpState.Established && sent < totalBytes)
                {
                    int want = (int)Math.Min(chunk.Length, totalBytes - sent);
                    for (int i = 0; i < want; i++) chunk[i] = (byte)((sent + i) * 2654435761L >> 13);
                    int n = tcpA.Send(client, chunk, 0, want);
                    if (n > 0)
                    {
                        sentHash.AppendData(chunk, 0, n);
                        sent += n;
                    }
                }
                p.PollAll();
                if (server != TcpStack.NoHandle)
                {
                    int n;
                    while ((n = tcpB.Receive(server, sink, 0, sink.Length)) > 0)
                    {
                        receivedHash.AppendData(sink, 0, n);
                        received += n;
                    }
                }
                if (step % 4 == 3) p.RunFor(1); // let timers (delayed ACK, retransmission) run
            }
            return new Outcome
            {
                SentHash = sentHash.GetHashAndReset(),
                ReceivedHash = receivedHash.GetHashAndReset(),
                Received = received,
                VirtualMs = p.Now - start,
            };
        }
    }
}
