using System.Collections.Generic;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;

namespace NanoTcp.Cli.Serve
{
    /// <summary>Options every serve mode understands.</summary>
    public sealed class ServeCommonOptions
    {
        /// <summary>--pcap FILE: record the device's frames (classic pcap, Ethernet).</summary>
        public string PcapPath;
    }

    /// <summary>
    /// `nanotcp serve`: runs a NanoTcp device with its services (web server and status page
    /// on 80, echo 7, discard 9, source 19). Without mode options it simulates the whole
    /// path on this machine (SimulatedServeMode); other modes (TAP) add themselves through
    /// the AddModes hook below, in their own files.
    /// </summary>
    public static partial class ServeCommand
    {
        /// <summary>Other modes register here (one partial implementation, in the mode's own file).</summary>
        static partial void AddModes(List<IServeMode> modes);

        public static Command Create()
        {
            var serve = new Command("serve", "Run a NanoTcp device: web server with live status page (80), echo (7), discard (9), source (19).");
            var pcap = new Option<string>("--pcap")
            {
                Description = "Record every frame the device sends and receives to this pcap file (open it in Wireshark).",
            };
            serve.Options.Add(pcap);

            var modes = new List<IServeMode>();
            AddModes(modes);
            var simulated = new SimulatedServeMode();
            simulated.AddOptions(serve);
            foreach (var m in modes) m.AddOptions(serve);

            serve.SetAction((ParseResult parse, CancellationToken cancel) =>
            {
                var common = new ServeCommonOptions { PcapPath = parse.GetValue(pcap) };
                IServeMode chosen = simulated;
                foreach (var m in modes)
                {
                    if (m.IsSelected(parse)) { chosen = m; break; }
                }
                // The loop is synchronous on purpose (one thread drives the stack, like a
                // device); Ctrl+C cancels the token and the loop returns.
                return Task.Run(() => chosen.Run(parse, common, cancel));
            });
            return serve;
        }
    }
}
