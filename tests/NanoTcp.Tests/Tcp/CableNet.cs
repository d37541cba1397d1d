using System;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// Two complete stacks (NetworkInterface + TcpStack) joined by the in-memory Cable, on a
    /// virtual clock: Ethernet, ARP, IPv4 and TCP all take part, with the cable's seeded
    /// faults. Step() polls both sides once at Now; AdvanceToNextEvent() moves the clock to
    /// the earliest deadline of either stack or the cable. Nothing here allocates per frame.
    /// </summary>
    public sealed class CableNet : IEndOfTest
    {
        public static readonly uint AddressA = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint AddressB = Ipv4Address.Make(192, 0, 2, 2);
        public static readonly uint Mask = Ipv4Address.Make(255, 255, 255, 0);

        public readonly Cable Cable;
        public readonly NetworkInterface InterfaceA, InterfaceB;
        public readonly TcpStack A, B;
        public long Now;

        public CableNet(CableOptions faults, TcpOptions optionsA, TcpOptions optionsB, int framesInFlight = 256, long startMs = 1000)
        {
            Now = startMs;
            optionsA.Secret ??= Secret(0xA0);
            optionsB.Secret ??= Secret(0xB0);
            Cable = new Cable(faults, framesInFlight);
            Cable.SetTime(Now);
            InterfaceA = new NetworkInterface(Cable.EndA, new NetOptions());
            InterfaceB = new NetworkInterface(Cable.EndB, new NetOptions());
            InterfaceA.SetStaticAddress(AddressA, Mask, 0, Now);
            InterfaceB.SetStaticAddress(AddressB, Mask, 0, Now);
            A = new TcpStack(InterfaceA, optionsA);
            B = new TcpStack(InterfaceB, optionsB);
            InterfaceA.AddTransport(A);
            InterfaceB.AddTransport(B);
        }

        /// <summary>Every counter of both stacks, both interfaces and the cable, for failure messages.</summary>
        public string Describe()
        {
            var sb = new System.Text.StringBuilder();
            sb.Append("t=").Append(Now).Append(" ms");
            AppendFields(sb, "A.tcp", A.Counters);
            AppendFields(sb, "B.tcp", B.Counters);
            AppendFields(sb, "A.if", InterfaceA.Counters);
            AppendFields(sb, "B.if", InterfaceB.Counters);
            AppendFields(sb, "cable", Cable);
            return sb.ToString();
        }

        private static void AppendFields(System.Text.StringBuilder sb, string name, object o)
        {
            sb.Append("\n").Append(name).Append(':');
            foreach (var f in o.GetType().GetFields())
            {
                object v = f.GetValue(o);
                if (v is long l && l != 0) sb.Append(' ').Append(f.Name).Append('=').Append(l);
            }
        }

        private static byte[] Secret(byte seed)
        {
            var s = new byte[16];
            for (int i = 0; i < s.Length; i++) s[i] = (byte)(seed + 17 * i);
            return s;
        }

        /// <summary>Issue 4's cable: 5 % drop, 2 % duplication, 5 % reordering, 1 % bit flips, 1 ms each way.</summary>
        public static CableOptions Issue4Faults(int seed)
        {
            return new CableOptions
            {
                Seed = seed,
                DropRate = 0.05,
                DuplicateRate = 0.02,
                ReorderRate = 0.05,
                BitFlipRate = 0.01,
                DelayMs = 1,
                ReorderDelayMs = 3,
            };
        }

        /// <summary>Polls both interfaces (and so both stacks) once at Now.</summary>
        public void Step()
        {
            Cable.SetTime(Now);
            InterfaceA.Poll(Now);
            InterfaceB.Poll(Now);
        }

        /// <summary>Earliest moment anything is due: a stack timer or a frame on the cable.</summary>
        public long NextEvent()
        {
            long t = InterfaceA.NextDeadline(Now);
            long d = InterfaceB.NextDeadline(Now);
            if (d < t) t = d;
            d = Cable.NextDeliveryMs;
            if (d < t) t = d;
            return t;
        }

        /// <summary>
        /// Moves the clock to the next event, but at least 1 ms forward once `idleSteps`
        /// steps at the same moment passed (so a deadline that stays due cannot spin), and
        /// never past `limit`. Returns false when nothing at all is pending before `limit`.
        /// </summary>
        public bool AdvanceToNextEvent(long limit, ref int stepsAtThisTime)
        {
            long next = NextEvent();
            if (next <= Now)
            {
                if (++stepsAtThisTime < 64) return true;
                next = Now + 1;
            }
            stepsAtThisTime = 0;
            if (next > limit) { Now = limit; return false; }
            Now = next;
            return true;
        }

        /// <summary>Runs both sides without application activity for ms of virtual time.</summary>
        public void Run(long ms)
        {
            long end = Now + ms;
            int same = 0;
            for (int guard = 0; guard < 10_000_000; guard++)
            {
                Step();
                if (!AdvanceToNextEvent(end, ref same)) break;
            }
            Now = end;
            Step();
        }

        /// <summary>Both applications let go; both TCPs must then drain to empty (TcpLeakCheck),
        /// with the cable's faults still on: every path home has to survive them.</summary>
        public void EndOfTest() => TcpLeakCheck.DrainPair(A, B, () => Now, Run);

        /// <summary>Connects A to a listener on B and runs until both ends are established.</summary>
        public void Open(int port, out int clientOnA, out int serverOnB)
        {
            int listener = B.Listen(port);
            clientOnA = A.Connect(AddressB, port, Now);
            serverOnB = TcpStack.NoHandle;
            long end = Now + 300_000;
            int same = 0;
            while (Now < end)
            {
                Step();
                if (serverOnB == TcpStack.NoHandle) serverOnB = B.Accept(listener);
                if (serverOnB != TcpStack.NoHandle && A.GetState(clientOnA) == TcpState.Established) return;
                if (!AdvanceToNextEvent(end, ref same)) break;
            }
            throw new InvalidOperationException("no connection within 300 s of virtual time: A " + A.GetState(clientOnA));
        }
    }
}
