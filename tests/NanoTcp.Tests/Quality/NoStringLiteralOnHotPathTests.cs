using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection.Emit;
using NanoTcp.Net;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Tests.Quality
{
    /// <summary>
    /// On the nanoCLR every executed ldstr allocates a new string, so a literal on a packet,
    /// timer or socket path allocates per packet there, which the desktop allocation tests
    /// cannot see. This reads the compiled NanoTcp.dll and fails on any ldstr in the hot-path
    /// namespaces from which control can reach a return without passing a throw: a literal is
    /// allowed only as (part of) an exception's message. Methods that build text by design
    /// (status pages, names for logs) are listed below, each with its reason.
    /// </summary>
    public class NoStringLiteralOnHotPathTests
    {
        /// <summary>Namespaces whose code runs per packet, per timer or per socket call.</summary>
        private static readonly string[] HotNamespaces =
        {
            "NanoTcp.Wire", "NanoTcp.Net", "NanoTcp.Tcp", "NanoTcp.Drivers", "NanoTcp.Http", "NanoTcp.Services", "NanoTcp.Device",
        };

        /// <summary>Type::method (or Type::* for a whole type) that may evaluate literals, and why.</summary>
        private static readonly Dictionary<string, string> Allowed = new Dictionary<string, string>
        {
            // Construction and configuration: before the first packet, once.
            { "NanoTcp.Net.StackOptions::Validate", "runs in constructors; names the setting in the exception it may throw" },
            { "NanoTcp.Net.NetOptions::Validate", "runs in constructors; names the setting in the exception it may throw" },
            { "NanoTcp.Tcp.TcpOptions::Validate", "runs in constructors; names the setting in the exception it may throw" },
            { "NanoTcp.Http.HttpServerOptions::Validate", "runs in the HttpServer constructor; names the setting in the exception it may throw" },
            { "NanoTcp.Http.StatusPage::Register", "start-up: registers the status routes" },
            { "NanoTcp.Http.HttpStatus::Reason", "text form for logs and tests; the response path uses ReasonBytes, encoded once from it" },
            // Exception messages built in a helper that is only ever called inside a throw.
            { "NanoTcp.Tcp.ByteRing::RangeError", "returns the exception its callers throw (throw RangeError(...))" },
            { "NanoTcp.Drivers.W5500.W5500Device::DescribeWiringFault", "the message of the exception Initialize throws when the chip does not answer" },
            { "NanoTcp.Drivers.W5500.W5500Device::Hex", "formats a register value for DescribeWiringFault" },
            { "NanoTcp.Drivers.Enc28j60.Enc28j60Device::Describe", "the message of the exception Initialize throws when the chip does not answer (the recovery path only keeps the numeric reason)" },
            // Text by design, for people, never on a packet path.
            { "NanoTcp.Wire.Ipv4Address::ToString", "dotted-quad text for logs, status pages and exception messages" },
        };

        private readonly ITestOutputHelper _out;
        public NoStringLiteralOnHotPathTests(ITestOutputHelper output) { _out = output; }

        [Fact]
        public void No_string_literal_is_evaluated_outside_a_throw_in_the_hot_path_namespaces()
        {
            string path = typeof(NetworkInterface).Assembly.Location;
            var violations = new List<string>();
            int checkedMethods = 0, literalsOnThrowPaths = 0;
            foreach (IlMethod m in IlReader.ReadAssembly(path))
            {
                if (!IsHot(m.TypeName)) continue;
                checkedMethods++;
                if (Allowed.ContainsKey(m.FullName) || Allowed.ContainsKey(m.TypeName + "::*")) continue;
                // Static and instance constructors run at construction, which may allocate.
                if (m.Name == ".cctor" || m.Name == ".ctor") continue;
                foreach (IlInstruction ins in m.Instructions)
                {
                    if (ins.OpCode != OpCodes.Ldstr) continue;
                    if (CanReachReturnWithoutThrow(m, ins)) violations.Add(m.FullName + " IL_" + ins.Offset.ToString("x4"));
                    else literalsOnThrowPaths++;
                }
            }
            _out.WriteLine(checkedMethods + " methods checked; " + literalsOnThrowPaths + " literals only on throw paths");
            foreach (string v in violations) _out.WriteLine("ldstr outside a throw: " + v);
            Assert.True(checkedMethods > 200, "the hot-path namespaces were not found in " + path);
            Assert.True(violations.Count == 0, "String literals evaluated outside a throw (they allocate per call on the nanoCLR):\n" + string.Join("\n", violations));
        }

        [Fact]
        public void The_check_sees_a_literal_on_a_normal_path_and_accepts_one_in_a_throw()
        {
            // The analysis itself, on two methods of this test assembly (compiled like the core).
            var methods = IlReader.ReadAssembly(typeof(NoStringLiteralOnHotPathTests).Assembly.Location)
                .Where(m => m.TypeName == typeof(Samples).FullName!.Replace('+', '+')).ToList();
            IlMethod bad = methods.Single(m => m.Name == nameof(Samples.LiteralOnNormalPath));
            IlMethod good = methods.Single(m => m.Name == nameof(Samples.LiteralOnlyInThrow));
            IlMethod ternary = methods.Single(m => m.Name == nameof(Samples.TernaryMessageInThrow));
            Assert.Contains(bad.Instructions, i => i.OpCode == OpCodes.Ldstr && CanReachReturnWithoutThrow(bad, i));
            Assert.DoesNotContain(good.Instructions, i => i.OpCode == OpCodes.Ldstr && CanReachReturnWithoutThrow(good, i));
            Assert.DoesNotContain(ternary.Instructions, i => i.OpCode == OpCodes.Ldstr && CanReachReturnWithoutThrow(ternary, i));
        }

        internal static class Samples
        {
            public static int LiteralOnNormalPath(string s) { return s == null ? 0 : s.IndexOf("x"); }

            public static int LiteralOnlyInThrow(int n)
            {
                if (n < 0) throw new ArgumentOutOfRangeException("n", "n must be 0 or more; got " + n.ToString() + ".");
                return n + 1;
            }

            public static int TernaryMessageInThrow(int n)
            {
                if (n < 0) throw new ArgumentException(n == -1 ? "minus one" : "below minus one", "n");
                return n;
            }
        }

        private static bool IsHot(string typeName)
        {
            foreach (string ns in HotNamespaces)
                if (typeName.StartsWith(ns + ".", StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>Depth-first over the control flow from ins: true when some path reaches a
        /// ret (or leaves the method some other way than a throw) before a throw.</summary>
        internal static bool CanReachReturnWithoutThrow(IlMethod m, IlInstruction start)
        {
            var index = new Dictionary<int, int>();
            for (int k = 0; k < m.Instructions.Count; k++) index[m.Instructions[k].Offset] = k;
            var visited = new HashSet<int>();
            var stack = new Stack<int>();
            stack.Push(index[start.Offset]);
            while (stack.Count > 0)
            {
                int k = stack.Pop();
                if (!visited.Add(k)) continue;
                if (k >= m.Instructions.Count) return true;
                IlInstruction ins = m.Instructions[k];
                FlowControl flow = ins.OpCode.FlowControl;
                if (flow == FlowControl.Throw) continue; // throw, rethrow: this path allocates only to throw
                if (flow == FlowControl.Return) return true; // ret, endfinally, endfilter
                foreach (int t in ins.Targets) stack.Push(index[t]);
                if (flow != FlowControl.Branch) stack.Push(k + 1);
            }
            return false;
        }
    }
}
