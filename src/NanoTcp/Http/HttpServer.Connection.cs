using NanoTcp.Tcp;

namespace NanoTcp.Http
{
    // Per-connection work: read, parse, answer, stream out, close.
    public sealed partial class HttpServer
    {
        private static readonly byte[] Continue100 = HttpAscii.Literal("HTTP/1.1 100 Continue\r\n\r\n");

        private void Service(int index, long nowMs)
        {
            HttpConnectionSlot s = _slots[index];
            TcpEvents ev = _tcp.GetEvents(s.Handle);
            if ((ev & (TcpEvents.Reset | TcpEvents.TimedOut | TcpEvents.Refused)) != 0 || (ev & TcpEvents.Closed) != 0)
            {
                // The peer reset, or the connection died: release the handle, nothing to say.
                _tcp.Close(s.Handle);
                s.Release();
                Counters.Resets++;
                return;
            }
            bool peerClosed = (ev & TcpEvents.PeerClosed) != 0;

            for (int served = 0; served < _options.MaxRequestsPerPoll; served++)
            {
                if (Flush(s, nowMs)) return; // still sending: requests behind it wait (in order)
                if (s.CloseAfterFlush)
                {
                    CloseSlot(s);
                    return;
                }
                if (s.InCount < s.In.Length)
                {
                    int n = _tcp.Receive(s.Handle, s.In, s.InCount, s.In.Length - s.InCount);
                    if (n > 0)
                    {
                        s.InCount += n;
                        s.LastActivityMs = nowMs;
                    }
                }
                if (s.InCount == 0)
                {
                    if (peerClosed)
                    {
                        CloseSlot(s);
                        return;
                    }
                    break;
                }

                int r = s.Parser.Parse(s.In, 0, s.InCount);
                if (r == HttpRequestParser.NeedMore)
                {
                    // The peer closed in the middle of a head: nothing sensible to answer.
                    if (peerClosed) { CloseSlot(s); return; }
                    break;
                }
                if (r != HttpRequestParser.Complete)
                {
                    // Framing is lost after a bad head: answer and close (RFC 9112 9.6).
                    QueueError(index, r, true);
                    continue;
                }
                long need = s.Parser.HeadLength + s.Parser.ContentLength;
                if (need > s.In.Length)
                {
                    QueueError(index, HttpRequestParser.StatusPayloadTooLarge, true);
                    continue;
                }
                if (s.InCount < need)
                {
                    if (peerClosed) { CloseSlot(s); return; }
                    if (s.Parser.ExpectContinue && !s.ContinueSent && s.Parser.VersionMinor >= 1)
                    {
                        // RFC 9110 10.1.1: tell the client to send the body it announced.
                        System.Array.Copy(Continue100, 0, s.Out, 0, Continue100.Length);
                        s.OutPos = 0;
                        s.OutEnd = Continue100.Length;
                        s.ContinueSent = true;
                        continue;
                    }
                    break;
                }

                Dispatch(index, nowMs);
                Counters.Requests++;
                s.RequestsServed++;
                int used = (int)need;
                if (s.InCount > used) System.Array.Copy(s.In, used, s.In, 0, s.InCount - used);
                s.InCount -= used;
                s.Parser.Reset();
                s.ContinueSent = false;
            }

            if (nowMs - s.LastActivityMs >= _options.IdleTimeoutMs)
            {
                Counters.IdleTimeouts++;
                CloseSlot(s);
            }
        }

        /// <summary>Hands the pending response to TCP as far as the send ring takes it.
        /// Returns true while bytes remain.</summary>
        private bool Flush(HttpConnectionSlot s, long nowMs)
        {
            while (s.OutPos < s.OutEnd)
            {
                int n = _tcp.Send(s.Handle, s.Out, s.OutPos, s.OutEnd - s.OutPos);
                if (n <= 0) break;
                s.OutPos += n;
                s.LastActivityMs = nowMs;
            }
            if (s.OutPos < s.OutEnd) return IdleCheck(s, nowMs);
            while (s.ResourcePos < s.ResourceEnd)
            {
                int n = _tcp.Send(s.Handle, s.Resource, s.ResourcePos, s.ResourceEnd - s.ResourcePos);
                if (n <= 0) break;
                s.ResourcePos += n;
                s.LastActivityMs = nowMs;
            }
            if (s.ResourcePos < s.ResourceEnd) return IdleCheck(s, nowMs);
            if (s.BodySource != null)
            {
                int body = FlushBody(s, nowMs);
                if (body == BodyFailed) return true;
                if (body == BodyPending) return IdleCheck(s, nowMs);
            }
            s.ClearOutput();
            return false;
        }

        /// <summary>A peer that stops reading for the idle timeout loses its connection.</summary>
        private bool IdleCheck(HttpConnectionSlot s, long nowMs)
        {
            if (nowMs - s.LastActivityMs >= _options.IdleTimeoutMs)
            {
                Counters.IdleTimeouts++;
                _tcp.Abort(s.Handle);
                s.Release();
            }
            return true;
        }

        /// <summary>Graceful close (FIN after queued data); TCP finishes it on its own.</summary>
        private void CloseSlot(HttpConnectionSlot s)
        {
            _tcp.Close(s.Handle);
            s.Release();
        }
    }
}
