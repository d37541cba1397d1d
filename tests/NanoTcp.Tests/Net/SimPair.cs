using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Simulation;
using NanoTcp.Wire;

namespace NanoTcp.Tests.Net
{
    /// <summary>
    /// Two NetworkInterfaces on one Cable, driven by one VirtualClock: A is 192.0.2.1 and B is
    /// 192.0.2.2 (/24) unless configure is false. RunFor jumps the clock from deadline to
    /// deadline, so simulated minutes cost microseconds. Allocation-free after construction.
    /// </summary>
    public sealed class SimPair
    {
        public static readonly uint AddressA = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint AddressB = Ipv4Address.Make(192, 0, 2, 2);
        public static readonly uint Mask = Ipv4Address.MaskFromPrefix(24);

        public readonly VirtualClock Clock = new VirtualClock(1000);
        public readonly Cable Cable;
        public readonly NetworkInterface A;
        public readonly NetworkInterface B;
        /// <summary>The devices A and B run on (cable ends, or pcap writers around them).</summary>
        public readonly INetDevice DeviceA, DeviceB;

        public SimPair(CableOptions cable = null, NetOptions a = null, NetOptions b = null, bool configure = true,
                       System.Func<INetDevice, INetDevice> wrapA = null, System.Func<INetDevice, INetDevice> wrapB = null)
        {
            Cable = new Cable(cable ?? new CableOptions(), 64);
            DeviceA = wrapA != null ? wrapA(Cable.EndA) : Cable.EndA;
            DeviceB = wrapB != null ? wrapB(Cable.EndB) : Cable.EndB;
            A = new NetworkInterface(DeviceA, a ?? new NetOptions());
            B = new NetworkInterface(DeviceB, b ?? new NetOptions());
            if (configure)
            {
                A.SetStaticAddress(AddressA, Mask, 0, Now);
                B.SetStaticAddress(AddressB, Mask, 0, Now);
            }
        }

        public long Now => Clock.NowMs;

        /// <summary>Called after every poll round (for test servers living on B); null for none.</summary>
        public System.Action<long> AfterPoll;

        /// <summary>Polls both sides at the current time until the cable has nothing due.</summary>
        public void PollAll()
        {
            Cable.SetTime(Clock.NowMs);
            for (int i = 0; i < 1000; i++)
            {
                A.Poll(Clock.NowMs);
                B.Poll(Clock.NowMs);
                if (AfterPoll != null) AfterPoll(Clock.NowMs);
                if (Cable.NextDeliveryMs > Clock.NowMs) return;
            }
        }

        /// <summary>Runs ms of virtual time, jumping to the next deadline or delivery each step.</summary>
        public void RunFor(long ms)
        {
            long end = Clock.NowMs + ms;
            PollAll();
            while (Clock.NowMs < end)
            {
                long now = Clock.NowMs;
                long next = end;
                long d = A.NextDeadline(now); if (d < next) next = d;
                d = B.NextDeadline(now); if (d < next) next = d;
                d = Cable.NextDeliveryMs; if (d < next) next = d;
                if (next <= now) next = now + 1;
                Clock.AdvanceTo(next);
                PollAll();
            }
        }
    }
}
