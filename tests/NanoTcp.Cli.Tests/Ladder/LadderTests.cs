using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using NanoTcp.Cli.Ladder;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Cli.Tests.Ladder
{
    /// <summary>
    /// `nanotcp ladder` on captures whose every segment the test wrote: the seed's handshake
    /// (X,0) (Y,X+1) (X+1,Y+1), the four-way close (u,…) (v,u+1) (w,u+1) (u+1,w+1) with
    /// TIME-WAIT and its 2MSL, the simultaneous close through CLOSING, an RST and URG draw
    /// exactly as expected; the SVG is well-formed and names each tuple.
    /// </summary>
    public sealed class LadderTests : IDisposable
    {
        private const uint X = 1000, Y = 5000;
        private const TcpFlags SYN = TcpFlags.Syn, ACK = TcpFlags.Ack, FIN = TcpFlags.Fin, RST = TcpFlags.Rst, PSH = TcpFlags.Psh, URG = TcpFlags.Urg;
        private readonly string _dir = Directory.CreateTempSubdirectory("nanotcp-ladder-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private static CaptureBuilder Handshake(uint x = X, uint y = Y) => new CaptureBuilder()
            .Segment(true, SYN, x, 0)
            .Segment(false, SYN | ACK, y, x + 1)
            .Segment(true, ACK, x + 1, y + 1);

        private string Draw(CaptureBuilder b, int conn = 0, string svg = null, bool pcapng = false)
        {
            string path = pcapng ? b.SaveNg(_dir, "c.pcapng") : b.Save(_dir, "c.pcap");
            var o = new StringWriter(); var e = new StringWriter();
            int rc = LadderCommand.Run(path, conn, svg, 120, o, e);
            Assert.True(rc == 0, e.ToString());
            return o.ToString();
        }

        private const string Head =
            "Connection 1: A 192.0.2.1:49152  B 192.0.2.2:80\n" +
            "X = ISN of A = 1000, Y = ISN of B = 5000; tuples are (seq, ack)\n\n" +
            "   time ms  A            192.0.2.1:49152                   192.0.2.2:80  B\n" +
            "            CLOSED                                                       LISTEN\n" +
            "     0.000  SYN-SENT     ---- SYN (X,0) ------------------------------>  SYN-RECEIVED  handshake 1\n" +
            "     0.100  ESTABLISHED  <--- SYN,ACK (Y,X+1) -------------------------                handshake 2\n" +
            "     0.200               ---- ACK (X+1,Y+1) -------------------------->  ESTABLISHED   handshake 3\n";

        [Fact]
        public void Seed_handshake_reads_X0_YX1_X1Y1()
        {
            Assert.Equal(Head, Draw(Handshake()));
        }

        [Fact]
        public void Pcapng_from_Wireshark_draws_the_same_ladder_as_pcap()
        {
            Assert.Equal(Head, Draw(Handshake(), pcapng: true));
        }

        [Fact]
        public void Seed_four_way_close_u_v_w_then_TIME_WAIT_for_2MSL()
        {
            var close = Handshake()
                .Segment(true, PSH | ACK, X + 1, Y + 1, 100).Segment(false, ACK, Y + 1, X + 101)
                .Segment(true, FIN | ACK, X + 101, Y + 1).Segment(false, ACK, Y + 1, X + 102)
                .Segment(false, FIN | ACK, Y + 1, X + 102).Segment(true, ACK, X + 102, Y + 2);
            Assert.Equal(Head +
                "     0.300               ---- PSH,ACK (X+1,Y+1) len=100 -------------->\n" +
                "     0.400               <--- ACK (Y+1,X+101) -------------------------\n" +
                "     0.500  FIN-WAIT-1   ---- FIN,ACK (X+101,Y+1) -------------------->  CLOSE-WAIT    close 1: u = X+101\n" +
                "     0.600  FIN-WAIT-2   <--- ACK (Y+1,X+102) -------------------------                close 2: (v, u+1), v = Y+1\n" +
                "     0.700  TIME-WAIT    <--- FIN,ACK (Y+1,X+102) ---------------------  LAST-ACK      close 3: (w, u+1), w = Y+1\n" +
                "     0.800               ---- ACK (X+102,Y+2) ------------------------>  CLOSED        close 4: (u+1, w+1)\n" +
                "240000.700  CLOSED       . (2MSL timer)                                                TIME-WAIT ends after 2MSL = 240 s, no segment\n" +
                "\n" +
                "A waits in TIME-WAIT for 2MSL (MSL 120 s, RFC 9293 3.4.2) so that, if its last ACK is lost, the peer's retransmitted FIN is still answered; the CLOSED row is inferred, not captured.\n",
                Draw(close));
        }

        [Fact]
        public void Simultaneous_close_takes_both_ends_through_CLOSING_to_TIME_WAIT()
        {
            // RFC 9293 3.6 figure 13: the FINs cross; each end's ACK covers the other's FIN.
            var sim = Handshake()
                .Segment(true, FIN | ACK, X + 1, Y + 1).Segment(false, FIN | ACK, Y + 1, X + 1)
                .Segment(true, ACK, X + 2, Y + 2).Segment(false, ACK, Y + 2, X + 2);
            string text = Draw(sim);
            Assert.Contains("     0.300  FIN-WAIT-1         ---- FIN,ACK (X+1,Y+1) ---------------------->                      close 1: u = X+1\n", text);
            Assert.Contains("     0.400  CLOSING            <--- FIN,ACK (Y+1,X+1) -----------------------  FIN-WAIT-1>CLOSING  simultaneous close: the FINs cross\n", text);
            Assert.Contains("     0.500                     ---- ACK (X+2,Y+2) -------------------------->  TIME-WAIT\n", text);
            Assert.Contains("     0.600  TIME-WAIT          <--- ACK (Y+2,X+2) ---------------------------\n", text);
            // Both timers fire, B's first: it entered TIME-WAIT first.
            int b = text.IndexOf("240000.500", StringComparison.Ordinal), a = text.IndexOf("240000.600", StringComparison.Ordinal);
            Assert.True(b > 0 && a > b, text);
            Assert.DoesNotContain("CLOSE-WAIT", text);
            Assert.DoesNotContain("LAST-ACK", text);
        }

        [Fact]
        public void RST_from_a_port_nobody_listens_on_closes_the_opener()
        {
            var rst = new CaptureBuilder().Segment(true, SYN, X, 0).Segment(false, RST | ACK, 0, X + 1);
            Assert.Equal(
                "Connection 1: A 192.0.2.1:49152  B 192.0.2.2:80\n" +
                "X = ISN of A = 1000, Y = first seq of B = 0; tuples are (seq, ack)\n\n" +
                "   time ms  A            192.0.2.1:49152                   192.0.2.2:80  B\n" +
                "            CLOSED                                                       CLOSED\n" +
                "     0.000  SYN-SENT     ---- SYN (X,0) ------------------------------>                handshake 1\n" +
                "     0.100  CLOSED       <--- RST,ACK (Y,X+1) -------------------------                reset: nothing listens on B's port\n",
                Draw(rst));
        }

        [Fact]
        public void RST_in_ESTABLISHED_closes_both_ends()
        {
            string text = Draw(Handshake().Segment(false, RST, Y + 1, 0));
            Assert.EndsWith("     0.300  CLOSED       <--- RST (Y+1,0) -----------------------------  CLOSED        reset\n", text);
        }

        [Fact]
        public void URG_shows_the_urgent_pointer_as_the_first_octet_after_the_urgent_data()
        {
            // RFC 9293 3.8.5 (MUST-62): SEG.UP = 3 on a segment at X+1 marks X+4.
            var urg = Handshake().Segment(true, PSH | ACK | URG, X + 1, Y + 1, 3, urgent: 3).Segment(false, ACK, Y + 1, X + 4);
            Assert.EndsWith(
                "     0.300               ---- PSH,ACK,URG (X+1,Y+1) len=3 urg=X+4 ---->\n" +
                "     0.400               <--- ACK (Y+1,X+4) ---------------------------\n", Draw(urg));
        }

        [Fact]
        public void Sequence_numbers_near_2_pow_32_stay_relative_across_the_wrap()
        {
            string text = Draw(Handshake(0xFFFFFFFEu, 0xFFFFFFFFu).Segment(true, PSH | ACK, 0xFFFFFFFFu, 0, 10).Segment(false, ACK, 0, 9));
            Assert.Contains("ACK (X+1,Y+1)", text);
            Assert.Contains("PSH,ACK (X+1,Y+1) len=10", text);
            Assert.Contains("ACK (Y+1,X+11)", text);
        }

        [Fact]
        public void A_retransmitted_SYN_is_marked_and_changes_no_state()
        {
            var b = new CaptureBuilder().Segment(true, SYN, X, 0).Wait(1_000_000).Segment(true, SYN, X, 0)
                .Segment(false, SYN | ACK, Y, X + 1).Segment(true, ACK, X + 1, Y + 1);
            string text = Draw(b);
            Assert.Contains("  1000.100               ---- SYN (X,0) ------------------------------>                retransmission\n", text);
            Assert.Contains("---- ACK (X+1,Y+1) -------------------------->  ESTABLISHED   handshake 3\n", text);
        }

        [Fact]
        public void Two_connections_on_the_same_ports_after_TIME_WAIT_are_numbered_and_picked_with_conn()
        {
            var b = Handshake().Segment(false, RST, Y + 1, 0).Wait(1000);
            b.Segment(true, SYN, 7000, 0).Segment(false, SYN | ACK, 9000, 7001).Segment(true, ACK, 7001, 9001);
            string all = Draw(b);
            Assert.Contains("Connection 1:", all);
            Assert.Contains("Connection 2:", all);
            string second = Draw(b, conn: 2);
            Assert.StartsWith("Connection 2: A 192.0.2.1:49152  B 192.0.2.2:80\nX = ISN of A = 7000, Y = ISN of B = 9000", second);
            Assert.DoesNotContain("Connection 1:", second);
        }

        [Fact]
        public void Svg_is_well_formed_and_names_every_tuple()
        {
            string svg = Path.Combine(_dir, "l.svg");
            var close = Handshake().Segment(true, FIN | ACK, X + 1, Y + 1).Segment(false, ACK, Y + 1, X + 2)
                .Segment(false, FIN | ACK, Y + 1, X + 2).Segment(true, ACK, X + 2, Y + 2);
            Draw(close, svg: svg);
            XDocument doc = XDocument.Load(svg);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", doc.Root.Name);
            var texts = doc.Descendants(ns + "text").Select(t => t.Value).ToList();
            foreach (string tuple in new[] { "SYN (X,0)", "SYN,ACK (Y,X+1)", "ACK (X+1,Y+1)", "FIN,ACK (X+1,Y+1)", "ACK (Y+1,X+2)", "FIN,ACK (Y+1,X+2)", "ACK (X+2,Y+2)" })
                Assert.Contains(tuple, texts);
            foreach (string state in new[] { "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "LAST-ACK", "TIME-WAIT", "CLOSED" })
                Assert.Contains(state, texts);
            Assert.Equal(7, doc.Descendants(ns + "line").Count(l => l.Attribute("marker-end") != null)); // one arrow per segment
        }

        [Fact]
        public void Bad_input_says_what_to_do()
        {
            var o = new StringWriter(); var e = new StringWriter();
            Assert.Equal(1, LadderCommand.Run(Path.Combine(_dir, "none.pcap"), 0, null, 120, o, e));
            Assert.Contains("No capture at", e.ToString());
            File.WriteAllText(Path.Combine(_dir, "text.pcap"), "hello, not a capture");
            e = new StringWriter();
            Assert.Equal(1, LadderCommand.Run(Path.Combine(_dir, "text.pcap"), 0, null, 120, o, e));
            Assert.Contains("neither a pcap nor a pcapng", e.ToString());
            string path = Handshake().Save(_dir, "one.pcap");
            e = new StringWriter();
            Assert.Equal(1, LadderCommand.Run(path, 3, null, 120, o, e));
            Assert.Contains("--conn 3: the capture has 1 TCP connection; pick 1 to 1.", e.ToString());
            e = new StringWriter();
            Assert.Equal(1, LadderCommand.Run(path, 0, null, 0, o, e));
            Assert.Contains("--msl", e.ToString());
        }
    }
}
