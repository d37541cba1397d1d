using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Tests.Fixtures;
using NanoTcp.Tests.Tcp;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Net
{
    /// <summary>
    /// Issue 13, ARP: RFC 826's merge rule (update what we know; add only what we asked for or
    /// what talks to us) and "entries in use are not evicted by unsolicited traffic", bounded
    /// and counted (ArpCache.LearnRefused, ArpCache.Evictions).
    /// </summary>
    public class ArpFloodTests
    {
        static readonly byte[] MacB = { 2, 0, 0, 0, 0, 0x0b };

        static byte[] ArpFrom(byte[] senderMac, uint senderIp, uint targetIp, int op = Arp.OperationRequest)
        {
            byte[] f = new byte[60];
            Ethernet.WriteBroadcast(f, 0);
            Ethernet.WriteHeader(f, 0, f, 0, senderMac, Ethernet.EtherTypeArp);
            Arp.Write(f, 14, new ArpPacket { Operation = op, SenderHardware = senderMac, SenderIp = senderIp, TargetIp = targetIp });
            return f;
        }

        static byte[] MacOf(int n) => new byte[] { 2, 0, 0, 1, (byte)(n >> 8), (byte)n };

        [Fact]
        public void RFC826_merge_rule_unsolicited_senders_never_evict_entries_in_use()
        {
            var dev = new ScriptedDevice(MacB);
            var b = new NetworkInterface(dev, new NetOptions { ArpCacheEntries = 2 });
            b.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, 0);
            uint h1 = Ipv4Address.Make(192, 0, 2, 11), h2 = Ipv4Address.Make(192, 0, 2, 12);
            b.Ping(h1, 1, 1, 10);                                           // we ask: both entries in use
            b.Ping(h2, 1, 1, 10);
            dev.Inbox.Enqueue(ArpFrom(MacOf(1), h1, SimPair.AddressB, Arp.OperationReply));
            dev.Inbox.Enqueue(ArpFrom(MacOf(2), h2, SimPair.AddressB, Arp.OperationReply));
            b.Poll(20);
            long requests = b.Counters.ArpRequestsSent;
            dev.Sent.Clear();

            for (int n = 0; n < 50; n++)                                    // 50 spoofed senders ask for us
                dev.Inbox.Enqueue(ArpFrom(MacOf(100 + n), Ipv4Address.Make(192, 0, 2, (byte)(100 + n)), SimPair.AddressB));
            for (int k = 0; k < 10; k++) b.Poll(30 + k);

            Assert.Equal(50, b.Arp.LearnRefused);                           // none cached...
            Assert.Equal(50, b.Counters.ArpRepliesSent);                    // ...but every one answered
            Assert.Equal(0, b.Arp.Evictions);
            byte[] mac = new byte[6];
            b.Arp.CopyMac(b.Arp.Find(h1), mac, 0);
            Assert.Equal(MacOf(1), mac);
            b.Arp.CopyMac(b.Arp.Find(h2), mac, 0);
            Assert.Equal(MacOf(2), mac);
            b.Ping(h1, 1, 2, 50);                                           // no new resolution needed
            b.Ping(h2, 1, 2, 50);
            Assert.Equal(requests, b.Counters.ArpRequestsSent);

            // The merge rule still updates what we know (a peer's new NIC).
            dev.Inbox.Enqueue(ArpFrom(MacOf(9), h1, Ipv4Address.Make(192, 0, 2, 200)));
            b.Poll(60);
            b.Arp.CopyMac(b.Arp.Find(h1), mac, 0);
            Assert.Equal(MacOf(9), mac);
        }

        [Fact]
        public void RFC826_merge_rule_unused_learned_entries_make_room_oldest_first_and_expire()
        {
            var dev = new ScriptedDevice(MacB);
            var b = new NetworkInterface(dev, new NetOptions { ArpCacheEntries = 3 });
            b.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, 0);
            uint peer = Ipv4Address.Make(192, 0, 2, 11);
            b.Ping(peer, 1, 1, 10);
            dev.Inbox.Enqueue(ArpFrom(MacOf(1), peer, SimPair.AddressB, Arp.OperationReply));
            b.Poll(10);
            for (int n = 0; n < 6; n++)
            {
                dev.Inbox.Enqueue(ArpFrom(MacOf(100 + n), Ipv4Address.Make(192, 0, 2, (byte)(100 + n)), SimPair.AddressB));
                b.Poll(20 + n);
            }
            // Two free entries taken, then the unused learned ones replace each other oldest first.
            Assert.Equal(4, b.Arp.Evictions);
            Assert.Equal(0, b.Arp.LearnRefused);
            Assert.True(b.Arp.Find(peer) >= 0);
            Assert.True(b.Arp.Find(Ipv4Address.Make(192, 0, 2, 104)) >= 0);
            Assert.True(b.Arp.Find(Ipv4Address.Make(192, 0, 2, 105)) >= 0);
            Assert.Equal(-1, b.Arp.Find(Ipv4Address.Make(192, 0, 2, 103)));
            // Bounded: every entry, in use or not, is gone after its lifetime.
            b.Poll(30 + b.Options.ArpEntryLifetimeMs);
            Assert.Equal(0, b.Arp.Used);
        }

        [Fact]
        public void ARP_flood_does_not_cost_a_bulk_transfer_its_peer_entry()
        {
            var net = new CableNet(new CableOptions { DelayMs = 1 },
                new TcpOptions { SendBufferSize = 16384, ReceiveBufferSize = 16384 },
                new TcpOptions { SendBufferSize = 16384, ReceiveBufferSize = 16384 }, framesInFlight: 1024);
            net.Open(9000, out int onA, out int onB);
            long requestsBefore = net.InterfaceA.Counters.ArpRequestsSent;
            const long total = 128 * 1024;
            using var flow = new BulkFlow(net.A, onA, net.B, onB, total, net.Now);
            long end = net.Now + 600_000;
            int same = 0, spoofed = 0;
            while (!flow.Done)
            {
                // Twelve spoofed senders per step ask for A: more than its 8 ARP entries.
                for (int k = 0; k < 12; k++, spoofed++)
                {
                    int n = spoofed % 200;
                    net.Cable.EndB.Send(ArpFrom(MacOf(n), Ipv4Address.Make(192, 0, 2, (byte)(20 + n)), CableNet.AddressA), 0, 60);
                }
                net.Step();
                Assert.True(net.InterfaceA.Arp.Find(CableNet.AddressB) >= 0, "A lost B's entry at t=" + net.Now);
                if (flow.Pump(net.Now)) continue;
                Assert.True(net.AdvanceToNextEvent(end, ref same), "no progress: " + net.Describe());
            }
            Assert.Equal(flow.SentSha256(), flow.ReceivedSha256());
            Assert.Equal(requestsBefore, net.InterfaceA.Counters.ArpRequestsSent); // B never resolved again
            // The flood churned the other seven entries among themselves.
            Assert.True(net.InterfaceA.Arp.Evictions > spoofed / 2, "evictions " + net.InterfaceA.Arp.Evictions + " of " + spoofed);
            Assert.True(spoofed > 500, "flood too small: " + spoofed);
        }
    }
}
