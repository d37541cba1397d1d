namespace NanoTcp.Http
{
    // Bodies written in pieces (IHttpBodySource): each piece is written into the
    // connection's response buffer once TCP has taken the previous one.
    public sealed partial class HttpServer
    {
        private const int BodyComplete = 0;
        private const int BodyPending = 1;
        private const int BodyFailed = 2;

        // Room before a chunk for its size line ("FFFFFF\r\n") and after it for CRLF.
        private const int ChunkHeadRoom = 8;
        private const int ChunkTailRoom = 2;
        private static readonly byte[] LastChunk = HttpAscii.Literal("0\r\n\r\n");

        private int FlushBody(HttpConnectionSlot s, long nowMs)
        {
            for (int guard = 0; guard < 64; guard++)
            {
                while (s.OutPos < s.OutEnd)
                {
                    int sent = _tcp.Send(s.Handle, s.Out, s.OutPos, s.OutEnd - s.OutPos);
                    if (sent <= 0) return BodyPending;
                    s.OutPos += sent;
                    s.LastActivityMs = nowMs;
                }
                if (s.BodySource == null) return BodyComplete;
                if (s.BodyState == HttpBodyState.Done)
                {
                    s.BodySource = null;
                    if (!s.BodyChunked) return BodyComplete;
                    // RFC 9112 7.1: the last chunk has size zero, then the (empty) trailer section.
                    System.Array.Copy(LastChunk, 0, s.Out, 0, LastChunk.Length);
                    s.OutPos = 0;
                    s.OutEnd = LastChunk.Length;
                    continue;
                }
                int start = s.BodyChunked ? ChunkHeadRoom : 0;
                int room = s.Out.Length - start - (s.BodyChunked ? ChunkTailRoom : 0);
                int n = s.BodySource.Write(ref s.BodyState, nowMs, s.Out, start, room);
                if (n <= 0)
                {
                    if (s.BodyState == HttpBodyState.Done) continue;
                    // The source's next item does not fit the response buffer: a configuration
                    // error (raise ResponseBufferSize). The response cannot be finished.
                    Counters.Overflows++;
                    _tcp.Abort(s.Handle);
                    s.Release();
                    return BodyFailed;
                }
                s.OutPos = start;
                s.OutEnd = start + n;
                if (s.BodyChunked)
                {
                    // RFC 9112 7.1: chunk-size in hex, CRLF, the data, CRLF.
                    int digits = 1;
                    for (int v = n >> 4; v != 0; v >>= 4) digits++;
                    int at = start - 2 - digits;
                    for (int d = digits - 1, v = n; d >= 0; d--, v >>= 4) s.Out[at + d] = HexDigit(v & 0xF);
                    s.Out[start - 2] = HttpAscii.ByteCR;
                    s.Out[start - 1] = HttpAscii.ByteLF;
                    s.Out[s.OutEnd++] = HttpAscii.ByteCR;
                    s.Out[s.OutEnd++] = HttpAscii.ByteLF;
                    s.OutPos = at;
                }
            }
            return BodyPending; // many small pieces in one poll: the rest next poll
        }

        private static byte HexDigit(int v)
        {
            return (byte)(v < 10 ? '0' + v : 'A' + v - 10);
        }
    }
}
