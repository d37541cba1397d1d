using System;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;
using NanoTcp.Simulation;
using NanoTcp.Simulation.W5500;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Cli.Serve
{
    /// <summary>
    /// The whole simulated path of `nanotcp serve`, no hardware and no root:
    /// <code>
    ///  host-side NanoTcp (192.0.2.1) ── cable ── simulated W5500 ══ SPI ══ W5500Device ── device NanoTcp (192.0.2.2)
    ///                                   [pcap]    (register level)          (driver)          web server, echo, ...
    /// </code>
    /// Both stacks are built by the device composition root (DeviceStack): the device with
    /// DeviceProfiles.Desktop, exactly as the TAP runner and the desktop board apps build
    /// theirs; the host without a web server. Time is given to Poll; the rig reads no clock
    /// (tests drive it with a virtual one).
    /// </summary>
    public sealed class SimRig : IDisposable
    {
        public static readonly uint DeviceAddress = Ipv4Address.Make(192, 0, 2, 2);
        public static readonly uint HostAddress = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint Netmask = Ipv4Address.MaskFromPrefix(24);
        public static readonly byte[] DeviceMac = { 0x02, 0x4e, 0x54, 0x00, 0x00, 0x02 };
        public static readonly byte[] HostMac = { 0x02, 0x4e, 0x54, 0x00, 0x00, 0x01 };

        public readonly Cable Cable;
        public readonly W5500Chip Chip;
        public readonly W5500Device Driver;
        public readonly DeviceStack Device;
        public readonly DeviceStack HostStack;
        public NetworkInterface Host => HostStack.Interface;
        public TcpStack HostTcp => HostStack.Tcp;
        private readonly PcapWriter _pcap;
        private long _now;

        /// <param name="pcapPath">Record the device's wire to this file, or null.</param>
        /// <param name="configureDevice">Changes the device's options (DeviceProfiles.Desktop) before it is built.</param>
        public SimRig(long nowMs, string pcapPath = null, Action<DeviceOptions> configureDevice = null)
        {
            _now = nowMs;
            Cable = new Cable(new CableOptions { MacA = DeviceMac, MacB = HostMac }, 256);
            Cable.SetTime(nowMs);
            INetDevice deviceWire = Cable.EndA;
            if (pcapPath != null)
            {
                _pcap = new PcapWriter(Cable.EndA, new System.IO.FileStream(pcapPath, System.IO.FileMode.Create, System.IO.FileAccess.Write), () => _now, ownsStream: true);
                deviceWire = _pcap;
            }
            Chip = new W5500Chip(deviceWire);
            Driver = new W5500Device(Chip, DeviceMac);
            Driver.Initialize();
            DeviceOptions device = DeviceProfiles.Desktop(Driver);
            device.DriverCounters = Driver.Counters;
            device.Name = "nanotcp serve";
            device.Chip = "W5500 (simulated)";
            device.Entropy = SystemEntropy.Instance;
            device.Address = AddressOptions.Static(DeviceAddress, 24, 0);
            configureDevice?.Invoke(device);
            Device = new DeviceStack(device);
            Device.Start(nowMs);

            DeviceOptions host = DeviceProfiles.Desktop(Cable.EndB);
            host.Name = "host";
            host.Chip = "cable";
            host.Entropy = SystemEntropy.Instance;
            host.Address = AddressOptions.Static(HostAddress, 24, 0);
            host.Http = null;
            host.StatusPage = false;
            host.Services = null;
            // The host side closes first for every relayed connection; a short MSL keeps its
            // TIME-WAIT slots turning over (simulation only; the device keeps RFC timings).
            host.Tcp.MslMs = 2000;
            HostStack = new DeviceStack(host);
            HostStack.Start(nowMs);
        }

        public long FramesRecorded { get { return _pcap == null ? 0 : _pcap.FramesRecorded; } }

        public void Poll(long nowMs)
        {
            _now = nowMs;
            Cable.SetTime(nowMs);
            Chip.Step();
            Device.Poll(nowMs);
            HostStack.Poll(nowMs);
        }

        public long NextDeadline(long nowMs)
        {
            long d = Device.NextDeadline(nowMs);
            long h = HostStack.NextDeadline(nowMs);
            long c = Cable.InFlight > 0 ? Cable.NextDeliveryMs : long.MaxValue;
            if (h < d) d = h;
            return c < d ? c : d;
        }

        public void Dispose()
        {
            if (_pcap != null) _pcap.Dispose();
        }
    }
}
