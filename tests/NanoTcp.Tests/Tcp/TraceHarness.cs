using System;
using System.Collections.Generic;
using System.Text;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>One segment as seen on the wire, for trace assertions.</summary>
    public sealed class SentSegment
    {
        public uint Destination;
        public int SourcePort, DestinationPort;
        public uint Seq, Ack;
        public int Flags, Window, Urgent, Mss;
        public byte[] Payload;

        public bool Has(int f) => (Flags & f) != 0;

        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append('[');
            if (Has(TcpHeader.Syn)) sb.Append("SYN,");
            if (Has(TcpHeader.Fin)) sb.Append("FIN,");
            if (Has(TcpHeader.Rst)) sb.Append("RST,");
            if (Has(TcpHeader.Psh)) sb.Append("PSH,");
            if (Has(TcpHeader.Ack)) sb.Append("ACK,");
            if (Has(TcpHeader.Urg)) sb.Append("URG,");
            sb.Append("] seq=").Append(Seq).Append(" ack=").Append(Ack).Append(" win=").Append(Window)
              .Append(" len=").Append(Payload.Length);
            if (Mss != 0) sb.Append(" mss=").Append(Mss);
            if (Has(TcpHeader.Urg)) sb.Append(" up=").Append(Urgent);
            return sb.ToString();
        }

        public static SentSegment Parse(uint src, uint dst, byte[] b, int off, int len)
        {
            var seg = new TcpSegment();
            Assert.True(TcpHeader.TryParse(b, off, len, seg), "stack sent an unparsable segment");
            Assert.True(TcpHeader.VerifyChecksum(src, dst, b, off, len), "stack sent a bad checksum (MUST-2)");
            var p = new byte[seg.PayloadLength];
            Array.Copy(b, seg.PayloadOffset, p, 0, p.Length);
            return new SentSegment
            {
                Destination = dst, SourcePort = seg.SourcePort, DestinationPort = seg.DestinationPort,
                Seq = seg.Sequence, Ack = seg.Acknowledgment, Flags = seg.Flags, Window = seg.Window,
                Urgent = seg.UrgentPointer, Mss = seg.Mss, Payload = p,
            };
        }
    }

    /// <summary>IIpSender that records every segment the stack sends.</summary>
    public sealed class CaptureIp : IIpSender
    {
        public uint LocalAddress { get; set; }
        public byte[] TransmitBuffer { get; } = new byte[1514];
        public int TransportOffset => 34;
        public int MaxTransportLength { get; set; } = 1480;
        public readonly List<SentSegment> Sent = new List<SentSegment>();
        public bool Refuse;

        public bool SendIpv4(uint destinationIp, byte protocol, int transportLength, long nowMs)
        {
            Assert.Equal(6, protocol);
            if (Refuse) return false;
            Sent.Add(SentSegment.Parse(LocalAddress, destinationIp, TransmitBuffer, TransportOffset, transportLength));
            return true;
        }
    }

    public sealed class StateLog : ITcpTrace
    {
        public readonly List<(int Slot, TcpState From, TcpState To, long Now)> Changes = new();
        public void StateChanged(int slot, TcpState from, TcpState to, long nowMs) => Changes.Add((slot, from, to, nowMs));
        public string Path(int slot)
        {
            var sb = new StringBuilder();
            foreach (var c in Changes)
                if (c.Slot == slot) sb.Append(c.From).Append("->").Append(c.To).Append(' ');
            return sb.ToString().Trim();
        }
    }

    /// <summary>
    /// A TCP stack under test with a scripted peer (RFC 9293 3.10 traces, smoltcp style):
    /// Deliver a segment, Poll, then Expect exactly the segments the stack sent.
    /// Our side is 192.0.2.1, the peer 192.0.2.2:PeerPort.
    /// </summary>
    public sealed class TcpTrace
    {
        public static readonly uint Local = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint Remote = Ipv4Address.Make(192, 0, 2, 2);
        public const int LocalPort = 80;
        public const int PeerPort = 40000;

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

        public TcpTrace(uint iss = 1000, uint peerIss = 5000, Action<TcpOptions> configure = null)
        {
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

        // ---------------- driving ----------------

        public byte[] Build(int flags, uint seq, uint ack, int window = 8192, byte[] payload = null, int mss = 0,
            int urgent = 0, int srcPort = PeerPort, int dstPort = -1, byte[] options = null)
        {
            payload ??= Array.Empty<byte>();
            int optLen = options?.Length ?? (mss > 0 ? 4 : 0);
            var b = new byte[20 + optLen + payload.Length];
            int h = TcpHeader.Write(b, 0, srcPort, dstPort < 0 ? OurPort : dstPort, seq, ack, flags, window, urgent, options == null ? mss : 0);
            if (options != null)
            {
                b[12] = (byte)(((20 + optLen) / 4) << 4);
                Array.Copy(options, 0, b, 20, optLen);
                h = 20 + optLen;
            }
            Array.Copy(payload, 0, b, h, payload.Length);
            TcpHeader.FinishChecksum(b, 0, b.Length, Remote, Local);
            return b;
        }

        /// <summary>Delivers one segment from the peer and polls once.</summary>
        public void Deliver(int flags, uint seq, uint ack, int window = 8192, byte[] payload = null, int mss = 0,
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

        // ---------------- expectations ----------------

        public List<SentSegment> Take()
        {
            var l = new List<SentSegment>(Ip.Sent);
            Ip.Sent.Clear();
            return l;
        }

        public SentSegment ExpectOne(int flags, uint seq, uint ack, int payloadLength = 0)
        {
            var sent = Take();
            Assert.True(sent.Count == 1, "expected exactly one segment, got " + sent.Count + ": " + string.Join(" | ", sent));
            AssertSegment(sent[0], flags, seq, ack, payloadLength);
            return sent[0];
        }

        public static void AssertSegment(SentSegment w, int flags, uint seq, uint ack, int payloadLength = 0)
        {
            Assert.True(w.Flags == flags, "flags: expected " + new SentSegment { Flags = flags, Payload = Array.Empty<byte>() } + " got " + w);
            Assert.True(w.Seq == seq, "seq: expected " + seq + " got " + w);
            if ((flags & TcpHeader.Ack) != 0) Assert.True(w.Ack == ack, "ack: expected " + ack + " got " + w);
            Assert.True(w.Payload.Length == payloadLength, "len: expected " + payloadLength + " got " + w);
        }

        public void ExpectNothing()
        {
            var sent = Take();
            Assert.True(sent.Count == 0, "expected nothing, got " + string.Join(" | ", sent));
        }

        public TcpState State => Stack.GetState(Conn);

        // ---------------- fixtures: a connection in each state ----------------

        public const int SA = TcpHeader.Syn | TcpHeader.Ack;
        public const int A = TcpHeader.Ack;
        public const int FA = TcpHeader.Fin | TcpHeader.Ack;
        public const int PA = TcpHeader.Psh | TcpHeader.Ack;
        public const int R = TcpHeader.Rst;
        public const int S = TcpHeader.Syn;

        /// <summary>LISTEN, SYN in: SYN-RECEIVED (passive). Our SYN-ACK checked.</summary>
        public TcpTrace SynReceived(int peerWindow = 8192)
        {
            Listener = Stack.Listen(LocalPort);
            Deliver(S, PeerIss, 0, peerWindow, mss: 1460);
            ExpectOne(SA, Iss, PeerIss + 1);
            PeerNxt = PeerIss + 1;
            return this;
        }

        /// <summary>Passive open to ESTABLISHED and accepted.</summary>
        public TcpTrace Established(int peerWindow = 8192)
        {
            SynReceived(peerWindow);
            Deliver(A, PeerNxt, Iss + 1, peerWindow);
            ExpectNothing();
            Conn = Stack.Accept(Listener);
            Assert.NotEqual(TcpStack.NoHandle, Conn);
            Assert.Equal(TcpState.Established, State);
            return this;
        }

        /// <summary>Active open: CLOSED -> SYN-SENT, our SYN checked.</summary>
        public TcpTrace SynSent()
        {
            Conn = Stack.Connect(Remote, PeerPort, Now);
            OurPort = Stack.LocalPort(Conn);
            var syn = ExpectOne(S, Iss, 0);
            Assert.Equal(OurMss, syn.Mss);
            Assert.Equal(TcpState.SynSent, State);
            return this;
        }

        public TcpTrace ActiveEstablished(int peerWindow = 8192)
        {
            SynSent();
            Deliver(SA, PeerIss, Iss + 1, peerWindow, mss: 1460);
            ExpectOne(A, Iss + 1, PeerIss + 1);
            PeerNxt = PeerIss + 1;
            Assert.Equal(TcpState.Established, State);
            return this;
        }

        /// <summary>ESTABLISHED, Close: FIN-WAIT-1 with our FIN at Iss+1 sent.</summary>
        public TcpTrace FinWait1()
        {
            Established();
            Stack.Close(Conn);
            Poll();
            ExpectOne(FA, Iss + 1, PeerNxt);
            Assert.Equal(TcpState.FinWait1, State);
            return this;
        }

        public TcpTrace FinWait2()
        {
            FinWait1();
            Deliver(A, PeerNxt, Iss + 2);
            ExpectNothing();
            Assert.Equal(TcpState.FinWait2, State);
            return this;
        }

        public TcpTrace CloseWait()
        {
            Established();
            Deliver(FA, PeerNxt, Iss + 1);
            PeerNxt++;
            ExpectOne(A, Iss + 1, PeerNxt);
            Assert.Equal(TcpState.CloseWait, State);
            return this;
        }

        public TcpTrace LastAck()
        {
            CloseWait();
            Stack.Close(Conn);
            Poll();
            ExpectOne(FA, Iss + 1, PeerNxt);
            Assert.Equal(TcpState.LastAck, State);
            return this;
        }

        public TcpTrace Closing()
        {
            FinWait1();
            Deliver(FA, PeerNxt, Iss + 1); // peer's FIN, not yet acking ours
            PeerNxt++;
            ExpectOne(A, Iss + 2, PeerNxt);
            Assert.Equal(TcpState.Closing, State);
            return this;
        }

        public TcpTrace TimeWait()
        {
            FinWait2();
            Deliver(FA, PeerNxt, Iss + 2);
            PeerNxt++;
            ExpectOne(A, Iss + 2, PeerNxt);
            Assert.Equal(TcpState.TimeWait, State);
            return this;
        }

        public static byte[] Bytes(int n, int seed = 1)
        {
            var b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte)(i * 7 + seed);
            return b;
        }
    }
}
