using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Simulation.Tap
{
    /// <summary>
    /// `nanotcp serve --tap`: NanoTcp on a Linux TAP interface, in real time, serving the
    /// device services (web server on 80 with GET /bench, echo 7, discard 9, source 19) to
    /// the Linux kernel and its programs. The same class hosts the stack in the interop
    /// tests, which open the TAP inside their own network namespace and hand it in.
    ///
    /// One thread runs the loop: take frames, Poll the interface (which polls TCP), poll the
    /// services, then sleep in poll(2) on the TAP until a frame arrives, Wake() is called, or
    /// the stack's next deadline. Other threads never touch the stack directly: they queue
    /// work with Invoke, which runs on the loop thread between polls (the test hook, see
    /// TapServeRunner.Diagnostics.cs).
    /// </summary>
    public sealed partial class TapServeRunner : IDisposable
    {
        /// <summary>Longest sleep between polls even when the stack names no deadline (a safety net, not a timer).</summary>
        public const int MaxIdleWaitMs = 50;

        private readonly TapServeOptions _options;
        private readonly TapDevice _tap;
        private readonly bool _ownsTap;
        private readonly INetDevice _device;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentQueue<Action> _queued = new ConcurrentQueue<Action>();
        private readonly List<ILoopApp> _apps = new List<ILoopApp>();
        private readonly TextWriter _log;
        private Thread _thread;
        private volatile bool _stopping;
        private volatile Exception _failure;

        public readonly NetworkInterface Interface;
        public readonly TcpStack Tcp;

        /// <summary>Opens options.TapName in this thread's network namespace.</summary>
        public TapServeRunner(TapServeOptions options, TextWriter log = null)
            : this(options, new TapDevice(RequireOptions(options).TapName, options.MacAddress), true, log)
        {
        }

        /// <summary>Runs on a TAP the caller opened (tests open it inside their namespace); the runner closes it.</summary>
        public TapServeRunner(TapServeOptions options, TapDevice tap, TextWriter log = null)
            : this(RequireOptions(options), tap, true, log)
        {
        }

        private TapServeRunner(TapServeOptions options, TapDevice tap, bool ownsTap, TextWriter log)
        {
            if (tap == null) throw new ArgumentNullException("tap", "Pass the opened TapDevice.");
            if (!options.Dhcp && options.Address == 0)
                throw new ArgumentException("Give the stack an address (--ip A.B.C.D/NN) or ask for one with --dhcp.", "options");
            _options = options;
            _tap = tap;
            _ownsTap = ownsTap;
            _log = log ?? TextWriter.Null;
            StackOptions stack = options.Stack ?? TapServeOptions.DesktopStackOptions();
            _device = WrapDevice(tap, options);
            Interface = new NetworkInterface(_device, stack);
            Tcp = new TcpStack(Interface, stack);
            Interface.AddTransport(Tcp);
            long now = NowMs;
            if (options.Dhcp) StartDhcp(now);
            else Interface.SetStaticAddress(options.Address, Ipv4Address.MaskFromPrefix(options.PrefixLength), options.Gateway, now);
            CreateServices(stack);
        }

        public TapServeOptions Options { get { return _options; } }
        public TapDevice Tap { get { return _tap; } }

        /// <summary>Milliseconds since the runner was made: the stack's clock.</summary>
        public long NowMs { get { return _clock.ElapsedMilliseconds; } }

        /// <summary>The exception that ended the loop, if one did.</summary>
        public Exception Failure { get { return _failure; } }

        /// <summary>Runs the loop on the calling thread until Stop() or the token.</summary>
        public void Run(CancellationToken token)
        {
            using (token.Register(Stop))
            {
                try { Loop(); }
                catch (Exception e) { _failure = e; throw; }
            }
        }

        /// <summary>Runs the loop on its own thread.</summary>
        public void Start()
        {
            if (_thread != null) throw new InvalidOperationException("The runner is already running; call Start once.");
            _thread = new Thread(() =>
            {
                try { Loop(); }
                catch (Exception e) { _failure = e; _log.WriteLine("nanotcp: the stack loop failed: " + e); }
            });
            _thread.IsBackground = true;
            _thread.Name = "nanotcp tap " + _options.TapName;
            _thread.Start();
        }

        /// <summary>Ends the loop (from any thread) and waits for it when it runs on Start's thread.</summary>
        public void Stop()
        {
            _stopping = true;
            _tap.Wake();
            Thread t = _thread;
            if (t != null && t != Thread.CurrentThread) t.Join(10000);
        }

        public void Dispose()
        {
            Stop();
            DisposeServices();
            if (_ownsTap) _tap.Dispose();
        }

        private void Loop()
        {
            while (!_stopping)
            {
                long now = NowMs;
                RunQueued();
                Interface.Poll(now);
                PollServices(now);
                for (int i = 0; i < _apps.Count; i++) _apps[i].Poll(this, now);
                // Whatever the services queued goes out in this pass, not after the next sleep.
                Interface.Poll(now);

                long deadline = Interface.NextDeadline(now);
                long serviceDeadline = ServicesNextDeadline(now);
                if (serviceDeadline < deadline) deadline = serviceDeadline;
                long wait = deadline - NowMs;
                if (wait > MaxIdleWaitMs) wait = MaxIdleWaitMs;
                if (wait > 0 && _queued.IsEmpty) _tap.WaitForFrame((int)wait);
            }
        }

        private void RunQueued()
        {
            Action a;
            while (_queued.TryDequeue(out a)) a();
        }

        private static TapServeOptions RequireOptions(TapServeOptions options)
        {
            if (options == null) throw new ArgumentNullException("options", "Pass TapServeOptions (TAP name and --ip or --dhcp).");
            return options;
        }
    }

    /// <summary>Something that runs on the stack's loop thread after every poll (test peers, diagnostics).</summary>
    public interface ILoopApp
    {
        void Poll(TapServeRunner runner, long nowMs);
    }
}
