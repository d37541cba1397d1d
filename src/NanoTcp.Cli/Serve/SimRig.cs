using System;
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
    /// Time is given to Poll; the rig reads no clock (tests drive it with a virtual one).
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
        public readonly NetworkInterface Host;
        public readonly TcpStack HostTcp;
        private readonly PcapWriter _pcap;
        private long _now;

        /// <param name="pcapPath">Record the device's wire to this file, or null.</param>
        public SimRig(long nowMs, string pcapPath = null, StackOptions deviceOptions = null, Http.HttpServerOptions httpOptions = null)
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
            Device = new DeviceStack(Driver, Driver.Counters, deviceOptions ?? DeviceStack.DesktopStackOptions(),
                httpOptions ?? DeviceStack.DesktopHttpOptions(), nowMs);
            Device.Interface.SetStaticAddress(DeviceAddress, Netmask, 0, nowMs);

            var hostOptions = DeviceStack.DesktopStackOptions();
            // The host side closes first for every relayed connection; a short MSL keeps its
            // TIME-WAIT slots turning over (simulation only; the device keeps RFC timings).
            hostOptions.TcpMslMs = 2000;
            Host = new NetworkInterface(Cable.EndB, hostOptions);
            HostTcp = new TcpStack(Host, hostOptions);
            Host.AddTransport(HostTcp);
            Host.SetStaticAddress(HostAddress, Netmask, 0, nowMs);
            Device.Start();
        }

        public long FramesRecorded { get { return _pcap == null ? 0 : _pcap.FramesRecorded; } }

        public void Poll(long nowMs)
        {
            _now = nowMs;
            Cable.SetTime(nowMs);
            Chip.Step();
            Device.Poll(nowMs);
            Host.Poll(nowMs);
        }

        public long NextDeadline(long nowMs)
        {
            long d = Device.NextDeadline(nowMs);
            long h = Host.NextDeadline(nowMs);
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
