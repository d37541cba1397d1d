using System;
using System.Threading;

namespace NanoTcp.Simulation.Tap
{
    /// <summary>
    /// Runs code inside a named Linux network namespace (one made by `ip netns add NAME`,
    /// bound at /run/netns/NAME) on a short-lived dedicated thread: setns(2) changes only the
    /// calling thread's namespace, and whatever that code opens there (a TapDevice, a socket)
    /// stays bound to the namespace when used from any other thread afterwards. The thread
    /// returns to its original namespace before it ends. Needs CAP_SYS_ADMIN (root).
    /// </summary>
    public static class NetworkNamespaces
    {
        public static T RunInside<T>(string namespaceName, Func<T> action)
        {
            if (string.IsNullOrEmpty(namespaceName) || namespaceName.IndexOf('/') >= 0)
                throw new ArgumentException("Give the name of a namespace made with `ip netns add NAME`.", "namespaceName");
            if (action == null) throw new ArgumentNullException("action");
            T result = default(T);
            Exception failure = null;
            var thread = new Thread(() =>
            {
                int original = LinuxNative.Open("/proc/thread-self/ns/net", LinuxNative.O_RDONLY | LinuxNative.O_CLOEXEC);
                int target = LinuxNative.Open("/run/netns/" + namespaceName, LinuxNative.O_RDONLY | LinuxNative.O_CLOEXEC);
                try
                {
                    if (original < 0) throw new InvalidOperationException("Cannot open /proc/thread-self/ns/net: " + LinuxNative.ErrnoText(LinuxNative.Errno) + ".");
                    if (target < 0) throw new InvalidOperationException("No network namespace \"" + namespaceName + "\" at /run/netns (make it with `ip netns add " + namespaceName + "`): " + LinuxNative.ErrnoText(LinuxNative.Errno) + ".");
                    if (LinuxNative.setns(target, LinuxNative.CLONE_NEWNET) != 0)
                        throw new InvalidOperationException("setns into \"" + namespaceName + "\" failed (needs root): " + LinuxNative.ErrnoText(LinuxNative.Errno) + ".");
                    try { result = action(); }
                    finally
                    {
                        // Go home before the thread is reused or ends; failing here would leave
                        // a runtime thread in a foreign namespace, so make it loud.
                        if (LinuxNative.setns(original, LinuxNative.CLONE_NEWNET) != 0)
                            Environment.FailFast("setns back to the original network namespace failed: " + LinuxNative.ErrnoText(LinuxNative.Errno));
                    }
                }
                catch (Exception e) { failure = e; }
                finally
                {
                    if (original >= 0) LinuxNative.close(original);
                    if (target >= 0) LinuxNative.close(target);
                }
            });
            thread.IsBackground = true;
            thread.Name = "netns " + namespaceName;
            thread.Start();
            thread.Join();
            if (failure != null) throw new InvalidOperationException("In network namespace \"" + namespaceName + "\": " + failure.Message, failure);
            return result;
        }
    }
}
