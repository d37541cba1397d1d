using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>Blocking helpers for the Linux kernel's sockets (always with time limits).</summary>
    public static class LinuxSockets
    {
        /// <summary>Reads until the peer's FIN (or maxBytes); fails the test on a timeout.</summary>
        public static byte[] ReadToEnd(Socket s, int maxBytes = 64 << 20, int timeoutMs = 20000)
        {
            s.ReceiveTimeout = timeoutMs;
            var all = new MemoryStream();
            var buffer = new byte[65536];
            var watch = Stopwatch.StartNew();
            while (all.Length < maxBytes && watch.ElapsedMilliseconds < timeoutMs)
            {
                int n = s.Receive(buffer);
                if (n == 0) return all.ToArray();
                all.Write(buffer, 0, n);
            }
            Assert.Fail("The peer did not close within " + timeoutMs + " ms (read " + all.Length + " bytes).");
            return null;
        }

        /// <summary>Reads exactly count bytes (bounded).</summary>
        public static byte[] ReadExactly(Socket s, int count, int timeoutMs = 10000)
        {
            s.ReceiveTimeout = timeoutMs;
            var data = new byte[count];
            int got = 0;
            var watch = Stopwatch.StartNew();
            while (got < count && watch.ElapsedMilliseconds < timeoutMs)
            {
                int n = s.Receive(data, got, count - got, SocketFlags.None);
                if (n == 0) Assert.Fail("The peer closed after " + got + " of " + count + " bytes.");
                got += n;
            }
            Assert.True(got == count, "Read " + got + " of " + count + " bytes within " + timeoutMs + " ms.");
            return data;
        }

        public static byte[] Ascii(string s) { return Encoding.ASCII.GetBytes(s); }
        public static string Ascii(byte[] b) { return Encoding.ASCII.GetString(b); }

        /// <summary>The 4-tuple text `ss -tan` prints for a Linux socket talking to NanoTcp.</summary>
        public static string LocalEndpoint(Socket s) { return ((IPEndPoint)s.LocalEndPoint).ToString(); }

        /// <summary>The state `ss -tan` shows for the connection local:port ↔ NanoTcp:port, or null when there is none.</summary>
        public static string SsState(NetNamespace ns, int linuxPort, int nanoPort)
        {
            string table = ns.SocketStates();
            string local = NetNamespace.LinuxIp + ":" + linuxPort;
            string remote = NetNamespace.NanoIp + ":" + nanoPort;
            foreach (string line in table.Split('\n'))
            {
                string[] f = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length >= 5 && f[3] == local && f[4] == remote) return f[0];
            }
            return null;
        }
    }
}
