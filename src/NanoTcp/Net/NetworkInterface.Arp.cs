using System;
using NanoTcp.Wire;
using ArpPacket = NanoTcp.Wire.Arp;
using DhcpMessageLayout = NanoTcp.Wire.Dhcp;

namespace NanoTcp.Net
{
    // ARP (RFC 826, RFC 1122 2.3.2): answering, learning, resolving with bounded retries,
    // holding one frame per entry, expiry, gratuitous announcements.
    public sealed partial class NetworkInterface
    {
        private void HandleArp(int offset, int length, long nowMs)
        {
            if (!ArpPacket.IsValid(_rx, offset, length)) { _counters.DroppedArpMalformed++; return; }
            _counters.ArpIn++;
            uint senderIp = ArpPacket.GetSenderIp(_rx, offset);
            uint targetIp = ArpPacket.GetTargetIp(_rx, offset);
            uint local = LocalAddress;
            int senderMac = offset + ArpPacket.SenderHardwareOffset;
            // A sender MAC that is broadcast/multicast, or a sender IP that cannot be a host,
            // would poison the cache: note the packet (counted above) and learn nothing.
            if (Ethernet.IsGroup(_rx, senderMac) || senderIp == 0 || senderIp == 0xFFFFFFFF || Ipv4.IsMulticast(senderIp)) return;
            if (local != 0 && senderIp == local) return; // someone else claims our address; RFC 5227 defence not implemented

            // RFC 826 "Packet reception": if the sender is in the table, update it (merge flag);
            // if we are the target and it was not, add it, but never over an entry in use
            // (ArpCache: an ARP flood must not evict a peer we talk to). Then answer requests for us.
            bool forUs = local != 0 && targetIp == local;
            int i = _arp.Find(senderIp);
            if (i < 0 && forUs) i = _arp.AllocateUnsolicited(senderIp, nowMs);
            if (i >= 0)
            {
                _arp.SetResolved(i, _rx, senderMac, nowMs + _options.ArpEntryLifetimeMs, nowMs);
                SendPendingFrame(i);
            }
            if (forUs && ArpPacket.GetOperation(_rx, offset) == ArpPacket.OperationRequest)
            {
                WriteArp(ArpPacket.OperationReply, _rx, senderMac, senderIp);
                if (SendFrame(_arpTx, _arpTx.Length)) _counters.ArpRepliesSent++;
            }
        }

        /// <summary>Frame in _tx (Ethernet source and type written) to nextHop: fill in its MAC
        /// from the cache, or hold the frame and start resolving.</summary>
        private bool ResolveAndSend(uint nextHop, int frameLength, long nowMs)
        {
            int i = _arp.Find(nextHop);
            if (i >= 0 && _arp.GetState(i) == ArpEntryState.Resolved)
            {
                _arp.Touch(i, nowMs);
                _arp.CopyMac(i, _tx, Ethernet.DestinationOffset);
                return SendFrame(_tx, frameLength);
            }
            if (i < 0)
            {
                bool dropped;
                i = _arp.Allocate(nextHop, nowMs, out dropped);
                if (dropped) _counters.ArpPendingDropped++;
                HoldFrame(i, frameLength);
                SendArpRequest(i, nowMs);
                return true;
            }
            // Resolving already: RFC 1122 2.3.2.2 SHOULD keep the latest packet; the older one goes.
            HoldFrame(i, frameLength);
            return true;
        }

        private void HoldFrame(int entry, int frameLength)
        {
            if (_arp.PendingLength(entry) > 0) _counters.ArpPendingDropped++;
            Array.Copy(_tx, 0, _arp.PendingBuffer(entry), 0, frameLength);
            _arp.SetPendingLength(entry, frameLength);
        }

        private void SendPendingFrame(int entry)
        {
            int length = _arp.PendingLength(entry);
            if (length == 0) return;
            byte[] frame = _arp.PendingBuffer(entry);
            _arp.CopyMac(entry, frame, Ethernet.DestinationOffset);
            _arp.SetPendingLength(entry, 0);
            SendFrame(frame, length);
        }

        private void SendArpRequest(int entry, long nowMs)
        {
            WriteArp(ArpPacket.OperationRequest, null, 0, _arp.GetAddress(entry));
            // RFC 1122 2.3.2.1: at most one request per second per destination (default interval).
            _arp.SetNextRequest(entry, nowMs + _options.ArpRetryIntervalMs);
            if (SendFrame(_arpTx, _arpTx.Length)) _counters.ArpRequestsSent++;
        }

        /// <summary>Gratuitous ARP (RFC 5227 3, announcement): a request with sender and target
        /// protocol address both ours, so neighbours update stale entries.</summary>
        private void SendGratuitousArp()
        {
            WriteArp(ArpPacket.OperationRequest, null, 0, LocalAddress);
            if (SendFrame(_arpTx, _arpTx.Length)) _counters.ArpGratuitousSent++;
        }

        /// <summary>ARP packet into _arpTx: a reply goes to targetMac, a request to broadcast.</summary>
        private void WriteArp(int operation, byte[] targetMac, int targetMacOffset, uint targetIp)
        {
            if (targetMac == null) Ethernet.WriteBroadcast(_arpTx, Ethernet.DestinationOffset);
            else Array.Copy(targetMac, targetMacOffset, _arpTx, Ethernet.DestinationOffset, 6);
            Array.Copy(_mac, 0, _arpTx, Ethernet.SourceOffset, 6);
            NetworkOrder.WriteUInt16(_arpTx, Ethernet.EtherTypeOffset, Ethernet.EtherTypeArp);
            ArpPacket.Write(_arpTx, Ethernet.HeaderLength, operation, _mac, LocalAddress, targetMac, targetMacOffset, targetIp);
            // Bytes 42..59 stay zero: the padding to the 60-byte minimum frame.
        }

        private void PollArp(long nowMs)
        {
            for (int i = 0; i < _arp.Capacity; i++)
            {
                ArpEntryState s = _arp.GetState(i);
                if (s == ArpEntryState.Free || _arp.GetDeadline(i) > nowMs) continue;
                if (s == ArpEntryState.Resolved)
                {
                    _arp.Free(i); // expired: the next send resolves again
                }
                else if (_arp.GetRequestsSent(i) >= _options.ArpMaxRequests)
                {
                    // Bounded retries: give up, drop the held frame (its sender's retransmission covers it).
                    _counters.ArpResolveFailures++;
                    if (_arp.HasPendingFrame(i)) _counters.ArpPendingDropped++;
                    _arp.Free(i);
                }
                else
                {
                    SendArpRequest(i, nowMs);
                }
            }
        }

        private long ArpDeadline()
        {
            long deadline = long.MaxValue;
            for (int i = 0; i < _arp.Capacity; i++)
            {
                if (_arp.GetState(i) != ArpEntryState.Free && _arp.GetDeadline(i) < deadline) deadline = _arp.GetDeadline(i);
            }
            return deadline;
        }
    }
}
