using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Threading;

namespace NanoTcp.Cli.Serve
{
    public static partial class ServeCommand
    {
        static partial void AddModes(List<IServeMode> modes)
        {
            modes.Add(new TapServeMode());
        }
    }

    /// <summary>
    /// `nanotcp serve --tap NAME (--ip A.B.C.D/NN | --dhcp) [--pcap FILE]`: the device stack on
    /// a real Linux TAP interface instead of the simulated W5500 (TapServeCommand does the work).
    /// </summary>
    public sealed class TapServeMode : IServeMode
    {
        private readonly Option<string> _tap = new Option<string>("--tap")
        {
            Description = "Run on this existing, up Linux TAP interface (ip tuntap add dev tap0 mode tap; ip link set tap0 up) instead of the simulation. Needs root or CAP_NET_ADMIN.",
        };
        private readonly Option<string> _ip = new Option<string>("--ip")
        {
            Description = "With --tap: the stack's own address and prefix, e.g. 192.0.2.2/24.",
        };
        private readonly Option<bool> _dhcp = new Option<bool>("--dhcp")
        {
            Description = "With --tap: get the address from a DHCP server (and keep renewing it) instead of --ip.",
        };

        public void AddOptions(Command serve)
        {
            serve.Options.Add(_tap);
            serve.Options.Add(_ip);
            serve.Options.Add(_dhcp);
        }

        public bool IsSelected(ParseResult parse)
        {
            return parse.GetValue(_tap) != null;
        }

        public int Run(ParseResult parse, ServeCommonOptions common, CancellationToken cancel)
        {
            return TapServeCommand.Run(parse.GetValue(_tap), parse.GetValue(_ip), parse.GetValue(_dhcp), common.PcapPath, Console.Out, cancel);
        }
    }
}
