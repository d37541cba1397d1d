using System;
using System.Collections.Generic;
using System.Text;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Testing;
using NanoTcp.Wire;
using Xunit;
using Xunit.Sdk;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// A TCP stack under test with a scripted peer (RFC 9293 3.10 traces, smoltcp style):
    /// Deliver a segment, Poll, then Expect exactly the segments the stack sent, compared
    /// whole (flags, ports, seq, ack, window, urgent pointer, options, payload bytes), and
    /// nothing else. Our side is 192.0.2.1:80 (or an ephemeral port), the peer
    /// 192.0.2.2:PeerPort. Sequence numbers start just below 2^32 so every trace crosses the
    /// wrap. Made through <see cref="TraceTest.Trace"/>; when the test ends, every segment
    /// sent must have been expected and the stack must drain to empty (TcpLeakCheck).
    /// </summary>
    public sealed partial class TcpTrace : IEndOfTest
    {
        public static readonly uint Local = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint Remote = Ipv4Address.Make(192, 0, 2, 2);
        public const int LocalPort = 80;
        public const int PeerPort = 40000;

        /// <summary>Our ISS: lwIP's tests start at 0xFFFFFF00, so our data wraps after 255 bytes.</summary>
        public const uint DefaultIss = 0xFFFFFF00;
        /// <summary>The peer's ISS: -1001 (smoltcp's tests use -10001): the peer's first
        /// full-size segment and the 4 KiB receive ring both cross the wrap.</summary>
        public const uint DefaultPeerIss = unchecked((uint)-1001);

        public readonly CaptureIp Ip = new CaptureIp();
        public readonly StateLog States = new StateLog();
        public readonly TcpStack Stack;
        public readonly TcpOptions Options;
        public long Now = 1000;

        /// <summary>Our ISS (fixed through the test hook) and the peer's.</summary>
        public uint Iss;
        public uint PeerIss;
        public int Listener = TcpStack.NoHandle;
        public int Conn = TcpStack.NoHandle;
        public int OurPort = LocalPort;
        /// <summary>Next sequence number the peer sends / next it expects from us.</summary>
        public uint PeerNxt;

        // What the application queued, per connection (our port, peer port): the bytes every
        // data segment must carry at its sequence number. Base = that connection's ISS + 1.
        private readonly Dictionary<(int, int), List<byte>> _streams = new();
        private readonly Dictionary<(int, int), uint> _streamBase = new();
        private bool _ended;

        internal TcpTrace(TraceTest owner, uint iss, uint peerIss, Action<TcpOptions> configure)
        {
            if (owner == null) throw new ArgumentNullException(nameof(owner), "Make traces with TraceTest.Trace(...) so the leak check runs when the test ends.");
            owner.Register(this);
            Options = new TcpOptions { Secret = new byte[16] };
            configure?.Invoke(Options);
            Ip.LocalAddress = Local;
            Stack = new TcpStack(Ip, Options);
            Stack.Trace = States;
            Stack.FixedIsnSet = true;
            Stack.FixedIsn = iss;
            Iss = iss;
            PeerIss = peerIss;
        }

        public int OurMss => Ip.MaxTransportLength - 20;

        public TcpState State => Stack.GetState(Conn);

        // ---------------- the peer's side ----------------

        /// <summary>The peer's segment (to our port unless dstPort says otherwise).</summary>
        public RawSegment PeerSegment(TcpFlags flags, uint seq, uint ack, int window = 8192, byte[] payload = null, int mss = 0,
            int urgent = 0, int srcPort = PeerPort, int dstPort = -1, byte[] options = null)
            => new RawSegment(srcPort, dstPort < 0 ? OurPort : dstPort, seq, ack, flags, window, payload, urgent, mss) { Options = options };

        public byte[] Build(TcpFlags flags, uint seq, uint ack, int window = 8192, byte[] payload = null, int mss = 0,
            int urgent = 0, int srcPort = PeerPort, int dstPort = -1, byte[] options = null)
            => PeerSegment(flags, seq, ack, window, payload, mss, urgent, srcPort, dstPort, options).ToBytes(Remote, Local);

        /// <summary>Delivers one segment from the peer and polls once.</summary>
        public void Deliver(TcpFlags flags, uint seq, uint ack, int window = 8192, byte[] payload = null, int mss = 0,
            int urgent = 0, int srcPort = PeerPort, int dstPort = -1, byte[] options = null, bool poll = true)
        {
            var b = Build(flags, seq, ack, window, payload, mss, urgent, srcPort, dstPort, options);
            Stack.Input(Remote, Local, b, 0, b.Length, Now);
            if (poll) Stack.Poll(Now);
        }

        public void Poll() => Stack.Poll(Now);

        /// <summary>Moves the virtual clock, polling at every deadline on the way.</summary>
        public void Advance(long ms)
        {
            long end = Now + ms;
            for (int guard = 0; guard < 100000; guard++)
            {
                long d = Stack.NextDeadline(Now);
                if (d > end) break;
                if (d > Now) Now = d;
                Stack.Poll(Now);
                if (d <= Now && Stack.NextDeadline(Now) <= Now && guard > 99990) throw new Exception("poll loop does not settle");
            }
            Now = end;
            Stack.Poll(Now);
        }

        // ---------------- the application's side ----------------

        /// <summary>Queues data on Conn through Stack.Send and remembers the bytes taken, so
        /// every later data segment is checked byte for byte. Returns how many were taken.</summary>
        public int Send(byte[] data) => Send(Conn, data);

        public int Send(int connection, byte[] data)
        {
            int n = Stack.Send(connection, data, 0, data.Length);
            Remember(connection, data, n);
            return n;
        }

        /// <summary>Stack.SendUrgent, remembered like <see cref="Send(byte[])"/>.</summary>
        public int SendUrgent(byte[] data)
        {
            int n = Stack.SendUrgent(Conn, data, 0, data.Length);
            Remember(Conn, data, n);
            return n;
        }

        private void Remember(int connection, byte[] data, int n)
        {
            var key = (Stack.LocalPort(connection), Stack.RemotePort(connection));
            if (!_streams.TryGetValue(key, out List<byte> stream))
            {
                stream = new List<byte>();
                _streams[key] = stream;
                _streamBase[key] = Stack.Lookup(connection).Iss + 1;
            }
            for (int i = 0; i < n; i++) stream.Add(data[i]);
        }

        /// <summary>The len bytes the application queued on this connection at sequence number seq.</summary>
        public byte[] QueuedBytes(int ourPort, int peerPort, uint seq, int len)
        {
            if (len == 0) return Array.Empty<byte>();
            if (!_streams.TryGetValue((ourPort, peerPort), out List<byte> stream))
                throw new XunitException("expected " + len + " payload bytes on " + ourPort + "->" + peerPort
                    + " but the test queued none there through TcpTrace.Send (or pass payload:)");
            int at = unchecked((int)(seq - _streamBase[(ourPort, peerPort)]));
            if (at < 0 || at + len > stream.Count)
                throw new XunitException("expected payload at seq " + seq + " (stream offset " + at + ", " + len
                    + " bytes) lies outside the " + stream.Count + " bytes the application queued");
            return stream.GetRange(at, len).ToArray();
        }

        // ---------------- expectations ----------------

        /// <summary>
        /// The segment our side should send, every field filled: ports of the trace (or given),
        /// SEG.WND as the receive ring's free space (0 on RST), the MSS option on SYNs only,
        /// urgent pointer 0, and the payload the application queued at seq.
        /// </summary>
        public RawSegment Seg(TcpFlags flags, uint seq, uint ack, int len = 0, int? window = null, int urgent = 0,
            int? mss = null, byte[] payload = null, int srcPort = -1, int dstPort = PeerPort)
        {
            int sport = srcPort < 0 ? OurPort : srcPort;
            byte[] p = payload ?? QueuedBytes(sport, dstPort, seq, len);
            Assert.True(p.Length == len, "Seg: payload of " + p.Length + " bytes but len " + len);
            int w = window ?? ((flags & TcpFlags.Rst) != 0 ? 0 : FreeReceiveWindow(sport, dstPort));
            int m = mss ?? ((flags & TcpFlags.Syn) != 0 ? OurMss : 0);
            return new RawSegment(sport, dstPort, seq, ack, flags, w, p, urgent, m) { SourceIp = Local, DestinationIp = Remote };
        }

        /// <summary>Free space of the receive ring of the connection on these ports (the
        /// whole ring when none), capped at what 16 bits hold: the window we should offer.</summary>
        public int FreeReceiveWindow(int ourPort, int peerPort)
        {
            int free = Options.ReceiveBufferSize;
            for (int i = 0; i < Stack.ConnectionSlots; i++)
            {
                if (Stack.IsSlotInUse(i) && Stack.GetSlotLocalPort(i) == ourPort && Stack.GetSlotRemotePort(i) == peerPort)
                {
                    free -= Stack.GetSlotReceiveQueued(i);
                }
            }
            return free > 65535 ? 65535 : free;
        }

        /// <summary>Exactly these segments were sent since the last expectation, in this
        /// order, each equal in every field; and nothing else. Consumes them.</summary>
        public IReadOnlyList<RawSegment> Expect(params RawSegment[] expected)
        {
            var got = Take();
            bool ok = got.Count == expected.Length;
            for (int i = 0; ok && i < expected.Length; i++) ok = expected[i].SameAs(got[i]);
            if (!ok)
            {
                var m = new StringBuilder("expected exactly:");
                foreach (RawSegment e in expected) m.Append("\n  ").Append(e);
                if (expected.Length == 0) m.Append("\n  (nothing)");
                m.Append("\nbut the stack sent:");
                for (int i = 0; i < got.Count; i++)
                {
                    m.Append("\n  ").Append(got[i]);
                    if (i < expected.Length && !expected[i].SameAs(got[i])) m.Append("   <- expected/got:").Append(' ').Append(expected[i].Differences(got[i]));
                }
                if (got.Count == 0) m.Append("\n  (nothing)");
                throw new XunitException(m.ToString());
            }
            return got;
        }

        /// <summary>Exactly one segment, equal to Seg(...) in every field, and nothing else.</summary>
        public RawSegment ExpectOne(TcpFlags flags, uint seq, uint ack, int payloadLength = 0, int? window = null, int urgent = 0,
            int? mss = null, byte[] payload = null, int srcPort = -1, int dstPort = PeerPort)
            => Expect(Seg(flags, seq, ack, payloadLength, window, urgent, mss, payload, srcPort, dstPort))[0];

        public void ExpectNothing() => Expect();

        /// <summary>One or more copies of exactly this segment (retransmissions, probes) and
        /// nothing else; returns how many.</summary>
        public int ExpectRepeated(RawSegment expected)
        {
            var got = Take();
            if (got.Count == 0) throw new XunitException("expected one or more of\n  " + expected + "\nbut the stack sent nothing");
            foreach (RawSegment g in got)
            {
                if (!expected.SameAs(g))
                    throw new XunitException("expected only copies of\n  " + expected + "\nbut the stack sent\n  " + g + "   <- expected/got: " + expected.Differences(g));
            }
            return got.Count;
        }

        /// <summary>Everything sent since the last expectation, unexamined (prefer Expect).</summary>
        public List<RawSegment> Take()
        {
            var l = new List<RawSegment>(Ip.Sent);
            Ip.Sent.Clear();
            return l;
        }

        // ---------------- end of test ----------------

        /// <summary>
        /// Run by TraceTest when the test ends: every segment sent was expected (or taken), then
        /// the application lets go of everything, the clock runs with a silent peer until the
        /// stack wants no poll (at most TcpLeakCheck.DrainBoundMs), and nothing may be left.
        /// </summary>
        public void EndOfTest()
        {
            if (_ended) return;
            _ended = true;
            if (Ip.Sent.Count > 0)
                throw new XunitException("the stack sent segments the test never expected (end with ExpectNothing, Expect or Take):\n  "
                    + string.Join("\n  ", Ip.Sent));
            Ip.Refuse = false;
            TcpLeakCheck.ApplicationLetsGo(Stack);
            Drain();
            if (TcpLeakCheck.AbortWaitingFinWait2Orphans(Stack) > 0) Drain();
            TcpLeakCheck.AssertNone(Stack, Now, "after the application let go and " + (Now - _drainStart) / 1000 + " s with a silent peer");
        }

        private long _drainStart = -1;

        private void Drain()
        {
            if (_drainStart < 0) _drainStart = Now;
            long limit = _drainStart + TcpLeakCheck.DrainBoundMs;
            for (int guard = 0; guard < 100000; guard++)
            {
                long d = Stack.NextDeadline(Now);
                if (d == long.MaxValue || d > limit) break;
                if (d > Now) Now = d;
                Stack.Poll(Now);
                Ip.Sent.Clear(); // the peer is gone: what the stack still says is heard by no one
            }
        }

        public static byte[] Bytes(int n, int seed = 1)
        {
            var b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte)(i * 7 + seed);
            return b;
        }
    }
}
