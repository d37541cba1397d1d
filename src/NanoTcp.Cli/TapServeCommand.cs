using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using NanoTcp.Testing.Tap;
using NanoTcp.Wire;

namespace NanoTcp.Cli
{
    /// <summary>
    /// `nanotcp serve --tap NAME (--ip A.B.C.D/NN | --dhcp) [--pcap FILE]`: the serve command
    /// calls Run when --tap is given. Runs NanoTcp on an existing, up TAP interface in real
    /// time until Ctrl+C or SIGTERM, serving http 80 (GET /bench), echo 7, discard 9 and
    /// chargen 19 (the services a desktop-profile device runs).
    /// </summary>
    public static class TapServeCommand
    {
        public const string Usage = "nanotcp serve --tap NAME (--ip A.B.C.D/NN | --dhcp) [--pcap FILE]";

        /// <summary>Returns the process exit code: 0 after a clean stop, 2 for bad arguments or a TAP that cannot be opened.</summary>
        public static int Run(string tapName, string ipWithPrefix, bool dhcp, string pcapPath, TextWriter output, CancellationToken token)
        {
            if (output == null) output = Console.Out;
            var options = new TapServeOptions { TapName = tapName, Dhcp = dhcp, PcapPath = pcapPath };
            if (dhcp == (ipWithPrefix != null))
                return Fail(output, "give exactly one of --ip A.B.C.D/NN and --dhcp");
            if (!dhcp)
            {
                string error;
                if (!TapServeOptions.TryParseAddress(ipWithPrefix, out options.Address, out options.PrefixLength, out error))
                    return Fail(output, error);
            }
            TapServeRunner runner;
            try { runner = new TapServeRunner(options, output); }
            catch (InvalidOperationException e) { return Fail(output, e.Message); }
            catch (ArgumentException e) { return Fail(output, e.Message); }
            using (runner)
            using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; runner.Stop(); }))
            using (PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; runner.Stop(); }))
            {
                output.WriteLine("nanotcp: on TAP " + tapName + ", MAC " + runner.Tap.MacText + ", "
                    + (dhcp ? "address by DHCP" : Ipv4Address.ToString(options.Address) + "/" + options.PrefixLength)
                    + (pcapPath != null ? ", pcap " + pcapPath : "")
                    + "; serving http 80, echo 7, discard 9, source 19. Ctrl+C stops.");
                runner.Run(token);
                output.WriteLine("nanotcp: stopped.");
            }
            return 0;
        }

        private static int Fail(TextWriter output, string message)
        {
            output.WriteLine("nanotcp serve --tap: " + message + ".");
            output.WriteLine("usage: " + Usage);
            return 2;
        }
    }
}
