using System;
using System.Diagnostics;
using NanoTcp.Simulation;
using NanoTcp.Interop.Tests.Infrastructure;
using NanoTcp.Simulation.Tap;
using NanoTcp.Testing.Tap;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Interop.Tests.Tap
{
    /// <summary>
    /// TapDevice against the Linux kernel, without NanoTcp's stack: the kernel's ARP and ping
    /// must see our hand-made replies, which proves frames go both ways unchanged.
    /// </summary>
    public sealed class TapDeviceTests
    {
        private static readonly uint NanoIp = Ipv4Address.Parse(NetNamespace.NanoIp);
        private static readonly byte[] Mac = { 0x02, 0x4e, 0x61, 0x6e, 0x6f, 0x01 };

        [InteropFact]
        public void Kernel_ARP_request_and_ping_arrive_and_hand_made_replies_are_accepted()
        {
            using (NetNamespace ns = NetNamespace.Create())
            {
                TapDevice tap = ns.OpenTap(Mac);
                Assert.True(tap.LinkUp);
                Assert.Equal(Mac, tap.MacAddress);
                BackgroundProcess ping = ns.Start("ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", NetNamespace.NanoIp);
                int arpRequests = 0, echoRequests = 0;
                Answer(tap, ping, 1514, ref arpRequests, ref echoRequests);

                Assert.True(ping.WaitForExit(5000), "ping did not end: " + ping);
                Assert.True(ping.ExitCode == 0, "ping failed: " + ping);
                Assert.Contains("3 received", ping.Stdout);
                Assert.True(arpRequests >= 1, "the kernel's ARP request never reached the TAP");
                Assert.Equal(3, echoRequests);
                string neighbours = ns.MustSh("ip neigh show " + NetNamespace.NanoIp + " dev " + NetNamespace.TapName).Stdout;
                Assert.Contains("02:4e:61:6e:6f:01", neighbours);
                Assert.Equal(0, tap.Dropped);
                Assert.Equal(0, tap.SendFailures);
            }
        }

        [InteropFact]
        public void A_frame_longer_than_1514_bytes_is_dropped_and_counted_and_the_next_one_still_arrives()
        {
            using (NetNamespace ns = NetNamespace.Create())
            {
                TapDevice tap = ns.OpenTap(Mac);
                // With a 4000-byte MTU on the Linux side the kernel sends 14 + 20 + 8 + 2000 =
                // 2042-byte echo requests unfragmented: longer than any frame TapDevice lends.
                ns.MustSh("ip link set " + NetNamespace.TapName + " mtu 4000");
                BackgroundProcess ping = ns.Start("ping", "-n", "-c", "2", "-i", "0.2", "-W", "1", "-s", "2000", NetNamespace.NanoIp);
                int arpRequests = 0, echoRequests = 0;
                Answer(tap, ping, 1514, ref arpRequests, ref echoRequests);

                Assert.True(ping.WaitForExit(5000), "ping did not end: " + ping);
                Assert.True(arpRequests >= 1, "the ARP request (which fits) did not arrive");
                Assert.Equal(0, echoRequests);
                Assert.True(tap.Dropped >= 2, "expected both 2042-byte echo requests dropped, Dropped = " + tap.Dropped);
            }
        }

        [InteropFact]
        public void Receiving_and_sending_frames_allocates_nothing()
        {
            using (NetNamespace ns = NetNamespace.Create())
            {
                TapDevice tap = ns.OpenTap(Mac);
                BackgroundProcess ping = ns.Start("ping", "-n", "-c", "40", "-i", "0.01", "-W", "2", NetNamespace.NanoIp);
                byte[] frame = new byte[1514];
                int replies = 0;
                long before = 0;
                var watch = Stopwatch.StartNew();
                while (!ping.HasExited && watch.ElapsedMilliseconds < 10000)
                {
                    if (!tap.WaitForFrame(50)) continue;
                    int n;
                    while ((n = tap.ReceiveCopy(frame, 0, frame.Length)) > 0)
                    {
                        if (HandMadeReplies.IsArpRequestFor(frame, n, NanoIp))
                            tap.Send(frame, 0, HandMadeReplies.MakeArpReply(frame, Mac, NanoIp));
                        else if (HandMadeReplies.IsEchoRequestTo(frame, n, NanoIp))
                        {
                            tap.Send(frame, 0, HandMadeReplies.MakeEchoReply(frame, n, Mac));
                            // Measure from the 5th reply on: the first calls JIT-compile the P/Invoke stubs.
                            if (++replies == 5) before = GC.GetAllocatedBytesForCurrentThread();
                        }
                    }
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(ping.WaitForExit(5000), "ping did not end: " + ping);
                Assert.Equal(40, replies);
                Assert.Equal(0, allocated);
            }
        }

        [InteropFact]
        public void Opening_a_TAP_that_is_held_by_another_descriptor_fails_with_a_message_that_says_why()
        {
            using (NetNamespace ns = NetNamespace.Create())
            {
                ns.OpenTap(Mac);
                var e = Assert.Throws<InvalidOperationException>(() => ns.OpenTap(Mac));
                Assert.Contains("tap0", e.Message);
                Assert.Contains("another process has it open", e.Message);
            }
        }

        [InteropFact]
        public void Wake_from_another_thread_ends_a_long_WaitForFrame_without_a_frame()
        {
            using (NetNamespace ns = NetNamespace.Create())
            {
                // The Linux side has no address, so the kernel sends nothing on its own.
                TapDevice tap = ns.OpenTap(Mac);
                bool? gotFrame = null;
                var waiter = new System.Threading.Thread(() => gotFrame = tap.WaitForFrame(120000));
                waiter.Start();
                System.Threading.Thread.Sleep(100);
                tap.Wake();
                Assert.True(waiter.Join(30000), "WaitForFrame(120 s) was still sleeping 30 s after Wake()");
                Assert.False(gotFrame.Value);
                byte[] frame = new byte[1514];
                Assert.Equal(0, tap.ReceiveCopy(frame, 0, frame.Length));
            }
        }

        [Fact]
        public void Bad_arguments_throw_messages_that_say_what_to_pass()
        {
            Assert.Contains("1 to 15", Assert.Throws<ArgumentException>(() => new TapDevice("a-name-that-is-too-long")).Message);
            Assert.Contains("6 bytes", Assert.Throws<ArgumentException>(() => new TapDevice("tap0", new byte[5])).Message);
            Assert.Contains("unicast", Assert.Throws<ArgumentException>(() => new TapDevice("tap0", new byte[] { 1, 0, 0, 0, 0, 1 })).Message);
        }

        /// <summary>Plays ARP and ICMP echo responder until ping ends (at most 10 s).</summary>
        private static void Answer(TapDevice tap, BackgroundProcess ping, int capacity, ref int arpRequests, ref int echoRequests)
        {
            byte[] frame = new byte[1514];
            var watch = Stopwatch.StartNew();
            while (!ping.HasExited && watch.ElapsedMilliseconds < 10000)
            {
                if (!tap.WaitForFrame(50)) continue;
                int n;
                while ((n = tap.ReceiveCopy(frame, 0, capacity)) > 0)
                {
                    if (HandMadeReplies.IsArpRequestFor(frame, n, NanoIp))
                    {
                        arpRequests++;
                        Assert.True(tap.Send(frame, 0, HandMadeReplies.MakeArpReply(frame, Mac, NanoIp)));
                    }
                    else if (HandMadeReplies.IsEchoRequestTo(frame, n, NanoIp))
                    {
                        echoRequests++;
                        Assert.True(tap.Send(frame, 0, HandMadeReplies.MakeEchoReply(frame, n, Mac)));
                    }
                }
            }
        }
    }
}
