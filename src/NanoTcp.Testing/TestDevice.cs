using System;
using System.Collections.Generic;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Drivers.Enc28j60;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;
using NanoTcp.Simulation.Enc28j60;
using NanoTcp.Simulation.W5500;
using NanoTcp.Tcp;

namespace NanoTcp.Testing
{
    /// <summary>How the device under test reaches the network.</summary>
    public enum DeviceNic
    {
        /// <summary>The stack sits directly on the link: fastest, no driver code runs.</summary>
        MockNic,
        /// <summary>The real W5500Device driver over SPI to a register-level W5500 simulation.</summary>
        W5500,
        /// <summary>The real Enc28j60Device driver over SPI to a register-level ENC28J60 simulation.</summary>
        Enc28j60,
    }

    /// <summary>One TCP connection of the device as a test sees it.</summary>
    public readonly record struct ConnectionInfo(int Slot, TcpState State, string Local, string Remote, uint SndUna, uint SndNxt, uint RcvNxt);

    /// <summary>
    /// The device under test: the same NanoTcp stack a board runs, assembled by the same
    /// composition root (<see cref="DeviceStack"/>), on a simulated chip through the real
    /// driver, or on a mock NIC. Give it your device application with <see cref="Run"/>; the
    /// network polls both together. By default it has no web server and no services (your
    /// application brings its own); turn them on with the configure callback of
    /// <see cref="VirtualNetwork.AddDevice"/>.
    /// </summary>
    public sealed class TestDevice : INode
    {
        private readonly List<Action<long>> _apps = new List<Action<long>>();
        private readonly List<Func<long, long>> _appDeadlines = new List<Func<long, long>>();

        internal TestDevice(VirtualNetwork network, string name, DeviceNic nic, uint address, Action<DeviceOptions>? configure)
        {
            Name = name;
            Nic = nic;
            Address = address;
            byte[] mac = network.NextMac();
            Link = network.AttachLink(name, mac);
            INetDevice device;
            switch (nic)
            {
                case DeviceNic.W5500:
                    W5500Chip = new W5500Chip(Link.Cable.EndA);
                    W5500Driver = new W5500Device(W5500Chip, mac, null, NoDelay.Instance);
                    W5500Driver.Initialize();
                    device = W5500Driver;
                    DriverCounters = W5500Driver.Counters;
                    break;
                case DeviceNic.Enc28j60:
                    Enc28j60Chip = new Enc28j60Chip(Link.Cable.EndA);
                    Enc28j60Driver = new Enc28j60Device(Enc28j60Chip, mac, null, Enc28j60Chip.Delay); // the chip's own clock: CLKRDY after the reset wait
                    Enc28j60Driver.Initialize();
                    device = Enc28j60Driver;
                    DriverCounters = Enc28j60Driver.Counters;
                    break;
                default:
                    device = Link.Cable.EndA;
                    break;
            }
            var options = new DeviceOptions
            {
                NetDevice = device,
                DriverCounters = DriverCounters,
                Name = name,
                Chip = nic == DeviceNic.MockNic ? "mock NIC" : nic == DeviceNic.W5500 ? "W5500" : "ENC28J60",
                Entropy = new SeededEntropy(mac[5]),
                Address = AddressOptions.Static(address, VirtualNetwork.DefaultPrefixLength, 0),
                Http = null,
                StatusPage = false,
            };
            configure?.Invoke(options);
            Stack = new DeviceStack(options);
            Stack.Start(network.NowMs);
        }

        public string Name { get; }
        public DeviceNic Nic { get; }
        public uint Address { get; }
        public Link Link { get; }
        /// <summary>The whole device as the composition root built it.</summary>
        public DeviceStack Stack { get; }
        public NetworkInterface Interface => Stack.Interface;
        public TcpStack Tcp => Stack.Tcp;

        /// <summary>SPI transactions, bytes and frames of the driver (null on the mock NIC).</summary>
        public DriverCounters? DriverCounters { get; }
        public W5500Chip? W5500Chip { get; }
        public W5500Device? W5500Driver { get; }
        public Enc28j60Chip? Enc28j60Chip { get; }
        public Enc28j60Device? Enc28j60Driver { get; }

        /// <summary>
        /// Runs your device application with the stack: poll is called after every stack poll with
        /// the virtual time, nextDeadline (optional) says when the application wants to run next.
        /// </summary>
        public void Run(Action<long> poll, Func<long, long>? nextDeadline = null)
        {
            _apps.Add(poll ?? throw new ArgumentNullException(nameof(poll), "Pass your application's poll method, e.g. app.Poll."));
            if (nextDeadline != null) _appDeadlines.Add(nextDeadline);
        }

        /// <summary>The device's TCP connections in use right now (listeners not included).</summary>
        public IReadOnlyList<ConnectionInfo> Connections
        {
            get
            {
                var list = new List<ConnectionInfo>();
                for (int s = 0; s < Tcp.ConnectionSlots; s++)
                {
                    if (!Tcp.IsSlotInUse(s)) continue;
                    list.Add(new ConnectionInfo(s, Tcp.GetSlotState(s),
                        Wire.Ipv4Address.ToString(Tcp.GetSlotLocalAddress(s)) + ":" + Tcp.GetSlotLocalPort(s),
                        Wire.Ipv4Address.ToString(Tcp.GetSlotRemoteAddress(s)) + ":" + Tcp.GetSlotRemotePort(s),
                        Tcp.GetSlotSndUna(s), Tcp.GetSlotSndNxt(s), Tcp.GetSlotRcvNxt(s)));
                }
                return list;
            }
        }

        /// <summary>How many of the device's connections are in the given state.</summary>
        public int CountInState(TcpState state) => Tcp.CountInState(state);

        public void Poll(long nowMs)
        {
            Stack.Poll(nowMs);
            foreach (Action<long> app in _apps) app(nowMs);
        }

        public long NextDeadline(long nowMs)
        {
            long next = Stack.NextDeadline(nowMs);
            foreach (Func<long, long> d in _appDeadlines)
            {
                long a = d(nowMs);
                if (a < next) next = a;
            }
            return next;
        }

        /// <summary>Chip initialisation waits take no virtual time: the simulated chips answer at once.</summary>
        private sealed class NoDelay : IDelay
        {
            public static readonly NoDelay Instance = new NoDelay();
            public void SleepMs(int milliseconds) { }
        }
    }
}
