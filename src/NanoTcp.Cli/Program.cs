using System.CommandLine;
using System.Threading.Tasks;
using NanoTcp.Cli.Ladder;
using NanoTcp.Cli.Serve;

namespace NanoTcp.Cli
{
    public static class Program
    {
        public static Task<int> Main(string[] args)
        {
            var root = new RootCommand("nanotcp: the NanoTcp TCP/IP stack on the desktop (simulated chips, TAP, tools).");
            root.Subcommands.Add(ServeCommand.Create());
            root.Subcommands.Add(LadderCommand.Create());
            return root.Parse(args).InvokeAsync();
        }
    }
}
