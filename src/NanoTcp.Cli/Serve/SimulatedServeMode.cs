using System;
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Threading;
using NanoTcp.Wire;

namespace NanoTcp.Cli.Serve
{
    /// <summary>
    /// The default serve mode: the device on a simulated W5500 (SimRig) and a relay from a
    /// loopback port into the host-side stack, driven in real time.
    /// </summary>
    public sealed class SimulatedServeMode : IServeMode
    {
        private readonly Option<string> _listen = new Option<string>("--listen")
        {
            Description = "Loopback address:port where real clients (your browser) connect; each connection is relayed to the device's port 80.",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };

        public void AddOptions(Command serve)
        {
            serve.Options.Add(_listen);
        }

        public bool IsSelected(ParseResult parse) { return true; }

        public int Run(ParseResult parse, ServeCommonOptions common, CancellationToken cancel)
        {
            string listenText = parse.GetValue(_listen);
            if (!IPEndPoint.TryParse(listenText, out IPEndPoint listen) || listen.Port == 0 && !listenText.EndsWith(":0", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("nanotcp serve: --listen wants ADDRESS:PORT such as 127.0.0.1:8080 (got '" + listenText + "').");
                return 2;
            }
            var clock = Stopwatch.StartNew();
            long Now() => 1 + clock.ElapsedMilliseconds;

            Console.WriteLine("nanotcp serve: simulating the whole path on this machine (no hardware, no root):");
            Console.WriteLine("  device  " + Ipv4Address.ToString(SimRig.DeviceAddress) + "  NanoTcp -> W5500Device driver -> SPI -> simulated W5500 (register level, MACRAW)");
            Console.WriteLine("  cable   in-memory Ethernet" + (common.PcapPath != null ? ", recorded to " + common.PcapPath : ""));
            Console.WriteLine("  host    " + Ipv4Address.ToString(SimRig.HostAddress) + "  NanoTcp, relaying connections from " + listen);
            Console.WriteLine("  device services: web + status page on 80 (GET /, /status.json, /bench), echo 7, discard 9, source 19");

            SimRig rig;
            Relay relay;
            try
            {
                rig = new SimRig(Now(), common.PcapPath);
                relay = new Relay(listen, rig.HostTcp, SimRig.DeviceAddress, 80, Console.WriteLine);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                Console.Error.WriteLine("nanotcp serve: cannot listen on " + listen + ": " + e.Message + ". Choose another port with --listen 127.0.0.1:PORT.");
                return 1;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("nanotcp serve: cannot write the pcap file: " + e.Message);
                return 1;
            }

            using (rig)
            using (relay)
            {
                Console.WriteLine("Open http://" + relay.LocalEndPoint + "/ in a browser (status page; JSON at /status.json). Ctrl+C stops.");
                Console.Out.Flush();
                long lastBusy = 0;
                while (!cancel.IsCancellationRequested)
                {
                    long now = Now();
                    rig.Poll(now);
                    bool moved = relay.Pump(now);
                    rig.Poll(now);
                    if (moved || rig.NextDeadline(now) <= now || rig.Cable.InFlight > 0)
                    {
                        lastBusy = now;
                    }
                    else if (now - lastBusy < 20)
                    {
                        // Just after traffic the next request usually follows within
                        // microseconds: yield instead of sleeping a whole timer tick.
                        Thread.Yield();
                    }
                    else
                    {
                        // Idle: sleep briefly (sockets have no wake-up hook into this loop).
                        Thread.Sleep(1);
                    }
                }
                Console.WriteLine("nanotcp serve: stopping (" + relay.Accepted + " connections relayed, "
                    + rig.Device.Http.Counters.Requests + " HTTP requests answered"
                    + (common.PcapPath != null ? ", " + rig.FramesRecorded + " frames in " + common.PcapPath : "") + ").");
            }
            return 0;
        }
    }
}
