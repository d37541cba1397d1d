using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.SelfTest
{
    /// <summary>
    /// "Does the stack work on this board?" Runs the stack against itself over the portable
    /// in-memory cable, one step a line: PASS or FAIL with a reason, and last
    /// "selftest: N passed, M failed". Uses only nanoFramework mscorlib v1 and the core.
    /// </summary>
    public sealed partial class SelfTest
    {
        public const int Port = 7000;
        private const int StepBound = 20000;

        private readonly ISelfTestOutput _out;
        private readonly SelfTestProfile _profile;
        private int _passed;
        private int _failed;

        /// <summary>The full profile (desktop).</summary>
        public SelfTest(ISelfTestOutput output) : this(output, SelfTestProfile.Full()) { }

        public SelfTest(ISelfTestOutput output, SelfTestProfile profile)
        {
            _out = output;
            _profile = profile;
        }

        public int Passed { get { return _passed; } }
        public int Failed { get { return _failed; } }

        /// <summary>Runs every check, then the measurements; returns the number of failures.</summary>
        public int Run(int transferBytes, bool measure)
        {
            SelfTestNetwork sizes = NewNetwork(0);
            _out.WriteLine("selftest: profile " + _profile.Name + ", MTU " + _profile.Mtu + ", " + _profile.RingSize + "-byte rings; two stacks and the cable fix "
                + sizes.FixedBytes + " bytes");
            sizes = null;
            Check("arp and ping", ArpAndPing());
            Check("tcp handshake (X,0) (Y,X+1) (X+1,Y+1)", Handshake());
            Check("transfer A to B", Transfer(transferBytes, true));
            Check("transfer B to A", Transfer(transferBytes, false));
            Check("close from A (A ends in TIME-WAIT)", CloseFrom(true));
            Check("close from B (B ends in TIME-WAIT)", CloseFrom(false));
            Check("simultaneous close through CLOSING", SimultaneousClose());
            Check("urgent data", Urgent());
            Check("RST to a closed port", RstToClosedPort());
            _out.WriteLine("selftest: " + _passed + " passed, " + _failed + " failed");
            if (measure) Measure(transferBytes);
            return _failed;
        }

        private void Check(string name, string failure)
        {
            if (failure == null)
            {
                _passed++;
                _out.WriteLine("PASS " + name);
            }
            else
            {
                _failed++;
                _out.WriteLine("FAIL " + name + ": " + failure);
            }
        }

        // ---------------- the checks: each returns null on success, else the reason ----------------

        private string ArpAndPing()
        {
            SelfTestNetwork n = NewNetwork(0);
            if (!n.A.Ping(SelfTestNetwork.AddressB, 0x5e1f, 1, n.Now)) return "Ping could not be queued";
            for (int i = 0; i < 200 && n.A.LastEchoReplySource != SelfTestNetwork.AddressB; i++) n.Step();
            if (n.A.LastEchoReplySource != SelfTestNetwork.AddressB) return "no echo reply from 192.0.2.2 within 200 steps";
            if (n.A.LastEchoReplyIdentifier != 0x5e1f || n.A.LastEchoReplySequence != 1) return "echo reply carried the wrong identifier or sequence";
            if (n.A.Arp.Used == 0 || n.B.Arp.Used == 0) return "ARP caches stayed empty after the exchange";
            return null;
        }

        private string Handshake()
        {
            SelfTestNetwork n = NewNetwork(0);
            int listener = n.TcpB.Listen(Port);
            n.LogA.Recording = true;
            n.LogB.Recording = true;
            int client = n.TcpA.Connect(SelfTestNetwork.AddressB, Port, n.Now);
            if (!n.StepUntilState(n.TcpA, client, TcpState.Established, 500)) return "A did not reach ESTABLISHED";
            int server = n.StepUntilAccepted(listener, 500);
            if (server == TcpStack.NoHandle) return "B accepted no connection";
            // The first TCP frame from A is the SYN (X,0); from B the SYN+ACK (Y,X+1); then A's ACK (X+1,Y+1).
            if (n.LogA.Count < 2 || n.LogB.Count < 1) return "fewer than three handshake segments on the wire";
            uint x = n.LogA.SeqAt(0);
            uint y = n.LogB.SeqAt(0);
            if (n.LogA.FlagsAt(0) != TcpFlags.Syn || n.LogA.AckAt(0) != 0) return "first segment is not a bare SYN with ack 0";
            if (n.LogB.FlagsAt(0) != (TcpFlags.Syn | TcpFlags.Ack) || n.LogB.AckAt(0) != x + 1) return "second segment is not SYN+ACK (Y,X+1)";
            if ((n.LogA.FlagsAt(1) & (TcpFlags.Syn | TcpFlags.Ack)) != TcpFlags.Ack || n.LogA.SeqAt(1) != x + 1 || n.LogA.AckAt(1) != y + 1)
                return "third segment is not ACK (X+1,Y+1)";
            return null;
        }

        private string Transfer(int bytes, bool aToB)
        {
            SelfTestNetwork n = NewNetwork(0);
            int client, server;
            string err = Open(n, out client, out server);
            if (err != null) return err;
            TcpStack sendTcp = aToB ? n.TcpA : n.TcpB;
            TcpStack recvTcp = aToB ? n.TcpB : n.TcpA;
            int sender = aToB ? client : server;
            int receiver = aToB ? server : client;
            TransferStats stats = new TransferStats();
            return Pump(n, sendTcp, sender, recvTcp, receiver, bytes, stats, null);
        }

        private string CloseFrom(bool fromA)
        {
            SelfTestNetwork n = NewNetwork(0);
            int client, server;
            string err = Open(n, out client, out server);
            if (err != null) return err;
            TcpStack first = fromA ? n.TcpA : n.TcpB;
            TcpStack second = fromA ? n.TcpB : n.TcpA;
            int h1 = fromA ? client : server;
            int h2 = fromA ? server : client;
            first.Close(h1);
            if (!n.StepUntilEvent(second, h2, TcpEvents.PeerClosed, 500)) return "the other side never saw the FIN";
            if (second.GetState(h2) != TcpState.CloseWait) return "the other side is in " + StateName(second.GetState(h2)) + ", not CLOSE-WAIT";
            // The ACK of the FIN is on its way; FIN-WAIT-2 follows when it lands.
            n.StepUntilState(first, h1, TcpState.FinWait2, 50);
            if (first.GetState(h1) != TcpState.FinWait2) return "the closing side is in " + StateName(first.GetState(h1)) + ", not FIN-WAIT-2";
            second.Close(h2);
            for (int i = 0; i < 500 && first.CountInState(TcpState.TimeWait) == 0; i++) n.Step();
            if (first.CountInState(TcpState.TimeWait) != 1) return "the side that closed first did not enter TIME-WAIT";
            for (int i = 0; i < 500 && second.CountInState(TcpState.LastAck) != 0; i++) n.Step();
            if (second.CountInState(TcpState.TimeWait) != 0 || second.CountInState(TcpState.LastAck) != 0)
                return "the side that closed second did not go to CLOSED";
            // 2MSL later (MSL is 1 s in the self-test) TIME-WAIT is gone.
            for (int i = 0; i < 1000 && first.CountInState(TcpState.TimeWait) != 0; i++) n.Step();
            if (first.CountInState(TcpState.TimeWait) != 0) return "TIME-WAIT did not end after 2MSL";
            return null;
        }

        private string SimultaneousClose()
        {
            SelfTestNetwork n = NewNetwork(5);
            int client, server;
            string err = Open(n, out client, out server);
            if (err != null) return err;
            StateRecorder trace = new StateRecorder();
            n.TcpA.Trace = trace;
            n.TcpB.Trace = trace;
            // Both close before either polls: the FINs cross on the cable.
            n.TcpA.Close(client);
            n.TcpB.Close(server);
            for (int i = 0; i < 500 && (n.TcpA.CountInState(TcpState.TimeWait) == 0 || n.TcpB.CountInState(TcpState.TimeWait) == 0); i++) n.Step();
            if (n.TcpA.CountInState(TcpState.TimeWait) != 1 || n.TcpB.CountInState(TcpState.TimeWait) != 1) return "both ends did not reach TIME-WAIT";
            if (trace.ClosingSeen < 2) return "CLOSING was entered " + trace.ClosingSeen + " times, expected once on each end";
            return null;
        }

        private string Urgent()
        {
            SelfTestNetwork n = NewNetwork(0);
            int client, server;
            string err = Open(n, out client, out server);
            if (err != null) return err;
            byte[] normal = new byte[] { (byte)'a', (byte)'b', (byte)'c' };
            byte[] urgent = new byte[] { (byte)'!' };
            n.TcpA.Send(client, normal, 0, normal.Length);
            n.TcpA.SendUrgent(client, urgent, 0, urgent.Length);
            if (!n.StepUntilEvent(n.TcpB, server, TcpEvents.Urgent, 500)) return "the receiver was not told of urgent data";
            int pending = n.TcpB.UrgentPending(server);
            if (pending != 4) return "urgent mark is " + pending + " bytes ahead, expected 4 (pointer after the urgent byte)";
            byte[] got = new byte[8];
            int total = 0;
            for (int i = 0; i < 200 && total < 4; i++)
            {
                total += n.TcpB.Receive(server, got, total, got.Length - total);
                if (total < 4) n.Step();
            }
            if (total != 4 || got[3] != (byte)'!') return "the stream did not deliver abc! in order";
            return null;
        }

        private string RstToClosedPort()
        {
            SelfTestNetwork n = NewNetwork(0);
            int client = n.TcpA.Connect(SelfTestNetwork.AddressB, Port + 1, n.Now);
            if (!n.StepUntilEvent(n.TcpA, client, TcpEvents.Refused | TcpEvents.Reset, 500)) return "no RST came back from the closed port";
            if (n.TcpA.GetState(client) != TcpState.Closed) return "the connection is in " + StateName(n.TcpA.GetState(client)) + " after the RST";
            if (n.TcpB.Counters.ResetsSent == 0) return "B did not count the RST it sent";
            return null;
        }

        // ---------------- helpers ----------------

        private SelfTestNetwork NewNetwork(int cableDelayMs)
        {
            return new SelfTestNetwork(_profile, _profile.RingSize, cableDelayMs);
        }

        private static string Open(SelfTestNetwork n, out int client, out int server)
        {
            int listener = n.TcpB.Listen(Port);
            client = n.TcpA.Connect(SelfTestNetwork.AddressB, Port, n.Now);
            server = TcpStack.NoHandle;
            if (!n.StepUntilState(n.TcpA, client, TcpState.Established, 500)) return "the handshake did not complete";
            server = n.StepUntilAccepted(listener, 500);
            if (server == TcpStack.NoHandle) return "the listener accepted nothing";
            return null;
        }

        internal static string StateName(TcpState s)
        {
            switch (s)
            {
                case TcpState.Closed: return "CLOSED";
                case TcpState.Listen: return "LISTEN";
                case TcpState.SynSent: return "SYN-SENT";
                case TcpState.SynReceived: return "SYN-RECEIVED";
                case TcpState.Established: return "ESTABLISHED";
                case TcpState.FinWait1: return "FIN-WAIT-1";
                case TcpState.FinWait2: return "FIN-WAIT-2";
                case TcpState.CloseWait: return "CLOSE-WAIT";
                case TcpState.Closing: return "CLOSING";
                case TcpState.LastAck: return "LAST-ACK";
                default: return "TIME-WAIT";
            }
        }

        private sealed class StateRecorder : ITcpTrace
        {
            public int ClosingSeen;
            public void StateChanged(int slot, TcpState from, TcpState to, long nowMs)
            {
                if (to == TcpState.Closing) ClosingSeen++;
            }
        }
    }
}
