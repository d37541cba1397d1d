#nullable disable
using System;
using System.Threading;

namespace NanoTcp.Testing.Tap
{
    /// <summary>
    /// The test hook (diagnostic code path; the command line never uses it): the interop tests
    /// host the runner in-process and need NanoTcp-side behaviour beyond the standard services
    /// (send urgent data, Abort, connect as a client, watch for a reset, look at TIME-WAIT).
    /// Rather than a wire protocol of its own, which would add traffic to the captures under
    /// test, they queue work onto the loop thread with Invoke, and attach ILoopApp peers (a
    /// SHA-256 sink, a data source) that the loop polls.
    /// </summary>
    public sealed partial class TapServeRunner
    {
        /// <summary>
        /// Runs action on the loop thread between polls and returns its result, waiting at most
        /// timeoutMs. Exceptions thrown by the action come back to the caller.
        /// </summary>
        public T Invoke<T>(Func<TapServeRunner, T> action, int timeoutMs = 10000)
        {
            if (action == null) throw new ArgumentNullException("action");
            if (_thread == null) throw new InvalidOperationException("Start() the runner before Invoke: only the loop thread may touch the stack.");
            if (_failure != null) throw new InvalidOperationException("The stack loop has failed: " + _failure.Message, _failure);
            if (Thread.CurrentThread == _thread) return action(this); // already on the loop (a nested call)
            T result = default(T);
            Exception error = null;
            using (var done = new ManualResetEventSlim(false))
            {
                _queued.Enqueue(() =>
                {
                    try { result = action(this); }
                    catch (Exception e) { error = e; }
                    finally { done.Set(); }
                });
                _tap.Wake();
                if (!done.Wait(timeoutMs))
                    throw new TimeoutException("The stack loop did not run the queued action within " + timeoutMs + " ms" + (_failure != null ? ": it failed: " + _failure.Message : "."));
            }
            if (error != null) throw new InvalidOperationException("On the stack loop: " + error.Message, error);
            return result;
        }

        /// <summary>Runs action on the loop thread (see Invoke).</summary>
        public void Invoke(Action<TapServeRunner> action, int timeoutMs = 10000)
        {
            Invoke<bool>(r => { action(r); return true; }, timeoutMs);
        }

        /// <summary>Polls condition on the loop thread until it holds or timeoutMs passes; false on timeout.</summary>
        public bool WaitUntil(Func<TapServeRunner, bool> condition, int timeoutMs)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < timeoutMs)
            {
                if (Invoke(condition, timeoutMs)) return true;
                Thread.Sleep(5);
            }
            return Invoke(condition, timeoutMs);
        }

        /// <summary>Adds an app that the loop polls after every interface poll (call on the loop thread, or through Invoke).</summary>
        public void AddApp(ILoopApp app)
        {
            if (app == null) throw new ArgumentNullException("app");
            _apps.Add(app);
        }

        public void RemoveApp(ILoopApp app)
        {
            _apps.Remove(app);
        }
    }
}
