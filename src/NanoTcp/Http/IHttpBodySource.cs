namespace NanoTcp.Http
{
    /// <summary>
    /// A response body written in pieces while it is sent, instead of all at once into the
    /// response buffer: a body of any length then needs only one piece's room (the status JSON
    /// of a big device, a page kept as a string constant). The server asks for the next piece
    /// when TCP has taken the previous one, so nothing waits in memory but that piece.
    ///
    /// The server keeps one int of state per response and passes it in; it starts at 0, the
    /// source advances it and sets it to Done after the last piece. A source writes whole
    /// items it can restart from (a table row, a counter), so count must hold the largest
    /// item (see MinimumPiece of each source); a source that cannot fit its next item returns
    /// 0 without setting Done, and the server gives up on the response (HttpOverflows).
    /// One source serves every connection at once: all per-response state is in state.
    /// </summary>
    public interface IHttpBodySource
    {
        /// <summary>Writes the next piece into buffer[offset..offset+count); returns its length.</summary>
        int Write(ref int state, long nowMs, byte[] buffer, int offset, int count);
    }

    /// <summary>Values for IHttpBodySource state.</summary>
    public static class HttpBodyState
    {
        /// <summary>What the server passes for a new response.</summary>
        public const int Start = 0;
        /// <summary>Set by the source after its last piece.</summary>
        public const int Done = -1;
    }
}
