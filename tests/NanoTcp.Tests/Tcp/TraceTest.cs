using System;
using System.Collections.Generic;
using NanoTcp.Net;
using NanoTcp.Tcp;

namespace NanoTcp.Tests.Tcp
{
    /// <summary>Something a TCP test builds that must be found clean when the test ends.</summary>
    public interface IEndOfTest
    {
        /// <summary>Throws (failing the test) when something was left behind.</summary>
        void EndOfTest();
    }

    /// <summary>
    /// Base of every TCP test class. Traces are made through <see cref="Trace"/> (TcpTrace's
    /// constructor wants an owner, so a trace cannot escape this); two-stack networks
    /// (StackPair, CableNet) through <see cref="Checked"/>. When the test ends xunit disposes
    /// the class, which runs EndOfTest on each: for a trace, no segment left unexamined; for
    /// all, the leak check (lwIP's tcp_remove_all + MEMP stats, see TcpLeakCheck). A failure
    /// there fails the test.
    /// </summary>
    public abstract class TraceTest : IDisposable
    {
        private readonly List<IEndOfTest> _checks = new List<IEndOfTest>();

        /// <summary>A new scripted trace, checked for leaks when the test ends.</summary>
        protected TcpTrace Trace(uint iss = TcpTrace.DefaultIss, uint peerIss = TcpTrace.DefaultPeerIss, Action<TcpOptions> configure = null)
            => new TcpTrace(this, iss, peerIss, configure);

        /// <summary>Registers a network of stacks for the end-of-test leak check; returns it.</summary>
        protected T Checked<T>(T network) where T : IEndOfTest
        {
            _checks.Add(network);
            return network;
        }

        internal void Register(IEndOfTest t) => _checks.Add(t);

        public void Dispose()
        {
            foreach (IEndOfTest t in _checks) t.EndOfTest();
        }
    }
}
