using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NanoTcp.Simulation.Tap;
using NanoTcp.Testing.Tap;
using Xunit;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>
    /// One test's private network: a fresh namespace `nanotcp_&lt;random&gt;` holding TAP
    /// interface tap0 with 192.0.2.1/24 (TEST-NET-1) on the Linux side. NanoTcp attaches to
    /// the same TAP and owns 192.0.2.2; IPv6 is off in the namespace. Nothing leaves the namespace. Dispose stops every
    /// program started through it and deletes the namespace, also when the test failed.
    /// </summary>
    public sealed class NetNamespace : IDisposable
    {
        public const string TapName = "tap0";
        public const string LinuxIp = "192.0.2.1";
        public const string NanoIp = "192.0.2.2";
        public const int PrefixLength = 24;
        private const int CommandTimeoutMs = 15000;

        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private bool _deleted;

        public readonly string Name;

        private NetNamespace(string name)
        {
            Name = name;
        }

        /// <summary>Makes the namespace and its TAP; fails the test with the reason when it cannot.</summary>
        public static NetNamespace Create(bool withLinuxAddress = true)
        {
            if (InteropEnvironment.Unavailable != null)
                Assert.Fail("Interop environment unavailable" + (InteropEnvironment.IsCi ? " under CI (CI=true), where root and /dev/net/tun are required" : "") + ": " + InteropEnvironment.Unavailable);
            byte[] r = new byte[4];
            RandomNumberGenerator.Fill(r);
            var ns = new NetNamespace("nanotcp_" + Convert.ToHexString(r).ToLowerInvariant());
            ProcessResult add = ProcessRunner.Run(CommandTimeoutMs, "ip", "netns", "add", ns.Name);
            if (add.ExitCode != 0) Assert.Fail("Cannot create network namespace: " + add);
            try
            {
                // IPv4 only: no IPv6 router solicitations or MLD reports on the TAP, so every
                // frame NanoTcp sees or a capture shows comes from what the test does.
                string setup = "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 && echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6"
                    + " && ip link set lo up && ip tuntap add dev " + TapName + " mode tap && ip link set " + TapName + " up"
                    + (withLinuxAddress ? " && ip addr add " + LinuxIp + "/" + PrefixLength + " dev " + TapName : "");
                ns.MustSh(setup);
            }
            catch
            {
                ns.Dispose();
                throw;
            }
            return ns;
        }

        /// <summary>Runs a program inside the namespace and waits (bounded) for it.</summary>
        public ProcessResult Exec(int timeoutMs, string program, params string[] args)
        {
            return ProcessRunner.Run(timeoutMs, "ip", Prepend(program, args));
        }

        /// <summary>Runs a program inside the namespace, feeding it stdin, and waits (bounded).</summary>
        public ProcessResult ExecWithInput(int timeoutMs, string stdin, string program, params string[] args)
        {
            return ProcessRunner.RunWithInput(timeoutMs, stdin, "ip", Prepend(program, args));
        }

        /// <summary>sh -c SCRIPT inside the namespace; fails the test unless it exits 0.</summary>
        public ProcessResult MustSh(string script, int timeoutMs = CommandTimeoutMs)
        {
            ProcessResult r = Exec(timeoutMs, "sh", "-c", script);
            if (r.ExitCode != 0 || r.TimedOut) Assert.Fail("In namespace " + Name + ": " + r);
            return r;
        }

        /// <summary>Starts a program inside the namespace; it is stopped when the namespace is disposed (or earlier by the caller).</summary>
        public BackgroundProcess Start(string program, params string[] args)
        {
            BackgroundProcess p = ProcessRunner.Start(null, "ip", Prepend(program, args));
            lock (_owned) _owned.Add(p);
            return p;
        }

        /// <summary>Opens the namespace's TAP for NanoTcp (inside the namespace); closed on Dispose.</summary>
        public TapDevice OpenTap(byte[] mac = null)
        {
            TapDevice tap = NetworkNamespaces.RunInside(Name, () => new TapDevice(TapName, mac));
            lock (_owned) _owned.Add(tap);
            return tap;
        }

        /// <summary>A Linux kernel TCP socket inside the namespace (the peer NanoTcp talks to).</summary>
        public Socket NewTcpSocket()
        {
            Socket s = NetworkNamespaces.RunInside(Name, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            lock (_owned) _owned.Add(s);
            return s;
        }

        /// <summary>A kernel socket connected to NanoTcp's port, with send/receive timeouts so no test waits forever.</summary>
        public Socket ConnectToNano(int port, int timeoutMs = 10000)
        {
            Socket s = NewTcpSocket();
            s.SendTimeout = timeoutMs;
            s.ReceiveTimeout = timeoutMs;
            IAsyncResult ar = s.BeginConnect(new IPEndPoint(IPAddress.Parse(NanoIp), port), null, null);
            if (!ar.AsyncWaitHandle.WaitOne(timeoutMs))
            {
                s.Close();
                Assert.Fail("connect to NanoTcp " + NanoIp + ":" + port + " did not finish within " + timeoutMs + " ms");
            }
            s.EndConnect(ar);
            return s;
        }

        /// <summary>Connects to NanoTcp's port and reports how it went (Success, ConnectionRefused, TimedOut...), bounded.</summary>
        public SocketError TryConnectToNano(int port, int timeoutMs = 10000)
        {
            using (Socket s = NewTcpSocket())
            {
                IAsyncResult ar = s.BeginConnect(new IPEndPoint(IPAddress.Parse(NanoIp), port), null, null);
                if (!ar.AsyncWaitHandle.WaitOne(timeoutMs)) return SocketError.TimedOut;
                try { s.EndConnect(ar); return SocketError.Success; }
                catch (SocketException e) { return e.SocketErrorCode; }
            }
        }

        /// <summary>`ss -tan` inside the namespace (the Linux side's TCP sockets and their states).</summary>
        public string SocketStates()
        {
            return MustSh("ss -tan").Stdout;
        }

        /// <summary>Takes ownership of something to release with the namespace (before it is deleted).</summary>
        public T Own<T>(T disposable) where T : IDisposable
        {
            lock (_owned) _owned.Add(disposable);
            return disposable;
        }

        public void Dispose()
        {
            List<IDisposable> owned;
            lock (_owned) { owned = new List<IDisposable>(_owned); _owned.Clear(); }
            for (int i = owned.Count - 1; i >= 0; i--)
            {
                try { owned[i].Dispose(); } catch (Exception) { /* keep cleaning up */ }
            }
            if (_deleted) return;
            _deleted = true;
            ProcessResult del = ProcessRunner.Run(CommandTimeoutMs, "ip", "netns", "del", Name);
            if (del.ExitCode != 0) Console.Error.WriteLine("interop: could not delete namespace " + Name + ": " + del);
        }

        private string[] Prepend(string program, string[] args)
        {
            var all = new string[args.Length + 4];
            all[0] = "netns"; all[1] = "exec"; all[2] = Name; all[3] = program;
            Array.Copy(args, 0, all, 4, args.Length);
            return all;
        }
    }
}
