using System;
using System.Diagnostics;
using System.Text;
using System.Threading;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>What a finished program did.</summary>
    public sealed class ProcessResult
    {
        public string CommandLine;
        public int ExitCode;
        public string Stdout;
        public string Stderr;
        public bool TimedOut;
        public TimeSpan Elapsed;

        public override string ToString()
        {
            return "`" + CommandLine + "` " + (TimedOut ? "timed out" : "exited " + ExitCode) + " after " + Elapsed.TotalSeconds.ToString("0.0") + " s"
                + "\n--- stdout ---\n" + Tail(Stdout) + "\n--- stderr ---\n" + Tail(Stderr);
        }

        private static string Tail(string s)
        {
            if (s == null) return "";
            return s.Length <= 4000 ? s : "..." + s.Substring(s.Length - 4000);
        }
    }

    /// <summary>
    /// A program running in the background (a server, a capture); Dispose stops it (SIGTERM
    /// through `kill`, then SIGKILL) and waits for it, bounded.
    /// </summary>
    public sealed class BackgroundProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stdout = new StringBuilder();
        private readonly StringBuilder _stderr = new StringBuilder();
        public readonly string CommandLine;

        internal BackgroundProcess(Process process, string commandLine, string stdin)
        {
            _process = process;
            CommandLine = commandLine;
            process.OutputDataReceived += (s, e) => { if (e.Data != null) lock (_stdout) _stdout.Append(e.Data).Append('\n'); };
            process.ErrorDataReceived += (s, e) => { if (e.Data != null) lock (_stderr) _stderr.Append(e.Data).Append('\n'); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (stdin != null) process.StandardInput.Write(stdin);
            if (process.StartInfo.RedirectStandardInput) process.StandardInput.Close();
        }

        public int Id { get { return _process.Id; } }
        public bool HasExited { get { return _process.HasExited; } }
        public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
        public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

        /// <summary>Waits for the program to end by itself; false when it did not within timeoutMs.</summary>
        public bool WaitForExit(int timeoutMs)
        {
            if (!_process.WaitForExit(timeoutMs)) return false;
            _process.WaitForExit(); // flush the asynchronous readers
            return true;
        }

        public int ExitCode { get { return _process.ExitCode; } }

        /// <summary>Asks the program to stop with SIGINT/SIGTERM (so tshark or dnsmasq finish their files), bounded.</summary>
        public void Stop(string signal = "TERM", int graceMs = 5000)
        {
            if (_process.HasExited) { _process.WaitForExit(); return; }
            ProcessRunner.Run(5000, "kill", "-" + signal, _process.Id.ToString());
            if (!_process.WaitForExit(graceMs))
            {
                try { _process.Kill(true); } catch (InvalidOperationException) { }
                _process.WaitForExit(5000);
            }
            else _process.WaitForExit();
        }

        public void Dispose()
        {
            try { Stop(); } catch (Exception) { try { _process.Kill(true); } catch (Exception) { } }
            _process.Dispose();
        }

        public override string ToString()
        {
            return "`" + CommandLine + "`\n--- stdout ---\n" + Stdout + "\n--- stderr ---\n" + Stderr;
        }
    }

    /// <summary>Starts programs with a time limit; every wait is bounded.</summary>
    public static class ProcessRunner
    {
        public static ProcessResult Run(int timeoutMs, string program, params string[] args)
        {
            return RunWithInput(timeoutMs, null, program, args);
        }

        public static ProcessResult RunWithInput(int timeoutMs, string stdin, string program, params string[] args)
        {
            var psi = MakeStartInfo(program, args, stdin != null);
            var result = new ProcessResult { CommandLine = Describe(program, args) };
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            var watch = Stopwatch.StartNew();
            using (var p = new Process { StartInfo = psi })
            {
                p.OutputDataReceived += (s, e) => { if (e.Data != null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
                p.ErrorDataReceived += (s, e) => { if (e.Data != null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
                p.Start();
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                if (stdin != null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
                if (!p.WaitForExit(timeoutMs))
                {
                    result.TimedOut = true;
                    try { p.Kill(true); } catch (InvalidOperationException) { }
                    p.WaitForExit(5000);
                }
                else p.WaitForExit();
                result.ExitCode = p.HasExited ? p.ExitCode : -1;
            }
            result.Elapsed = watch.Elapsed;
            lock (stdout) result.Stdout = stdout.ToString();
            lock (stderr) result.Stderr = stderr.ToString();
            return result;
        }

        public static BackgroundProcess Start(string stdin, string program, params string[] args)
        {
            var psi = MakeStartInfo(program, args, stdin != null);
            return new BackgroundProcess(new Process { StartInfo = psi }, Describe(program, args), stdin);
        }

        private static ProcessStartInfo MakeStartInfo(string program, string[] args, bool redirectStdin)
        {
            var psi = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = redirectStdin,
                UseShellExecute = false,
            };
            foreach (string a in args) psi.ArgumentList.Add(a);
            return psi;
        }

        private static string Describe(string program, string[] args)
        {
            return program + " " + string.Join(" ", args);
        }
    }
}
