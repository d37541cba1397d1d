using System;
using System.Collections.Generic;
using System.Text;
using NanoTcp.Tcp;
using Xunit.Sdk;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// After a test: is every pooled thing of a TcpStack back home? Like lwIP's unit tests
    /// (tcp_remove_all, then MEMP statistics must show nothing in use), but the stack must get
    /// there on its own: the application closes every handle it still holds and stops its
    /// listeners, the clock runs with a silent peer, and then no connection slot is in use,
    /// no ring holds a byte, no out-of-order range is kept, no timer is armed, no listener
    /// backlog is counted and nothing waits to be sent.
    /// </summary>
    public static class TcpLeakCheck
    {
        /// <summary>
        /// An orphan (closed by the application) in FIN-WAIT-2 whose peer never sends its FIN
        /// used to have no timeout in the engine, and the drain aborted such orphans. The engine
        /// now frees them after TcpOptions.FinWait2TimeoutMs (issue #13), so nothing is
        /// tolerated: every state must come home by itself.
        /// </summary>
        public static readonly bool OrphanFinWait2MayWait = false;

        /// <summary>The longest virtual time the drain may take: far beyond R2, the SYN's R2,
        /// 2 MSL and every keep-alive bound of the options tests use.</summary>
        public const long DrainBoundMs = 24L * 60 * 60 * 1000;

        /// <summary>What the application does when it finishes: Close every handle it holds
        /// (a graceful close; the stack finishes it) and stop every listener.</summary>
        public static void ApplicationLetsGo(TcpStack stack)
        {
            for (int i = 0; i < stack.ConnectionSlots; i++)
            {
                TcpConnection c = stack.ConnectionAt(i);
                if (c.InUse && c.AppOwned) stack.Close(stack.HandleOfSlot(i));
            }
            for (int i = 0; i < stack.ListenerSlots; i++)
            {
                if (stack.ListenerAt(i).InUse) stack.StopListening(stack.HandleOfListener(i));
            }
        }

        /// <summary>Aborts the orphans <see cref="OrphanFinWait2MayWait"/> tolerates; returns how many.</summary>
        public static int AbortWaitingFinWait2Orphans(TcpStack stack)
        {
            if (!OrphanFinWait2MayWait) return 0;
            int n = 0;
            for (int i = 0; i < stack.ConnectionSlots; i++)
            {
                TcpConnection c = stack.ConnectionAt(i);
                if (c.InUse && !c.AppOwned && c.State == TcpState.FinWait2 && c.NextDeadline() == TcpConnection.Never)
                {
                    stack.Abort(stack.HandleOfSlot(i));
                    n++;
                }
            }
            return n;
        }

        /// <summary>
        /// The end of a test with two stacks that talk to each other: both applications let go,
        /// run(ms) moves the network on until neither stack wants a poll (bounded by
        /// DrainBoundMs), tolerated FIN-WAIT-2 orphans are aborted, and both must be clean.
        /// </summary>
        public static void DrainPair(TcpStack a, TcpStack b, Func<long> now, Action<long> run)
        {
            ApplicationLetsGo(a);
            ApplicationLetsGo(b);
            long start = now();
            for (int pass = 0; pass < 2; pass++)
            {
                for (int guard = 0; guard < 100_000 && now() - start < DrainBoundMs; guard++)
                {
                    if (a.NextDeadline(now()) == long.MaxValue && b.NextDeadline(now()) == long.MaxValue) break;
                    run(10_000);
                }
                if (AbortWaitingFinWait2Orphans(a) + AbortWaitingFinWait2Orphans(b) == 0) break;
            }
            string what = "after both applications let go and " + (now() - start) / 1000 + " s";
            AssertNone(a, now(), "stack A " + what);
            AssertNone(b, now(), "stack B " + what);
        }

        /// <summary>Everything still held, one line each; empty when the stack is clean.</summary>
        public static List<string> Leaks(TcpStack stack, long nowMs)
        {
            var leaks = new List<string>();
            for (int i = 0; i < stack.ConnectionSlots; i++)
            {
                TcpConnection c = stack.ConnectionAt(i);
                string slot = "slot " + i + " (" + c.State + ", port " + c.LocalPort + "->" + c.RemotePort + ")";
                if (c.InUse) leaks.Add(slot + " still in use" + (c.AppOwned ? " and owned by the application" : " by no one"));
                if (c.SendRing.Count != 0) leaks.Add(slot + " send ring holds " + c.SendRing.Count + " bytes");
                if (c.ReceiveRing.Count != 0) leaks.Add(slot + " receive ring holds " + c.ReceiveRing.Count + " bytes");
                if (!c.Gaps.IsEmpty) leaks.Add(slot + " keeps " + c.Gaps.Count + " out-of-order ranges");
                Timer(leaks, slot, "retransmission/persist", c.RetransmitAt);
                Timer(leaks, slot, "delayed-ACK", c.AckDueAt);
                Timer(leaks, slot, "TIME-WAIT", c.TimeWaitAt);
                Timer(leaks, slot, "keep-alive", c.KeepAliveAt);
                Timer(leaks, slot, "FIN-WAIT-2", c.FinWait2At);
                if (c.AckNow) leaks.Add(slot + " owes an ACK");
            }
            for (int i = 0; i < stack.ListenerSlots; i++)
            {
                TcpListener l = stack.ListenerAt(i);
                if (l.InUse) leaks.Add("listener " + i + " on port " + l.LocalPort + " still listening");
                if (l.Backlog != 0) leaks.Add("listener " + i + " counts a backlog of " + l.Backlog);
            }
            if (stack.IsOutputPending) leaks.Add("the stack still has output pending");
            long d = stack.NextDeadline(nowMs);
            if (d != long.MaxValue) leaks.Add("the stack still wants a poll at " + d);
            return leaks;
        }

        /// <summary>Throws (failing the test) with every leak listed, when there are any.</summary>
        public static void AssertNone(TcpStack stack, long nowMs, string what)
        {
            List<string> leaks = Leaks(stack, nowMs);
            if (leaks.Count == 0) return;
            var m = new StringBuilder("LEAK CHECK FAILED: " + what + ":");
            foreach (string l in leaks) m.Append("\n  ").Append(l);
            throw new XunitException(m.ToString());
        }

        private static void Timer(List<string> leaks, string slot, string name, long at)
        {
            if (at != TcpConnection.Never) leaks.Add(slot + " has its " + name + " timer armed for " + at);
        }
    }
}
