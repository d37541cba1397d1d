namespace NanoTcp.SelfTest
{
    /// <summary>Where the self-test writes its lines: the serial console on a board
    /// (Console.WriteLine, which survives a Release build), standard output on desktop.</summary>
    public interface ISelfTestOutput
    {
        void WriteLine(string line);
    }
}
