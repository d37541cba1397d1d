using System;
using System.Globalization;
using System.Text;

namespace NanoTcp.Cli.Ladder
{
    /// <summary>
    /// The ladder as terminal text: time, A's state, an arrow labelled with flags and the
    /// relative (seq, ack) tuple, B's state, and what the row means.
    /// <code>
    ///   time ms  A              192.0.2.1:49152                    192.0.2.2:80  B
    ///            CLOSED                                                          LISTEN
    ///     0.000  SYN-SENT     ---- SYN (X,0) --------------------------------->  SYN-RECEIVED  handshake 1
    /// </code>
    /// A state is printed on the row where it begins; a blank means "unchanged".
    /// </summary>
    public static class TextLadder
    {
        private const int TimeWidth = 10;
        private const int MinArrowWidth = 46;

        public static string Render(LadderConnection c)
        {
            int arrow = MinArrowWidth, state = 12; // "SYN-RECEIVED"
            foreach (var r in c.Rows)
            {
                arrow = Math.Max(arrow, r.Label.Length + 8);
                state = Math.Max(state, Math.Max((r.StateA ?? "").Length, (r.StateB ?? "").Length));
            }
            var sb = new StringBuilder();
            sb.Append("Connection ").Append(c.Number).Append(": A ").Append(c.AName).Append("  B ").Append(c.BName).Append('\n');
            sb.Append("X = ").Append(Describe(c.BaseA, c.SynSeenA, "A")).Append(", Y = ").Append(Describe(c.BaseB, c.SynSeenB, "B"))
              .Append("; tuples are (seq, ack)\n\n");

            string names = c.AName.PadRight(arrow - c.BName.Length) + c.BName;
            Line(sb, state, "time ms", "A", names, "B", "");
            Line(sb, state, "", c.InitialStateA, new string(' ', arrow), c.InitialStateB, "");
            foreach (var r in c.Rows)
            {
                string time = (r.TimeMicros / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
                Line(sb, state, time, r.StateA ?? "", Arrow(r, arrow), r.StateB ?? "", r.Note);
            }
            if (c.Footer.Count > 0) sb.Append('\n');
            foreach (var f in c.Footer) sb.Append(f).Append('\n');
            return sb.ToString();
        }

        private static string Describe(uint isn, bool synSeen, string end)
        {
            return (synSeen ? "ISN of " : "first seq of ") + end + " = " + isn.ToString(CultureInfo.InvariantCulture);
        }

        private static void Line(StringBuilder sb, int stateWidth, string time, string stateA, string arrow, string stateB, string note)
        {
            string line = time.PadLeft(TimeWidth) + "  " + stateA.PadRight(stateWidth) + " " + arrow + "  " + stateB.PadRight(stateWidth) + "  " + note;
            sb.Append(line.TrimEnd()).Append('\n');
        }

        /// <summary>"---- label ---->" for A to B, "<--- label -----" for B to A, a dotted
        /// line for a timer row on the side whose timer fired.</summary>
        private static string Arrow(LadderRow r, int width)
        {
            if (!r.IsSegment)
            {
                string t = " " + r.Label + " ";
                return r.FromA ? ("." + t).PadRight(width, ' ') : ("." + t).PadLeft(width, ' ');
            }
            if (r.FromA)
            {
                string head = "---- " + r.Label + " ";
                return head.PadRight(width - 1, '-') + ">";
            }
            string left = "<--- " + r.Label + " ";
            return left.PadRight(width, '-');
        }
    }
}
