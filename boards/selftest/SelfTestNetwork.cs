using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.SelfTest
{
    /// <summary>
    /// Two complete devices (A = 192.0.2.1, B = 192.0.2.2) built by the device composition
    /// root (DeviceStack, no web server) and joined by the portable in-memory cable, on a
    /// virtual clock. Step() polls both once and moves the clock to the next deadline, never
    /// more than MaxStepMs at a time, so loops that wait for an event are bounded by a step
    /// count rather than by wall time.
    /// </summary>
    internal sealed class SelfTestNetwork
    {
        public const int MaxStepMs = 10;
        public static readonly uint AddressA = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint AddressB = Ipv4Address.Make(192, 0, 2, 2);

        public readonly Cable Cable;
        public readonly SegmentLog LogA;
        public readonly SegmentLog LogB;
        public readonly DeviceStack DeviceA;
        public readonly DeviceStack DeviceB;
        public readonly NetworkInterface A;
        public readonly NetworkInterface B;
        public readonly TcpStack TcpA;
        public readonly TcpStack TcpB;
        public long Now;
        private readonly int _cableFrames;

        /// <param name="ringSize">Ring size each way of every connection.</param>
        /// <param name="cableDelayMs">&gt; 0 keeps frames in flight for a while, so that segments
        /// sent in the same instant cross on the wire (simultaneous close).</param>
        public SelfTestNetwork(SelfTestProfile profile, int ringSize, int cableDelayMs)
        {
            CableOptions cable = new CableOptions();
            cable.DelayMs = cableDelayMs;
            cable.MaxFrameLength = profile.Mtu + NetworkInterface.EthernetHeaderLength;
            cable.MacA = new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
            cable.MacB = new byte[] { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
            _cableFrames = profile.CableFrames;
            Cable = new Cable(cable, _cableFrames);
            LogA = new SegmentLog(Cable.EndA);
            LogB = new SegmentLog(Cable.EndB);
            Now = 1000;
            DeviceA = new DeviceStack(Options(LogA, profile, ringSize, 1, AddressA));
            DeviceB = new DeviceStack(Options(LogB, profile, ringSize, 2, AddressB));
            DeviceA.Start(Now);
            DeviceB.Start(Now);
            A = DeviceA.Interface;
            B = DeviceB.Interface;
            TcpA = DeviceA.Tcp;
            TcpB = DeviceB.Tcp;
        }

        private static DeviceOptions Options(INetDevice device, SelfTestProfile profile, int ringSize, byte seed, uint address)
        {
            DeviceOptions o = new DeviceOptions();
            o.NetDevice = device;
            o.Name = seed == 1 ? "selftest A" : "selftest B";
            o.Chip = "cable";
            o.Address = AddressOptions.Static(address, 24, 0);
            o.Net.Mtu = profile.Mtu;
            o.Net.ArpCacheEntries = 1;
            o.Net.UdpSockets = 0;
            o.Tcp.Connections = profile.Connections;
            o.Tcp.Listeners = 1;
            o.Tcp.OutOfOrderSlots = 2;
            o.Tcp.ReceiveBufferSize = ringSize;
            o.Tcp.SendBufferSize = ringSize;
            o.Tcp.MslMs = 1000; // a short 2MSL keeps the self-test quick; the RFC default is 2 minutes
            // A fixed secret per side: the self-test is a check, not a server facing attackers,
            // and the same run every time helps compare boards.
            o.Tcp.Secret = new byte[16];
            for (int i = 0; i < 16; i++) o.Tcp.Secret[i] = (byte)(seed * 31 + i * 7);
            o.Http = null;
            o.StatusPage = false;
            o.Services = null;
            return o;
        }

        /// <summary>The cable's objects (itself, its two ends and options) and the two segment
        /// logs, in nanoCLR terms (MemoryReport's model).</summary>
        private const int CableAndLogObjectsBytes = 1400;

        /// <summary>Bytes both devices fixed (MemoryReport) plus the cable's frame slots.</summary>
        public long FixedBytes
        {
            get
            {
                CableOptions c = Cable.Options;
                int slots = MemoryReport.ReferenceArray(Capacity) + Capacity * MemoryReport.ByteArray(c.MaxFrameLength)
                    + MemoryReport.IntArray(Capacity) * 2 + MemoryReport.LongArray(Capacity) * 2;
                return DeviceA.Memory.Total + DeviceB.Memory.Total + slots + CableAndLogObjectsBytes;
            }
        }

        private int Capacity { get { return _cableFrames; } }

        /// <summary>Polls both stacks once, then advances the clock.</summary>
        public void Step()
        {
            Cable.SetTime(Now);
            DeviceA.Poll(Now);
            DeviceB.Poll(Now);
            long next = DeviceA.NextDeadline(Now);
            long d = DeviceB.NextDeadline(Now);
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
