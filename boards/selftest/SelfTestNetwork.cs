using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.SelfTest
{
    /// <summary>
    /// Two complete stacks (A = 192.0.2.1, B = 192.0.2.2) joined by the portable in-memory
    /// cable, on a virtual clock. Step() polls both once and moves the clock to the next
    /// deadline, never more than MaxStepMs at a time, so loops that wait for an event are
    /// bounded by a step count rather than by wall time.
    /// </summary>
    internal sealed class SelfTestNetwork
    {
        public const int MaxStepMs = 10;
        public static readonly uint AddressA = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint AddressB = Ipv4Address.Make(192, 0, 2, 2);

        public readonly Cable Cable;
        public readonly SegmentLog LogA;
        public readonly SegmentLog LogB;
        public readonly NetworkInterface A;
        public readonly NetworkInterface B;
        public readonly TcpStack TcpA;
        public readonly TcpStack TcpB;
        public long Now;

        public SelfTestNetwork(int ringSize) : this(ringSize, 0) { }

        /// <summary>cableDelayMs &gt; 0 keeps frames in flight for a while, so that segments sent
        /// in the same instant cross on the wire (simultaneous close).</summary>
        public SelfTestNetwork(int ringSize, int cableDelayMs)
        {
            CableOptions cable = new CableOptions();
            cable.DelayMs = cableDelayMs;
            cable.MacA = new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
            cable.MacB = new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
            Cable = new Cable(cable, 64);
            LogA = new SegmentLog(Cable.EndA);
            LogB = new SegmentLog(Cable.EndB);
            A = new NetworkInterface(LogA, Options(ringSize, 1));
            B = new NetworkInterface(LogB, Options(ringSize, 2));
            TcpA = new TcpStack(A, A.Options);
            TcpB = new TcpStack(B, B.Options);
            A.AddTransport(TcpA);
            B.AddTransport(TcpB);
            Now = 1000;
            A.SetStaticAddress(AddressA, Ipv4Address.MaskFromPrefix(24), 0, Now);
            B.SetStaticAddress(AddressB, Ipv4Address.MaskFromPrefix(24), 0, Now);
        }

        private static StackOptions Options(int ringSize, byte seed)
        {
            StackOptions o = new StackOptions();
            o.TcpReceiveBufferSize = ringSize;
            o.TcpSendBufferSize = ringSize;
            o.TcpMslMs = 1000; // a short 2MSL keeps the self-test quick; the RFC default is 2 minutes
            o.Secret = new byte[16];
            for (int i = 0; i < 16; i++) o.Secret[i] = (byte)(seed * 31 + i * 7);
            return o;
        }

        /// <summary>Polls both stacks once, then advances the clock.</summary>
        public void Step()
        {
            Cable.SetTime(Now);
            A.Poll(Now);
            B.Poll(Now);
            long next = A.NextDeadline(Now);
            long d = B.NextDeadline(Now);
            if (d < next) next = d;
            d = Cable.NextDeliveryMs;
            if (d < next) next = d;
            if (next <= Now) next = Now + 1;
            if (next > Now + MaxStepMs) next = Now + MaxStepMs;
            Now = next;
        }

        /// <summary>Steps until the given connection's state is reached or the bound passes.</summary>
        public bool StepUntilState(TcpStack tcp, int handle, TcpState state, int maxSteps)
        {
            for (int i = 0; i < maxSteps; i++)
            {
                if (tcp.GetState(handle) == state) return true;
                Step();
            }
            return tcp.GetState(handle) == state;
        }

        public bool StepUntilEvent(TcpStack tcp, int handle, TcpEvents ev, int maxSteps)
        {
            for (int i = 0; i < maxSteps; i++)
            {
                if ((tcp.GetEvents(handle) & ev) != 0) return true;
                Step();
            }
            return (tcp.GetEvents(handle) & ev) != 0;
        }

        public int StepUntilAccepted(int listener, int maxSteps)
        {
            for (int i = 0; i < maxSteps; i++)
            {
                int h = TcpB.Accept(listener);
                if (h != TcpStack.NoHandle) return h;
                Step();
            }
            return TcpStack.NoHandle;
        }
    }
}
