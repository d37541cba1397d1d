using System;
using System.IO;
using System.Security.Cryptography;
using NanoTcp.Simulation.Tap;
using NanoTcp.Testing.Tap;
using NanoTcp.Tcp;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>
    /// A scripted application on the NanoTcp side, polled on the stack's loop thread: it
    /// listens (or is handed a connection from Connect), reads everything into a SHA-256 (and
    /// the first bytes into memory), writes what it is given or a seeded pseudo-random stream,
    /// notes every event and the urgent mark, and closes or aborts when told. Tests read its
    /// fields only through runner.Invoke/WaitUntil (the loop thread owns it).
    /// </summary>
    public sealed partial class NanoPeer : ILoopApp
    {
        public const int KeptBytes = 1 << 20;
        private readonly byte[] _buffer = new byte[16384];
        private readonly IncrementalHash _receivedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly IncrementalHash _sentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _outgoing = new byte[0];
        private int _outgoingSent;
        private bool _outgoingUrgent;
        private byte[] _sourceBlock;

        // ---- what it does ----
        public int Listener = TcpStack.NoHandle;
        public int Connection = TcpStack.NoHandle;
        /// <summary>Close our side once the peer closed and all we had to send is out (discard/echo-like).</summary>
        public bool CloseWhenPeerCloses;
        /// <summary>Close our side once all we had to send (Outgoing and the source stream) is queued.</summary>
        public bool CloseWhenSent;
        /// <summary>Bytes of seeded pseudo-random data to stream out (0: none).</summary>
        public long SourceBytes;
        /// <summary>Do not read (lets the receive window fill up).</summary>
        public bool DoNotRead;

        // ---- what it saw ----
        public TcpEvents SeenEvents;
        public TcpState LastState;
        public long ReceivedBytes;
        public readonly MemoryStream Received = new MemoryStream();
        public string ReceivedSha256;
        public long SentBytes;
        public string SentSha256;
        /// <summary>Absolute stream offset of the urgent mark (first non-urgent octet), -1 before any urgent data.</summary>
        public long UrgentMark = -1;
        /// <summary>UrgentPending when TcpEvents.Urgent was first seen (bytes from the read point to the mark).</summary>
        public int UrgentPendingAtFirstSight = -1;
        public bool ClosedByUs;
        public bool AbortedByUs;
        public long AcceptedAtMs = -1;
        public long PeerClosedAtMs = -1;

        public static NanoPeer Listening(TapServeRunner runner, int port)
        {
            var peer = new NanoPeer();
            runner.Invoke(r =>
            {
                peer.Listener = r.Tcp.Listen(port);
                r.AddApp(peer);
            });
            return peer;
        }

        public static NanoPeer Connecting(TapServeRunner runner, uint remoteIp, int remotePort)
        {
            var peer = new NanoPeer();
            runner.Invoke(r =>
            {
                peer.Connection = r.Tcp.Connect(remoteIp, remotePort, r.NowMs);
                r.AddApp(peer);
            });
            return peer;
        }

        /// <summary>ABORT now (call on the loop thread, i.e. inside Invoke).</summary>
        public void Abort(TcpStack tcp)
        {
            tcp.Abort(Connection);
            AbortedByUs = true;
        }

        /// <summary>Queues bytes to send (call on the loop thread, i.e. inside Invoke).</summary>
        public void Write(byte[] data, bool urgent = false)
        {
            int pending = _outgoing.Length - _outgoingSent;
            if (pending > 0 && urgent != _outgoingUrgent) throw new InvalidOperationException("Wait until the previous write is out before switching between urgent and normal data.");
            var all = new byte[pending + data.Length];
            Buffer.BlockCopy(_outgoing, _outgoingSent, all, 0, pending);
            Buffer.BlockCopy(data, 0, all, pending, data.Length);
            _outgoing = all;
            _outgoingSent = 0;
            _outgoingUrgent = urgent;
        }

        private long _sourceSent;

        public void Poll(TapServeRunner runner, long nowMs)
        {
            TcpStack tcp = runner.Tcp;
            if (Connection == TcpStack.NoHandle)
            {
                if (Listener == TcpStack.NoHandle) return;
                Connection = tcp.Accept(Listener);
                if (Connection == TcpStack.NoHandle) return;
                AcceptedAtMs = nowMs;
            }
            if (ClosedByUs || AbortedByUs) { LastState = tcp.GetState(Connection); return; }
            TcpEvents ev = tcp.GetEvents(Connection);
            SeenEvents |= ev;
            LastState = tcp.GetState(Connection);
            if ((ev & TcpEvents.Urgent) != 0 && UrgentMark < 0)
            {
                UrgentPendingAtFirstSight = UrgentPendingOf(tcp, Connection);
                UrgentMark = ReceivedBytes + UrgentPendingAtFirstSight;
            }
            if (!DoNotRead) ReadAll(tcp);
            WriteWhatFits(tcp);
            if ((ev & TcpEvents.PeerClosed) != 0 && PeerClosedAtMs < 0) PeerClosedAtMs = nowMs;
            bool drained = (tcp.GetEvents(Connection) & TcpEvents.Readable) == 0;
            if ((ev & TcpEvents.PeerClosed) != 0 && drained && ReceivedSha256 == null) ReceivedSha256 = Convert.ToHexString(_receivedHash.GetCurrentHash()).ToLowerInvariant();
            bool sentAll = _outgoingSent == _outgoing.Length && _sourceSent >= SourceBytes;
            if (sentAll && SourceBytes > 0 && SentSha256 == null) SentSha256 = Convert.ToHexString(_sentHash.GetCurrentHash()).ToLowerInvariant();
            if ((ev & (TcpEvents.Reset | TcpEvents.TimedOut | TcpEvents.Refused)) != 0) return;
            if (sentAll && (CloseWhenSent || (CloseWhenPeerCloses && (ev & TcpEvents.PeerClosed) != 0 && drained)))
            {
                tcp.Close(Connection);
                ClosedByUs = true;
            }
        }

        private void ReadAll(TcpStack tcp)
        {
            for (int guard = 0; guard < 64; guard++)
            {
                int n = tcp.Receive(Connection, _buffer, 0, _buffer.Length);
                if (n <= 0) return;
                _receivedHash.AppendData(_buffer, 0, n);
                int keep = (int)Math.Min(n, Math.Max(0, KeptBytes - Received.Length));
                if (keep > 0) Received.Write(_buffer, 0, keep);
                ReceivedBytes += n;
            }
        }

        private void WriteWhatFits(TcpStack tcp)
        {
            for (int guard = 0; guard < 64 && _outgoingSent < _outgoing.Length; guard++)
            {
                int n = _outgoingUrgent
                    ? SendUrgentOn(tcp, Connection, _outgoing, _outgoingSent, _outgoing.Length - _outgoingSent)
                    : tcp.Send(Connection, _outgoing, _outgoingSent, _outgoing.Length - _outgoingSent);
                if (n <= 0) return;
                _outgoingSent += n;
                SentBytes += n;
            }
            if (_outgoingSent < _outgoing.Length) return;
            for (int guard = 0; guard < 64 && _sourceSent < SourceBytes; guard++)
            {
                if (_sourceBlock == null) _sourceBlock = SeededBlock(SourceSeed);
                int at = (int)(_sourceSent % _sourceBlock.Length);
                int count = (int)Math.Min(_sourceBlock.Length - at, SourceBytes - _sourceSent);
                int n = tcp.Send(Connection, _sourceBlock, at, count);
                if (n <= 0) return;
                _sentHash.AppendData(_sourceBlock, at, n);
                _sourceSent += n;
                SentBytes += n;
            }
        }

        public const int SourceSeed = 1234;

        /// <summary>A 1 MiB + 7 block (odd length, so block boundaries drift across segments) of seeded pseudo-random bytes.</summary>
        public static byte[] SeededBlock(int seed)
        {
            var block = new byte[(1 << 20) + 7];
            new Random(seed).NextBytes(block);
            return block;
        }
    }
}
