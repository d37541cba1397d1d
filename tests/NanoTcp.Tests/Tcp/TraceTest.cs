using System;
using System.Collections.Generic;
using NanoTcp.Net;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>
    /// Base of every trace test class. Traces are made through <see cref="Trace"/> (TcpTrace's
    /// constructor wants an owner, so a trace cannot escape this), and when the test ends
    /// xunit disposes the class, which runs <see cref="TcpTrace.EndOfTest"/> on each: no
    /// segment left unexamined, then the leak check (lwIP's tcp_remove_all + MEMP stats).
    /// A failure there fails the test.
    /// </summary>
    public abstract class TraceTest : IDisposable
    {
        private readonly List<TcpTrace> _traces = new List<TcpTrace>();

        /// <summary>A new scripted trace, checked for leaks when the test ends.</summary>
        protected TcpTrace Trace(uint iss = TcpTrace.DefaultIss, uint peerIss = TcpTrace.DefaultPeerIss, Action<StackOptions> configure = null)
            => new TcpTrace(this, iss, peerIss, configure);

        internal void Register(TcpTrace t) => _traces.Add(t);

        public void Dispose()
        {
            foreach (TcpTrace t in _traces) t.EndOfTest();
        }
    }
}
