using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;

namespace NanoTcp.Cli.Ladder
{
    /// <summary>
    /// `nanotcp ladder CAPTURE [--conn N] [--svg FILE] [--msl SECONDS]`: draws each TCP
    /// connection of a capture (NanoTcp's pcap, tcpdump's pcap or Wireshark's pcapng) as the
    /// ladder of segments between its two ends, in the notation of the seed notes.
    /// </summary>
    public static class LadderCommand
    {
        public static Command Create()
        {
            var cmd = new Command("ladder", "Draw the TCP connections of a capture (pcap or pcapng) as ladders of (seq, ack) tuples, with each end's state.");
            var file = new Argument<string>("CAPTURE") { Description = "A capture file: classic pcap (NanoTcp, tcpdump) or pcapng (Wireshark, dumpcap)." };
            var conn = new Option<int>("--conn") { Description = "Draw only connection N (numbered in capture order, from 1)." };
            var svg = new Option<string>("--svg") { Description = "Also write the ladder as an SVG picture to FILE (the connection --conn picks, else the first)." };
            var msl = new Option<int>("--msl") { Description = "Maximum segment lifetime in seconds for the TIME-WAIT line (default 120, RFC 9293 3.4.2).", DefaultValueFactory = _ => LadderBuilder.DefaultMslSeconds };
            cmd.Arguments.Add(file);
            cmd.Options.Add(conn);
            cmd.Options.Add(svg);
            cmd.Options.Add(msl);
            cmd.SetAction(parse => Run(parse.GetValue(file), parse.GetValue(conn), parse.GetValue(svg), parse.GetValue(msl), Console.Out, Console.Error));
            return cmd;
        }

        /// <summary>The command's work, callable from tests. Returns the exit code (0 drawn, 1 bad input).</summary>
        public static int Run(string path, int connection, string svgPath, int mslSeconds, TextWriter output, TextWriter error)
        {
            if (mslSeconds < 1) { error.WriteLine("--msl takes a number of seconds, 1 or more (RFC 9293 suggests 120)."); return 1; }
            if (!File.Exists(path)) { error.WriteLine("No capture at '" + path + "'. Record one with `nanotcp serve --pcap FILE`, tcpdump -w or Wireshark."); return 1; }
            List<LadderConnection> all;
            try
            {
                all = LadderBuilder.Build(CapturedSegment.FromCapture(CaptureReader.Read(File.ReadAllBytes(path))), mslSeconds);
            }
            catch (InvalidDataException e)
            {
                error.WriteLine(path + ": " + e.Message);
                return 1;
            }
            if (all.Count == 0) { error.WriteLine(path + ": no IPv4 TCP segment in this capture (Ethernet, raw IP and Linux cooked captures are read)."); return 1; }
            if (connection < 0 || connection > all.Count)
            {
                error.WriteLine("--conn " + connection + ": the capture has " + all.Count + " TCP connection" + (all.Count == 1 ? "" : "s") + "; pick 1 to " + all.Count + ".");
                return 1;
            }
            var chosen = connection == 0 ? all : new List<LadderConnection> { all[connection - 1] };
            for (int i = 0; i < chosen.Count; i++)
            {
                if (i > 0) output.WriteLine();
                output.Write(TextLadder.Render(chosen[i]));
            }
            if (svgPath != null)
            {
                File.WriteAllText(svgPath, SvgLadder.Render(chosen[0]));
                output.WriteLine();
                output.WriteLine("SVG of connection " + chosen[0].Number + " written to " + svgPath);
            }
            return 0;
        }
    }
}
