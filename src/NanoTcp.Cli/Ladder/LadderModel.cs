using System.Collections.Generic;

namespace NanoTcp.Cli.Ladder
{
    /// <summary>
    /// One line of a ladder: a segment between the two ends (or, for the end of TIME-WAIT, a
    /// timer that fired with no segment), the (seq, ack) tuple in the seed's relative
    /// notation, and the states the two ends enter because of it.
    /// </summary>
    public sealed class LadderRow
    {
        /// <summary>Microseconds since the connection's first segment.</summary>
        public long TimeMicros;
        /// <summary>True for A -> B, false for B -> A.</summary>
        public bool FromA;
        /// <summary>False for a row that shows a timer (the end of TIME-WAIT), not a segment.</summary>
        public bool IsSegment = true;
        /// <summary>"SYN,ACK" and so on, in the order SYN FIN RST PSH ACK URG.</summary>
        public string Flags;
        /// <summary>"(Y,X+1)": sequence number and acknowledgment, relative to X and Y.</summary>
        public string Tuple;
        /// <summary>" len=100", " urg=X+2" and similar, or empty.</summary>
        public string Extra = "";
        /// <summary>The state A (B) enters with this row, or null when it stays.</summary>
        public string StateA, StateB;
        /// <summary>What the row means: "handshake 1", "close 2: (v, u+1), v = Y+1", "retransmission".</summary>
        public string Note = "";

        /// <summary>The arrow's label: flags, tuple and extras.</summary>
        public string Label => IsSegment ? Flags + " " + Tuple + Extra : Flags;
    }

    /// <summary>One TCP connection of a capture, drawn as a ladder between A (the end that
    /// sent the first SYN, or spoke first) and B.</summary>
    public sealed class LadderConnection
    {
        /// <summary>1-based number in capture order (what --conn takes).</summary>
        public int Number;
        public string AName, BName;
        /// <summary>X and Y: the initial sequence numbers (or the first seen when no SYN was captured).</summary>
        public uint BaseA, BaseB;
        public bool SynSeenA, SynSeenB;
        public string InitialStateA, InitialStateB;
        /// <summary>Capture time of the first segment, microseconds.</summary>
        public long StartMicros;
        public readonly List<LadderRow> Rows = new List<LadderRow>();
        /// <summary>Lines printed under the ladder (TIME-WAIT and 2MSL, what was assumed).</summary>
        public readonly List<string> Footer = new List<string>();
    }
}
