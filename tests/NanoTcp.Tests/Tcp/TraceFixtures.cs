using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    // A connection in each state of RFC 9293 3.3.2, reached by the segments of a real
    // exchange, every one of ours checked whole on the way (smoltcp's per-state fixtures).
    public sealed partial class TcpTrace
    {
        public const TcpFlags S = TcpFlags.Syn;
        public const TcpFlags SA = TcpFlags.Syn | TcpFlags.Ack;
        public const TcpFlags A = TcpFlags.Ack;
        public const TcpFlags FA = TcpFlags.Fin | TcpFlags.Ack;
        public const TcpFlags PA = TcpFlags.Psh | TcpFlags.Ack;
        public const TcpFlags R = TcpFlags.Rst;
        public const TcpFlags RA = TcpFlags.Rst | TcpFlags.Ack;
        public const TcpFlags F = TcpFlags.Fin;
        public const TcpFlags U = TcpFlags.Urg;
        public const TcpFlags P = TcpFlags.Psh;

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
            ExpectOne(S, Iss, 0);
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

        /// <summary>The fixture named by a TcpState's name (for theories over states).</summary>
        public TcpTrace In(string state)
        {
            return state switch
            {
                "Established" => Established(),
                "FinWait1" => FinWait1(),
                "FinWait2" => FinWait2(),
                "CloseWait" => CloseWait(),
                "Closing" => Closing(),
                "LastAck" => LastAck(),
                "TimeWait" => TimeWait(),
                "SynReceived" => SynReceived(),
                "SynSent" => SynSent(),
                _ => throw new System.ArgumentException("no fixture for " + state, nameof(state)),
            };
        }
    }
}
