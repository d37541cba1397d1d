using System;
using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace NanoTcp.Interop.Tests.Infrastructure
{
    /// <summary>
    /// Whether this machine can run the interop tests: root (for network namespaces and TAP),
    /// /dev/net/tun, and the `ip` tool. Policy: on a developer machine without these the
    /// tests are skipped with the reason; under CI (environment CI=true, which .ci/run's
    /// caller sets and where root is guaranteed) they are never skipped, so a broken CI
    /// machine fails loudly instead of passing an empty suite.
    /// </summary>
    public static class InteropEnvironment
    {
        [DllImport("libc")]
        private static extern uint geteuid();

        public static readonly bool IsCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Null when the interop tests can run here; otherwise what is missing and how to fix it.</summary>
        public static readonly string Unavailable = Probe();

        private static string Probe()
        {
            if (!OperatingSystem.IsLinux()) return "interop tests need Linux (network namespaces and TAP devices)";
            if (geteuid() != 0) return "interop tests need root (network namespaces, TAP devices): run `sudo dotnet test tests/NanoTcp.Interop.Tests`";
            if (!File.Exists("/dev/net/tun")) return "interop tests need /dev/net/tun: `modprobe tun` (in a container: --device /dev/net/tun)";
            if (FindOnPath("ip") == null) return "interop tests need the `ip` tool: apt-get install iproute2";
            return null;
        }

        public static string FindOnPath(string program)
        {
            string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
            foreach (string dir in (path + ":/usr/sbin:/sbin").Split(':'))
            {
                if (dir.Length == 0) continue;
                string candidate = Path.Combine(dir, program);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>Fails (CI) or explains (elsewhere) when a program a test needs is missing.</summary>
        public static void RequireProgram(string program, string debianPackage)
        {
            if (FindOnPath(program) == null)
                Assert.Fail("`" + program + "` is not installed: apt-get install " + debianPackage + " (.ci/run installs it).");
        }
    }

    /// <summary>
    /// A [Fact] that is skipped, with the reason, where interop cannot run, except under CI
    /// (see InteropEnvironment), where it always runs.
    /// </summary>
    public sealed class InteropFactAttribute : FactAttribute
    {
        public InteropFactAttribute()
        {
            if (InteropEnvironment.Unavailable != null && !InteropEnvironment.IsCi)
                Skip = InteropEnvironment.Unavailable;
        }
    }
}
