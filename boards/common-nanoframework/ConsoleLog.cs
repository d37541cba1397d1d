using System;

namespace NanoTcp.Boards
{
    /// <summary>
    /// The ESP32 apps' console. On nanoFramework, Console.WriteLine is implemented by the
    /// firmware the same way as Debug.WriteLine (nf-interpreter
    /// Library_corlib_native_System_Console::OutNative calls Debug's WriteLineNative): the
    /// text goes to the debugger channel over the board's USB serial port and shows up in
    /// Visual Studio's Output window when the device is attached.
    /// </summary>
    public sealed class ConsoleLog : IBoardLog
    {
        public void Line(string text)
        {
            Console.WriteLine(text);
        }
    }
}
