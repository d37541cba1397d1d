using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// A network simulation in the manner of smoltcp's tests/netsim.rs: one connection moves
    /// BytesPerCell from A to B over the cable with a 100 ms round trip (50 ms each way, no
    /// bandwidth limit) and random loss in both directions, for each ring size (send and
    /// receive) and loss rate. The table holds goodput in KiB/s of VIRTUAL time, so it is
    /// deterministic: it is kept as a snapshot (netsim.snapshot.txt) and any change to the
    /// engine's timing behaviour shows up as a diff. Set NANOTCP_UPDATE_SNAPSHOT=1 to rewrite
    /// the snapshot after an intended change, and look at the diff before committing it.
    /// </summary>
    public class NetsimTests : TraceTest
    {
        public static readonly int[] RingSizes = { 1024, 2048, 4096, 8192, 16384, 32768, 65535 };
        public static readonly double[] LossRates = { 0.0, 0.001, 0.01, 0.02, 0.05, 0.10, 0.20 };
        public const long BytesPerCell = 1L << 20;
        public const int OneWayDelayMs = 50;

        private readonly ITestOutputHelper _output;
        public NetsimTests(ITestOutputHelper output) { _output = output; }

        [Fact]
        public void Goodput_table_by_ring_size_and_loss_matches_the_snapshot()
        {
            var wall = System.Diagnostics.Stopwatch.StartNew();
            string table = BuildTable();
            wall.Stop();
            _output.WriteLine(table);
            _output.WriteLine("built in {0} ms real time", wall.ElapsedMilliseconds);

            string path = SnapshotPath();
            if (Environment.GetEnvironmentVariable("NANOTCP_UPDATE_SNAPSHOT") == "1")
            {
                File.WriteAllText(path, table);
                return;
            }
            Assert.True(File.Exists(path), "no snapshot at " + path + ": run once with NANOTCP_UPDATE_SNAPSHOT=1 and commit it");
            string expected = File.ReadAllText(path).Replace("\r\n", "\n");
            Assert.Equal(expected, table);
        }

        public string BuildTable()
        {
            var sb = new StringBuilder();
            sb.Append("# NanoTcp netsim: goodput in KiB/s of virtual time, ").Append(BytesPerCell >> 20)
              .Append(" MiB A->B per cell, RTT ").Append(2 * OneWayDelayMs).Append(" ms, loss both ways\n");
            sb.Append("#  ring = TcpOptions.SendBufferSize = ReceiveBufferSize; MSS 1460; RTO defaults; R2 15 min\n");
            sb.Append(" ring\\loss");
            foreach (double loss in LossRates) sb.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0,9:0.000}", loss));
            sb.Append('\n');
            foreach (int ring in RingSizes)
            {
                sb.Append(string.Format("{0,10}", ring));
                for (int i = 0; i < LossRates.Length; i++)
                {
                    double kibPerSecond = RunCell(ring, LossRates[i], 1000 + i);
                    if (kibPerSecond == Dead) sb.Append("     dead");
                    else if (kibPerSecond == Corrupt) sb.Append("  CORRUPT");
                    else sb.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0,9:0.0}", kibPerSecond));
                }
                sb.Append('\n');
            }
            return sb.ToString();
        }

        /// <summary>RunCell result: the connection died (timed out or reset) before the end.</summary>
        public const double Dead = -1;
        /// <summary>RunCell result: the bytes that arrived differ from those sent.</summary>
        public const double Corrupt = -2;

        /// <summary>Goodput of one cell in KiB per virtual second, or Dead / Corrupt.</summary>
        public double RunCell(int ring, double loss, int seed)
        {
            var faults = new CableOptions { Seed = seed, DropRate = loss, DelayMs = OneWayDelayMs };
            // R2 is raised to 15 minutes so that the table measures goodput, not the give-up
            // policy: at 20 % loss each way a retransmission and its ACK both survive only
            // 64 % of the time, and with the RTO at its 60 s cap the default R2 of 100 s
            // ends some connections (that is tested elsewhere; here it would print "dead").
            TcpOptions Make() => new TcpOptions { Connections = 2, ReceiveBufferSize = ring, SendBufferSize = ring, R2Ms = 15 * 60 * 1000 };
            var net = Checked(new CableNet(faults, Make(), Make(), framesInFlight: 512));
            net.Open(9000, out int onA, out int onB);
            using var flow = new BulkFlow(net.A, onA, net.B, onB, BytesPerCell, net.Now, readChunk: 65536);
            long start = net.Now;
            long end = start + 24L * 3600 * 1000;
            int same = 0;
            while (!flow.Done)
            {
                net.Step();
                if (net.A.GetState(onA) != TcpState.Established || net.B.GetState(onB) != TcpState.Established) return Dead;
                if (flow.Pump(net.Now)) continue;
                if (!net.AdvanceToNextEvent(end, ref same)) return Dead;
            }
            if (flow.FirstMismatch >= 0 || flow.SentSha256() != flow.ReceivedSha256()) return Corrupt;
            return BytesPerCell / 1024.0 / ((net.Now - start) / 1000.0);
        }

        private static string SnapshotPath([CallerFilePath] string thisFile = "")
        {
            return Path.Combine(Path.GetDirectoryName(thisFile), "netsim.snapshot.txt");
        }
    }
}
