#nullable disable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Simulation;
using NanoTcp.Simulation.Tap;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Testing.Tap
{
    /// <summary>
    /// `nanotcp serve --tap`: a NanoTcp device on a Linux TAP interface, in real time, built by
    /// the device composition root (DeviceStack with DeviceProfiles.Desktop): the web server
    /// with the status page and GET /bench on 80, echo 7, discard 9, chargen 19, served to the
    /// Linux kernel and its programs. The same class hosts the device in the interop tests,
    /// which open the TAP inside their own network namespace and hand it in.
    ///
    /// One thread runs the loop: poll the device, poll the attached test apps, then sleep in
    /// poll(2) on the TAP until a frame arrives, Wake() is called, or the device's next
    /// deadline. Other threads never touch the stack directly: they queue work with Invoke,
    /// which runs on the loop thread between polls (the test hook, see
    /// TapServeRunner.Diagnostics.cs).
    /// </summary>
    public sealed partial class TapServeRunner : IDisposable
    {
        /// <summary>Longest sleep between polls even when the stack names no deadline (a safety net, not a timer).</summary>
        public const int MaxIdleWaitMs = 50;

        private readonly TapServeOptions _options;
        private readonly TapDevice _tap;
        private readonly PcapWriter _pcap;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentQueue<Action> _queued = new ConcurrentQueue<Action>();
        private readonly List<ILoopApp> _apps = new List<ILoopApp>();
        private readonly TextWriter _log;
        private Thread _thread;
        private volatile bool _stopping;
        private volatile Exception _failure;
        private uint _loggedAddress;

        /// <summary>The device: interface, TCP, web server, services, status.</summary>
        public readonly DeviceStack Device;

        /// <summary>Opens options.TapName in this thread's network namespace.</summary>
        public TapServeRunner(TapServeOptions options, TextWriter log = null)
            : this(RequireOptions(options), new TapDevice(options.TapName, options.MacAddress), log)
        {
        }

        /// <summary>Runs on a TAP the caller opened (tests open it inside their namespace); the runner closes it.</summary>
        public TapServeRunner(TapServeOptions options, TapDevice tap, TextWriter log = null)
        {
            RequireOptions(options);
            if (tap == null) throw new ArgumentNullException(nameof(tap), "Pass the opened TapDevice.");
            if (!options.Dhcp && options.Address == 0)
                throw new ArgumentException("Give the stack an address (--ip A.B.C.D/NN) or ask for one with --dhcp.", nameof(options));
            _options = options;
            _tap = tap;
            _log = log ?? TextWriter.Null;
            INetDevice device = tap;
            if (options.PcapPath != null)
            {
                // Timestamps from the runner's clock; the writer flushes on Dispose.
                _pcap = new PcapWriter(tap, new FileStream(options.PcapPath, FileMode.Create, FileAccess.Write), () => NowMs, true);
                device = _pcap;
            }
            DeviceOptions d = DeviceProfiles.Desktop(device);
            d.Name = "tap " + options.TapName;
            d.Chip = "TAP";
            // A TAP peer is the Linux kernel at memory speed: the largest window TCP can
            // advertise without window scaling (65535) keeps a bulk transfer from idling on
            // ACKs; the board profiles keep their small rings.
            d.Tcp.ReceiveBufferSize = 65535;
            d.Tcp.SendBufferSize = 65535;
            d.Entropy = SystemEntropy.Instance;
            if (options.Dhcp)
            {
                d.Address = new AddressOptions { UseDhcp = true, DhcpTimeoutMs = 0 }; // keep asking, no fallback
            }
            else
            {
                d.Address = AddressOptions.Static(options.Address, options.PrefixLength, options.Gateway);
            }
            options.Configure?.Invoke(d);
            Device = new DeviceStack(d);
            Device.Start(NowMs);
        }

        public TapServeOptions Options => _options;
        public TapDevice Tap => _tap;
        public NetworkInterface Interface => Device.Interface;
        public TcpStack Tcp => Device.Tcp;

        /// <summary>Milliseconds since the runner was made: the stack's clock.</summary>
        public long NowMs => _clock.ElapsedMilliseconds;

        /// <summary>The exception that ended the loop, if one did.</summary>
        public Exception Failure => _failure;

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
            _pcap?.Dispose();
            _tap.Dispose();
        }

        private void Loop()
        {
            while (!_stopping)
            {
                long now = NowMs;
                RunQueued();
                Device.Poll(now);
                if (_apps.Count > 0)
                {
                    for (int i = 0; i < _apps.Count; i++) _apps[i].Poll(this, now);
                    // Whatever the test apps queued goes out in this pass, not after the next sleep.
                    Device.Poll(now);
                }
                LogAddressChange();

                long wait = Device.NextDeadline(now) - NowMs;
                if (wait > MaxIdleWaitMs) wait = MaxIdleWaitMs;
                if (wait > 0 && _queued.IsEmpty) _tap.WaitForFrame((int)wait);
            }
        }

        private void LogAddressChange()
        {
            uint address = Interface.LocalAddress;
            if (address == _loggedAddress) return;
            _loggedAddress = address;
            if (_options.Dhcp)
                _log.WriteLine(address != 0
                    ? "nanotcp: DHCP lease " + Ipv4Address.ToString(address) + " from " + Ipv4Address.ToString(Interface.Dhcp.ServerAddress) + " for " + Interface.Dhcp.LeaseSeconds + " s"
                    : "nanotcp: DHCP lease lost");
        }

        private void RunQueued()
        {
            while (_queued.TryDequeue(out Action a)) a();
        }

        private static TapServeOptions RequireOptions(TapServeOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options), "Pass TapServeOptions (TAP name and --ip or --dhcp).");
            return options;
        }
    }

    /// <summary>Something that runs on the stack's loop thread after every poll (test peers, diagnostics).</summary>
    public interface ILoopApp
    {
        void Poll(TapServeRunner runner, long nowMs);
    }
}
