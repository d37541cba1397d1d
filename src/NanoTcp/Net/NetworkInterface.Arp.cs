using System;
using NanoTcp.Wire;
using ArpLayout = NanoTcp.Wire.Arp;
using DhcpMessageLayout = NanoTcp.Wire.Dhcp;

namespace NanoTcp.Net
{
    // ARP (RFC 826, RFC 1122 2.3.2): answering, learning, resolving with bounded retries,
    // holding one frame per entry, expiry, gratuitous announcements.
    public sealed partial class NetworkInterface
    {
        private readonly ArpPacket _arpIn = new ArpPacket();
        private readonly ArpPacket _arpOut = new ArpPacket();

        private void HandleArp(int offset, int length, long nowMs)
        {
            if (ArpLayout.TryParse(_rx, offset, length, _arpIn) != ParseStatus.Ok) { _counters.DroppedArpMalformed++; return; }
            _counters.ArpIn++;
            uint senderIp = _arpIn.SenderIp;
            uint targetIp = _arpIn.TargetIp;
            uint local = LocalAddress;
            int senderMac = _arpIn.SenderHardwareOffset;
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
            if (forUs && _arpIn.Operation == ArpLayout.OperationRequest)
            {
                WriteArp(ArpLayout.OperationReply, _rx, senderMac, senderIp);
                if (SendFrame(_arpTx, Ethernet.MinimumFrameLength)) _counters.ArpRepliesSent++;
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
                _arp.CopyMac(i, _tx, _txFrame + Ethernet.DestinationOffset);
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
            Array.Copy(_tx, _txFrame, _arp.PendingBuffer(entry), _txFrame, frameLength);
            _arp.SetPendingLength(entry, frameLength);
        }

        private void SendPendingFrame(int entry)
        {
            int length = _arp.PendingLength(entry);
            if (length == 0) return;
            byte[] frame = _arp.PendingBuffer(entry);
            _arp.CopyMac(entry, frame, _txFrame + Ethernet.DestinationOffset);
            _arp.SetPendingLength(entry, 0);
            SendFrame(frame, length);
        }

        private void SendArpRequest(int entry, long nowMs)
        {
            WriteArp(ArpLayout.OperationRequest, null, 0, _arp.GetAddress(entry));
            // RFC 1122 2.3.2.1: at most one request per second per destination (default interval).
            _arp.SetNextRequest(entry, nowMs + _options.ArpRetryIntervalMs);
            if (SendFrame(_arpTx, Ethernet.MinimumFrameLength)) _counters.ArpRequestsSent++;
        }

        /// <summary>Gratuitous ARP (RFC 5227 3, announcement): a request with sender and target
        /// protocol address both ours, so neighbours update stale entries.</summary>
        private void SendGratuitousArp()
        {
            WriteArp(ArpLayout.OperationRequest, null, 0, LocalAddress);
            if (SendFrame(_arpTx, Ethernet.MinimumFrameLength)) _counters.ArpGratuitousSent++;
        }

        /// <summary>ARP packet into _arpTx at _txFrame: a reply goes to targetMac, a request to broadcast.</summary>
        private void WriteArp(int operation, byte[] targetMac, int targetMacOffset, uint targetIp)
        {
            int f = _txFrame;
            if (targetMac == null) Ethernet.WriteBroadcast(_arpTx, f + Ethernet.DestinationOffset);
            else Array.Copy(targetMac, targetMacOffset, _arpTx, f + Ethernet.DestinationOffset, 6);
            Array.Copy(_mac, 0, _arpTx, f + Ethernet.SourceOffset, 6);
            NetworkOrder.WriteUInt16(_arpTx, f + Ethernet.EtherTypeOffset, Ethernet.EtherTypeArp);
            ArpPacket p = _arpOut;
            p.Operation = operation;
            p.SenderHardware = _mac;
            p.SenderHardwareOffset = 0;
            p.SenderIp = LocalAddress;
            p.TargetHardware = targetMac;
            p.TargetHardwareOffset = targetMacOffset;
            p.TargetIp = targetIp;
            ArpLayout.Write(_arpTx, f + Ethernet.HeaderLength, p);
            // The padding to the 60-byte minimum frame is zeroed each time: a device may have
            // written its preamble over the headroom, and INetDevice.Send leaves the sent bytes undefined.
            Array.Clear(_arpTx, f + Ethernet.HeaderLength + ArpLayout.PacketLength, Ethernet.MinimumFrameLength - Ethernet.HeaderLength - ArpLayout.PacketLength);
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
