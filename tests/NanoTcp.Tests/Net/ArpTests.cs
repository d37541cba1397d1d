using System.Linq;
using NanoTcp.Net;
using NanoTcp.Tests.Fixtures;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Net
{
    public class ArpTests
    {
        static readonly uint Nobody = Ipv4Address.Make(192, 0, 2, 99);

        [Fact]
        public void Resolution_gives_up_after_ArpMaxRequests_and_drops_the_held_frame()
        {
            var p = new SimPair();
            p.A.Ping(Nobody, 1, 1, p.Now);
            p.RunFor(60_000);
            Assert.Equal(p.A.Options.ArpMaxRequests, p.A.Counters.ArpRequestsSent);
            Assert.Equal(1, p.A.Counters.ArpResolveFailures);
            Assert.Equal(1, p.A.Counters.ArpPendingDropped);
            Assert.Equal(0, p.A.Arp.Used);
            Assert.Equal(long.MaxValue, p.A.NextDeadline(p.Now)); // nothing left to do
        }

        [Fact]
        public void Requests_are_spaced_by_the_retry_interval()
        {
            var rec = (RecordingDevice)null;
            var p = new SimPair(wrapA: d => rec = new RecordingDevice(d, null));
            rec.Clock = p.Clock;
            rec.Sent.Clear();
            long t0 = p.Now;
            p.A.Ping(Nobody, 1, 1, p.Now);
            p.RunFor(10_000);
            var times = rec.Sent.Where(s => Ethernet.GetEtherType(s.Frame, 0) == Ethernet.EtherTypeArp).Select(s => s.AtMs - t0).ToArray();
            Assert.Equal(new long[] { 0, 1000, 2000 }, times);
        }

        [Fact]
        public void Only_the_latest_frame_waits_for_resolution()
        {
            // RFC 1122 2.3.2.2: SHOULD save at least one (the latest) packet.
            var p = new SimPair();
            p.A.Ping(SimPair.AddressB, 1, 1, p.Now);
            p.A.Ping(SimPair.AddressB, 1, 2, p.Now);
            p.RunFor(100);
            Assert.Equal(1, p.A.Counters.ArpPendingDropped);
            Assert.Equal(1, p.B.Counters.IcmpEchoRequestsIn);
            Assert.Equal(2, p.A.LastEchoReplySequence);
        }

        [Fact]
        public void Resolved_entries_expire_after_their_lifetime()
        {
            var p = new SimPair();
            p.A.Ping(SimPair.AddressB, 1, 1, p.Now);
            p.RunFor(100);
            int i = p.A.Arp.Find(SimPair.AddressB);
            Assert.Equal(ArpEntryState.Resolved, p.A.Arp.GetState(i));
            byte[] mac = new byte[6];
            p.A.Arp.CopyMac(i, mac, 0);
            Assert.Equal(p.Cable.EndB.MacAddress, mac);
            p.RunFor(p.A.Options.ArpEntryLifetimeMs);
            Assert.Equal(-1, p.A.Arp.Find(SimPair.AddressB));
            // and the next send resolves again
            p.A.Ping(SimPair.AddressB, 1, 2, p.Now);
            p.RunFor(100);
            Assert.Equal(2, p.A.Counters.ArpRequestsSent);
            Assert.Equal(2, p.A.Counters.IcmpEchoRepliesIn);
        }

        static readonly byte[] MacB = { 2, 0, 0, 0, 0, 0x0b };

        static byte[] ArpFrom(byte[] senderMac, uint senderIp, uint targetIp, int op = Arp.OperationRequest)
        {
            byte[] f = new byte[60];
            Ethernet.WriteBroadcast(f, 0);
            Ethernet.WriteHeader(f, 0, f, 0, senderMac, Ethernet.EtherTypeArp);
            Arp.Write(f, 14, new ArpPacket { Operation = op, SenderHardware = senderMac, SenderIp = senderIp, TargetIp = targetIp });
            return f;
        }

        [Fact]
        public void Gratuitous_ARP_updates_an_existing_entry_but_creates_none()
        {
            var dev = new ScriptedDevice(MacB);
            var b = new NetworkInterface(dev, new NetOptions());
            b.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, 0);
            dev.Inbox.Enqueue(Frames.Bytes(Frames.ArpRequest)); // A asks for B: B learns A
            b.Poll(1);
            byte[] newMac = { 2, 0, 0, 0, 0, 0x77 };
            dev.Inbox.Enqueue(ArpFrom(newMac, SimPair.AddressA, SimPair.AddressA)); // A moved to a new NIC
            dev.Inbox.Enqueue(ArpFrom(newMac, Ipv4Address.Make(192, 0, 2, 50), Ipv4Address.Make(192, 0, 2, 50)));
            b.Poll(2);
            byte[] mac = new byte[6];
            b.Arp.CopyMac(b.Arp.Find(SimPair.AddressA), mac, 0);
            Assert.Equal(newMac, mac);
            Assert.Equal(-1, b.Arp.Find(Ipv4Address.Make(192, 0, 2, 50)));
            Assert.Equal(3, b.Counters.ArpIn);
        }

        [Fact]
        public void Full_cache_replaces_the_least_recently_used_resolved_entry()
        {
            var dev = new ScriptedDevice(MacB);
            var b = new NetworkInterface(dev, new NetOptions { ArpCacheEntries = 2 });
            b.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, 0);
            uint h1 = Ipv4Address.Make(192, 0, 2, 11), h2 = Ipv4Address.Make(192, 0, 2, 12), h3 = Ipv4Address.Make(192, 0, 2, 13);
            dev.Inbox.Enqueue(ArpFrom(new byte[] { 2, 0, 0, 0, 1, 1 }, h1, SimPair.AddressB)); b.Poll(10);
            dev.Inbox.Enqueue(ArpFrom(new byte[] { 2, 0, 0, 0, 1, 2 }, h2, SimPair.AddressB)); b.Poll(20);
            b.Ping(h1, 1, 1, 30); // uses h1: h2 is now the least recently used
            dev.Inbox.Enqueue(ArpFrom(new byte[] { 2, 0, 0, 0, 1, 3 }, h3, SimPair.AddressB)); b.Poll(40);
            Assert.True(b.Arp.Find(h1) >= 0);
            Assert.Equal(-1, b.Arp.Find(h2));
            Assert.True(b.Arp.Find(h3) >= 0);
        }

        [Fact]
        public void Full_cache_of_resolving_entries_evicts_the_oldest_and_counts_its_frame()
        {
            var dev = new ScriptedDevice(MacB);
            var b = new NetworkInterface(dev, new NetOptions { ArpCacheEntries = 2 });
            b.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, 0);
            b.Ping(Ipv4Address.Make(192, 0, 2, 11), 1, 1, 10);
            b.Ping(Ipv4Address.Make(192, 0, 2, 12), 1, 1, 20);
            b.Ping(Ipv4Address.Make(192, 0, 2, 13), 1, 1, 30);
            Assert.Equal(-1, b.Arp.Find(Ipv4Address.Make(192, 0, 2, 11)));
            Assert.Equal(1, b.Counters.ArpPendingDropped);
            Assert.Equal(3, b.Counters.ArpRequestsSent);
        }

        [Fact]
        public void Requests_for_other_hosts_are_not_answered_and_poison_nothing()
        {
            var dev = new ScriptedDevice(MacB);
            var b = new NetworkInterface(dev, new NetOptions());
            b.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, 0);
            dev.Sent.Clear();
            dev.Inbox.Enqueue(ArpFrom(new byte[] { 2, 0, 0, 0, 1, 1 }, Ipv4Address.Make(192, 0, 2, 11), Ipv4Address.Make(192, 0, 2, 12)));
            dev.Inbox.Enqueue(ArpFrom(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, Ipv4Address.Make(192, 0, 2, 14), SimPair.AddressB));
            b.Poll(1);
            Assert.Empty(dev.Sent);
            Assert.Equal(0, b.Arp.Used);
        }

        [Fact]
        public void Off_subnet_destinations_resolve_the_gateway()
        {
            var p = new SimPair(configure: false);
            p.A.SetStaticAddress(SimPair.AddressA, SimPair.Mask, SimPair.AddressB, p.Now);
            p.B.SetStaticAddress(SimPair.AddressB, SimPair.Mask, 0, p.Now);
            Assert.True(p.A.Ping(Ipv4Address.Make(198, 51, 100, 7), 1, 1, p.Now));
            p.RunFor(100);
            Assert.True(p.A.Arp.Find(SimPair.AddressB) >= 0);      // gateway resolved
            Assert.Equal(-1, p.A.Arp.Find(Ipv4Address.Make(198, 51, 100, 7)));
            Assert.Equal(1, p.B.Counters.DroppedIpNotForUs);       // B is no router: drops it, counted
            var q = new SimPair();                                  // no gateway: no route
            Assert.False(q.A.Ping(Ipv4Address.Make(198, 51, 100, 7), 1, 1, q.Now));
            Assert.Equal(1, q.A.Counters.IpNoRoute);
        }
    }
}
