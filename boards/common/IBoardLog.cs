namespace NanoTcp.Boards
{
    /// <summary>
    /// The board's console. nanoFramework: Console.WriteLine (the firmware routes it, like
    /// Debug.WriteLine, to the debugger channel on the USB serial port); desktop: stdout.
    /// Only start-up and state changes are logged, never per packet.
    /// </summary>
    public interface IBoardLog
    {
        void Line(string text);
    }
}
