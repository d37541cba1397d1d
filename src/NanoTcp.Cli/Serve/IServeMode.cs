using System.CommandLine;
using System.Threading;

namespace NanoTcp.Cli.Serve
{
    /// <summary>
    /// One way of running `nanotcp serve` (where the device stack's frames go). A mode adds
    /// its own options to the serve command and runs when its options select it; the
    /// simulated W5500 mode runs when no other mode is selected. To add a mode, implement
    /// this in its own file and add it in ServeCommand's partial AddModes.
    /// </summary>
    public interface IServeMode
    {
        /// <summary>Adds the mode's options to the serve command.</summary>
        void AddOptions(Command serve);

        /// <summary>True when the parsed command line asks for this mode (e.g. --tap given).</summary>
        bool IsSelected(ParseResult parse);

        /// <summary>Runs until the token is cancelled (Ctrl+C); returns the exit code.</summary>
        int Run(ParseResult parse, ServeCommonOptions common, CancellationToken cancel);
    }
}
