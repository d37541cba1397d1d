using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Tcp;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Cli
{
    /// <summary>
    /// `nanotcp ladder` on what Linux's own capture tools wrote: dumpcap records the Linux side
    /// of tap0 (classic pcap) while Linux opens a connection to NanoTcp, sends, and closes first;
    /// editcap turns the file into pcapng, as Wireshark saves it. Both draw the seed's handshake
    /// (X,0) (Y,X+1) (X+1,Y+1) and four-way close with Linux in TIME-WAIT.
    /// </summary>
    public sealed class LadderOfLinuxCaptureTests
    {
        private readonly ITestOutputHelper _output;

        public LadderOfLinuxCaptureTests(ITestOutputHelper output) { _output = output; }

        [InteropFact]
        public void Ladder_of_a_Linux_capture_reads_the_seed_handshake_and_close()
        {
            string dir = Directory.CreateTempSubdirectory("nanotcp-ladder-linux-").FullName;
            try
            {
                string pcap;
                using (NanoOnTap nano = NanoOnTap.Start(_output))
                {
                    NanoPeer peer = NanoPeer.Listening(nano.Runner, 5000);
                    nano.Runner.Invoke(r => { peer.CloseWhenPeerCloses = true; });
                    using (Socket s = nano.Ns.ConnectToNano(5000))
                    {
                        int linuxPort = ((IPEndPoint)s.LocalEndPoint).Port;
                        s.Send(LinuxSockets.Ascii("hello"));
                        s.Shutdown(SocketShutdown.Send);
                        Assert.Empty(LinuxSockets.ReadToEnd(s));
                        s.Close();
                        Assert.True(nano.Runner.WaitUntil(r => StackSlots.StateOf(r.Tcp, 5000, linuxPort) == null, 10000), "NanoTcp did not close");
                    }
                    nano.StopAndCheckCaptures();
                    pcap = Path.Combine(dir, "linux.pcap");
                    File.Copy(nano.Capture.LinuxPcapPath, pcap);
                }
                string ng = Path.Combine(dir, "linux.pcapng");
                ProcessResult convert = ProcessRunner.Run(20000, "editcap", "-F", "pcapng", pcap, ng);
                Assert.True(convert.ExitCode == 0, "editcap: " + convert);

                foreach (string file in new[] { pcap, ng })
                {
                    ProcessResult ladder = ProcessRunner.Run(60000, "dotnet", CliServeTapTests.CliDll(), "ladder", file);
                    _output.WriteLine(ladder.Stdout);
                    Assert.True(ladder.ExitCode == 0, "nanotcp ladder " + file + ": " + ladder);
                    string text = ladder.Stdout;
                    Assert.Contains("A " + NetNamespace.LinuxIp + ":", text);
                    Assert.Matches(@"SYN-SENT +---- SYN \(X,0\) -+>  SYN-RECEIVED +handshake 1\n", text);
                    Assert.Matches(@"ESTABLISHED +<--- SYN,ACK \(Y,X\+1\) -+ +handshake 2\n", text);
                    Assert.Matches(@"---- ACK \(X\+1,Y\+1\) -+>  ESTABLISHED +handshake 3\n", text);
                    Assert.Matches(@"FIN-WAIT-1 +---- FIN,ACK \(X\+6,Y\+1\) -+>  CLOSE-WAIT +close 1: u = X\+6\n", text);
                    Assert.Contains("close 4: (u+1, w+1)", text);
                    Assert.Contains("A waits in TIME-WAIT for 2MSL", text);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
