using System.Collections.Generic;
using System.Text;
using NanoTcp.Boards.Desktop;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Drivers.W5500;
using NanoTcp.Net;
using NanoTcp.Simulation;
using NanoTcp.Simulation.W5500;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Boards.Tests
{
    /// <summary>
    /// A board app running exactly as on a Raspberry Pi or FT232H, except that the SpiDevice
    /// is a test subclass wired to the simulated W5500 register model, and time is virtual:
    ///
    ///   BoardApp → W5500Device → SpiDeviceBus → SimulatedSpiDevice (a System.Device.Spi.SpiDevice)
    ///            → W5500Chip ══ Cable ══ host NetworkInterface + TcpStack (the browser's side)
    ///
    /// The host is 192.0.2.1/24; the board's static (fallback) address is 192.0.2.200.
    /// </summary>
    internal sealed class SimulatedBoard
    {
        public static readonly uint HostAddress = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint BoardAddress = Ipv4Address.Make(192, 0, 2, 200);
        public static readonly uint Mask = Ipv4Address.MaskFromPrefix(24);

        public readonly VirtualClock Clock = new VirtualClock(1000);
        public readonly Cable Cable = new Cable(new CableOptions(), 64);
        public readonly W5500Chip Chip;
        public readonly SimulatedSpiDevice Spi;
        public readonly SpiDeviceBus Bus;
        public readonly W5500Device Driver;
        public readonly RecordingLog Log = new RecordingLog();
        /// <summary>The device's options, as a desktop board app fills them (DeviceProfiles.Desktop).</summary>
        public readonly DeviceOptions Options;
        public BoardApp App;

        public readonly NetworkInterface Host;
        public readonly TcpStack HostTcp;

        public SimulatedBoard(bool useDhcp = true, int dhcpTimeoutMs = 3000)
        {
            Chip = new W5500Chip(Cable.EndA);
            Spi = new SimulatedSpiDevice(Chip);
            Bus = new SpiDeviceBus(Spi);
            Driver = new W5500Device(Bus, BoardCommandLine.DefaultMac, Chip.ResetPin, null);
            Driver.InterruptPin = Chip.InterruptPin;
            Options = DeviceProfiles.Desktop(Driver);
            Options.DriverCounters = Driver.Counters;
            Options.Name = "test-board";
            Options.Chip = "W5500";
            Options.Entropy = SystemEntropy.Instance;
            Options.Address = new AddressOptions
            {
                UseDhcp = useDhcp,
                DhcpTimeoutMs = dhcpTimeoutMs,
                StaticAddress = BoardAddress,
                StaticSubnetMask = Mask,
                StaticGateway = 0,
            };

            Host = new NetworkInterface(Cable.EndB, new NetOptions());
            HostTcp = new TcpStack(Host, new TcpOptions { Secret = new byte[16] });
            Host.AddTransport(HostTcp);
            Host.SetStaticAddress(HostAddress, Mask, 0, Clock.NowMs);
        }

        /// <summary>Initialises the chip and starts the app, as Program.Main does.</summary>
        public void Start()
        {
            Driver.Initialize();
            App = new BoardApp(Options, Log) { StatsIntervalMs = 0 };
            App.Start(Clock.NowMs);
        }

        /// <summary>Runs ms of virtual time in 1 ms steps, polling the board, the chip and the host.</summary>
        public void Run(long ms)
        {
            long end = Clock.NowMs + ms;
            while (Clock.NowMs < end)
            {
                Step();
                Clock.Advance(1);
            }
        }

        public void Step()
        {
            long now = Clock.NowMs;
            Cable.SetTime(now);
            Chip.Step();
            App.Poll(now);
            Chip.Step();
            Host.Poll(now);
        }

        /// <summary>
        /// Opens a connection from the host to the board's web server, sends one request and
        /// collects the response until the board closes or maxMs of virtual time pass.
        /// </summary>
        public string HttpGet(string path, long maxMs = 5000)
        {
            uint target = App.Device.Interface.LocalAddress;
            int c = HostTcp.Connect(target, Options.Http.Port, Clock.NowMs);
            byte[] request = Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: board\r\nConnection: close\r\n\r\n");
            bool sent = false;
            var response = new List<byte>();
            byte[] buf = new byte[2048];
            long end = Clock.NowMs + maxMs;
            while (Clock.NowMs < end)
            {
                Step();
                TcpState state = HostTcp.GetState(c);
                if (!sent && state == TcpState.Established)
                {
                    HostTcp.Send(c, request, 0, request.Length);
                    sent = true;
                }
                int n;
                while ((n = HostTcp.Receive(c, buf, 0, buf.Length)) > 0)
                {
                    for (int i = 0; i < n; i++) response.Add(buf[i]);
                }
                if (sent && state != TcpState.Established && state != TcpState.SynSent && HostTcp.ReceiveAvailable(c) <= 0)
                {
                    break;
                }
                Clock.Advance(1);
            }
            HostTcp.Close(c);
            Run(10);
            return Encoding.ASCII.GetString(response.ToArray());
        }
    }

    internal sealed class RecordingLog : IBoardLog
    {
        public readonly List<string> Lines = new List<string>();

        public void Line(string text) => Lines.Add(text);

        public string All => string.Join("\n", Lines);
    }
}
