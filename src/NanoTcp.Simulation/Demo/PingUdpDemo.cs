using System.IO;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Wire;

namespace NanoTcp.Simulation.Demo
{
    /// <summary>
    /// Two NanoTcp interfaces on the in-memory cable (2 ms one-way delay, virtual clock):
    /// ARP, four pings, a UDP echo and a datagram to a closed port, printing what happens.
    /// It runs before the web server exists; it does not touch any real network.
    /// Returns 0 when every step worked, 1 otherwise.
    /// </summary>
    public static class PingUdpDemo
    {
        public static int Run(TextWriter output)
        {
            var clock = new VirtualClock();
            var cable = new Cable(new CableOptions { DelayMs = 2 }, 32);
            var a = new NetworkInterface(cable.EndA, new StackOptions());
            var b = new NetworkInterface(cable.EndB, new StackOptions());
            uint ipA = Ipv4Address.Make(192, 0, 2, 1), ipB = Ipv4Address.Make(192, 0, 2, 2);
            uint mask = Ipv4Address.MaskFromPrefix(24);
            a.SetStaticAddress(ipA, mask, 0, clock.NowMs);
            b.SetStaticAddress(ipB, mask, 0, clock.NowMs);
            output.WriteLine("NanoTcp demo: two stacks on a simulated cable (2 ms each way, virtual time).");
            output.WriteLine($"  A = {Ipv4Address.ToString(ipA)}  B = {Ipv4Address.ToString(ipB)}  (both announced with a gratuitous ARP)");
            bool ok = true;

            for (int seq = 1; seq <= 4; seq++)
            {
                long before = a.Counters.IcmpEchoRepliesIn;
                a.Ping(ipB, 0x4e54, seq, clock.NowMs);
                RunFor(clock, cable, a, b, 1000);
                bool got = a.Counters.IcmpEchoRepliesIn > before;
                ok &= got;
                output.WriteLine(got
                    ? $"  ping {Ipv4Address.ToString(ipB)} seq={seq}: reply from {Ipv4Address.ToString(a.LastEchoReplySource)} time={a.LastEchoReplyRttMs} ms{(seq == 1 ? " (includes ARP resolution)" : "")}"
                    : $"  ping {Ipv4Address.ToString(ipB)} seq={seq}: no reply");
            }

            UdpSocket client = a.OpenUdp(0);
            UdpSocket echo = b.OpenUdp(7);
            byte[] message = System.Text.Encoding.ASCII.GetBytes("hello from A over UDP");
            byte[] buffer = new byte[1500];
            client.SendTo(ipB, 7, message, 0, message.Length, clock.NowMs);
            RunFor(clock, cable, a, b, 100);
            int n = echo.ReceiveFrom(buffer, 0, buffer.Length);
            ok &= n == message.Length;
            output.WriteLine($"  B port 7 got {n} bytes from {Ipv4Address.ToString(echo.RemoteAddress)}:{echo.RemotePort}: \"{System.Text.Encoding.ASCII.GetString(buffer, 0, n < 0 ? 0 : n)}\"");
            if (n >= 0) echo.SendTo(echo.RemoteAddress, echo.RemotePort, buffer, 0, n, clock.NowMs);
            RunFor(clock, cable, a, b, 100);
            n = client.ReceiveFrom(buffer, 0, buffer.Length);
            ok &= n == message.Length;
            output.WriteLine($"  A port {client.LocalPort} got the echo back: {n} bytes from {Ipv4Address.ToString(client.RemoteAddress)}:{client.RemotePort}");

            client.SendTo(ipB, 9, message, 0, 4, clock.NowMs);
            RunFor(clock, cable, a, b, 100);
            ok &= client.IcmpErrors == 1;
            output.WriteLine($"  A -> B port 9 (closed): ICMP type {client.LastIcmpType} code {client.LastIcmpCode} (port unreachable) came back");

            output.WriteLine($"  after {clock.NowMs} ms of virtual time:");
            PrintCounters(output, "A", a);
            PrintCounters(output, "B", b);
            output.WriteLine($"  cable: {cable.FramesSent} frames sent, {cable.FramesDelivered} delivered");
            output.WriteLine(ok ? "demo: OK" : "demo: FAILED (see above)");
            return ok ? 0 : 1;
        }

        private static void PrintCounters(TextWriter output, string name, NetworkInterface iface)
        {
            InterfaceCounters c = iface.Counters;
            output.WriteLine($"    {name}: frames in {c.FramesIn} (all accounted: {c.FramesIn == c.SumOfOutcomes()}), out {c.FramesOut}; " +
                             $"ARP requests {c.ArpRequestsSent}, replies {c.ArpRepliesSent}; echo requests in {c.IcmpEchoRequestsIn}, replies in {c.IcmpEchoRepliesIn}; " +
                             $"UDP delivered {c.UdpDelivered}, no port {c.DroppedUdpNoPort}");
        }

        /// <summary>Polls both interfaces, jumping the virtual clock from deadline to deadline.</summary>
        private static void RunFor(VirtualClock clock, Cable cable, NetworkInterface a, NetworkInterface b, long ms)
        {
            long end = clock.NowMs + ms;
            while (true)
            {
                cable.SetTime(clock.NowMs);
                for (int i = 0; i < 100; i++)
                {
                    a.Poll(clock.NowMs);
                    b.Poll(clock.NowMs);
                    if (cable.NextDeliveryMs > clock.NowMs) break;
                }
                if (clock.NowMs >= end) return;
                long next = end;
                long d = a.NextDeadline(clock.NowMs); if (d < next) next = d;
                d = b.NextDeadline(clock.NowMs); if (d < next) next = d;
                d = cable.NextDeliveryMs; if (d < next) next = d;
                if (next <= clock.NowMs) next = clock.NowMs + 1;
                clock.AdvanceTo(next);
            }
        }
    }
}
