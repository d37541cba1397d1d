using System.Globalization;
using System.Text;

namespace NanoTcp.Cli.Ladder
{
    /// <summary>
    /// The same ladder as an SVG picture: two time lines (A left, B right), one slanted
    /// arrow per segment labelled with its flags and (seq, ack) tuple, the states each end
    /// enters beside its line, the time on the left and the row's meaning on the right.
    /// Plain SVG 1.1 with no script or external reference, so browsers, editors and README
    /// renderers show it as it is.
    /// </summary>
    public static class SvgLadder
    {
        private const int RowHeight = 46, Top = 96, XA = 330, XB = 730, Width = 1180, Slant = 30;

        public static string Render(LadderConnection c)
        {
            int height = Top + c.Rows.Count * RowHeight + 40 + c.Footer.Count * 18;
            var sb = new StringBuilder();
            sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(Width).Append("\" height=\"").Append(height)
              .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height).Append("\" font-family=\"monospace\" font-size=\"13\">\n");
            sb.Append("<title>").Append(Esc("TCP ladder, connection " + c.Number + ": A " + c.AName + ", B " + c.BName)).Append("</title>\n");
            sb.Append("<defs><marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" refX=\"10\" refY=\"4\" orient=\"auto\">")
              .Append("<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker></defs>\n");
            sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
            Text(sb, XA, 24, "middle", "bold", "A " + c.AName);
            Text(sb, XB, 24, "middle", "bold", "B " + c.BName);
            Text(sb, (XA + XB) / 2, 46, "middle", null, "X = " + c.BaseA + ", Y = " + c.BaseB + "; (seq, ack) relative to X and Y");
            Text(sb, XA - 10, 74, "end", "bold", c.InitialStateA);
            Text(sb, XB + 10, 74, "start", "bold", c.InitialStateB);
            int bottom = Top + c.Rows.Count * RowHeight;
            Line(sb, XA, 80, XA, bottom, "#888", false);
            Line(sb, XB, 80, XB, bottom, "#888", false);
            Text(sb, 16, 74, "start", null, "time ms");

            for (int i = 0; i < c.Rows.Count; i++)
            {
                LadderRow r = c.Rows[i];
                int y = Top + i * RowHeight;
                Text(sb, 16, y + 20, "start", null, (r.TimeMicros / 1000.0).ToString("0.000", CultureInfo.InvariantCulture));
                if (r.IsSegment)
                {
                    int x1 = r.FromA ? XA : XB, x2 = r.FromA ? XB : XA;
                    Line(sb, x1, y, x2, y + Slant, r.Flags.Contains("RST") ? "#b00" : "#222", true);
                    Text(sb, (XA + XB) / 2, y + 8, "middle", null, r.Label);
                }
                else
                {
                    int x = r.FromA ? XA : XB;
                    Line(sb, x, y + Slant, r.FromA ? x + 60 : x - 60, y + Slant, "#888", false);
                    Text(sb, r.FromA ? x + 66 : x - 66, y + Slant + 4, r.FromA ? "start" : "end", null, r.Label);
                }
                if (r.StateA != null) Text(sb, XA - 10, y + Slant + 4, "end", "bold", r.StateA);
                if (r.StateB != null) Text(sb, XB + 10, y + Slant + 4, "start", "bold", r.StateB);
                if (r.Note.Length > 0) Text(sb, XB + 130, y + 20, "start", null, r.Note);
            }
            for (int i = 0; i < c.Footer.Count; i++) Text(sb, 16, bottom + 28 + i * 18, "start", null, c.Footer[i]);
            sb.Append("</svg>\n");
            return sb.ToString();
        }

        private static void Line(StringBuilder sb, int x1, int y1, int x2, int y2, string colour, bool arrow)
        {
            sb.Append("<line x1=\"").Append(x1).Append("\" y1=\"").Append(y1).Append("\" x2=\"").Append(x2).Append("\" y2=\"").Append(y2)
              .Append("\" stroke=\"").Append(colour).Append("\" stroke-width=\"1.5\"");
            if (arrow) sb.Append(" marker-end=\"url(#head)\"");
            else sb.Append(" stroke-dasharray=\"4 3\"");
            sb.Append("/>\n");
        }

        private static void Text(StringBuilder sb, int x, int y, string anchor, string weight, string text)
        {
            sb.Append("<text x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" text-anchor=\"").Append(anchor).Append('"');
            if (weight != null) sb.Append(" font-weight=\"").Append(weight).Append('"');
            sb.Append('>').Append(Esc(text)).Append("</text>\n");
        }

        private static string Esc(string s)
        {
            return s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
        }
    }
}
