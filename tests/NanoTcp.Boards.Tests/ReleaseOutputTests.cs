using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace NanoTcp.Boards.Tests
{
    /// <summary>
    /// Board output that survives a Release build. nanoFramework's mscorlib 1.17.11 marks
    /// Debug.Write and Debug.WriteLine [Conditional("DEBUG")], so a Release build compiles
    /// those calls away and the board prints nothing; Console.WriteLine is not conditional
    /// and goes to the same serial/debugger channel. These tests read the assemblies the
    /// nanoFramework compile checks (tests/NanoTcp.Boards.NanoFramework) built from the board
    /// sources, and the mscorlib they were built against.
    /// </summary>
    public class ReleaseOutputTests
    {
        private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0

        private static string CompileCheckOutput(string project, string assembly)
        {
            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "NanoTcp.sln"))) root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
            string path = Path.Combine(root, "tests", "NanoTcp.Boards.NanoFramework", project, "bin", Configuration, "netstandard2.0", assembly + ".dll");
            Assert.True(File.Exists(path), path + " is missing: the nanoFramework compile check did not build (dotnet build NanoTcp.sln)");
            return path;
        }

        /// <summary>"Type::Method" of every method the assembly calls in another assembly.</summary>
        private static HashSet<string> CalledMethods(string path)
        {
            using var pe = new PEReader(File.OpenRead(path));
            MetadataReader md = pe.GetMetadataReader();
            var called = new HashSet<string>();
            foreach (MemberReferenceHandle h in md.MemberReferences)
            {
                MemberReference m = md.GetMemberReference(h);
                if (m.Parent.Kind != HandleKind.TypeReference) continue;
                TypeReference t = md.GetTypeReference((TypeReferenceHandle)m.Parent);
                called.Add(md.GetString(t.Namespace) + "." + md.GetString(t.Name) + "::" + md.GetString(m.Name));
            }
            return called;
        }

        public static TheoryData<string, string, bool> BoardAssemblies => new TheoryData<string, string, bool>
        {
            { "SelfTest", "NanoTcp.SelfTest.CompileCheck", true },
            { "Esp32W5500", "NanoTcp.Esp32W5500", true },
            { "Esp32Enc28j60", "NanoTcp.Esp32Enc28j60", true },
            { "SelfTest", "NanoTcp", false }, // the portable core as nanoFramework builds it: prints nothing at all
        };

        [Theory]
        [MemberData(nameof(BoardAssemblies))]
        public void Board_code_prints_through_Console_never_through_Debug_which_Release_builds_drop(string project, string assembly, bool prints)
        {
            HashSet<string> called = CalledMethods(CompileCheckOutput(project, assembly));
            foreach (string m in called)
                Assert.False(m.StartsWith("System.Diagnostics.Debug::Write", StringComparison.Ordinal) || m == "System.Diagnostics.Debug::Print",
                    assembly + " calls " + m + ", which nanoFramework's mscorlib compiles away outside DEBUG: print with Console.WriteLine");
            if (prints) Assert.Contains("System.Console::WriteLine", called);
        }

        [Fact]
        public void NanoFramework_mscorlib_keeps_Console_WriteLine_in_Release_and_drops_Debug_WriteLine()
        {
            // The premise of the test above, read from the mscorlib the boards compile against.
            string mscorlib = Path.Combine(Path.GetDirectoryName(CompileCheckOutput("SelfTest", "NanoTcp.SelfTest.CompileCheck"))!, "mscorlib.dll");
            using var pe = new PEReader(File.OpenRead(mscorlib));
            MetadataReader md = pe.GetMetadataReader();
            bool debugConditional = false, consoleConditional = false, consoleFound = false;
            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition t = md.GetTypeDefinition(th);
                string name = md.GetString(t.Namespace) + "." + md.GetString(t.Name);
                if (name != "System.Diagnostics.Debug" && name != "System.Console") continue;
                foreach (MethodDefinitionHandle mh in t.GetMethods())
                {
                    MethodDefinition m = md.GetMethodDefinition(mh);
                    if (md.GetString(m.Name) != "WriteLine") continue;
                    if (name == "System.Console") consoleFound = true;
                    foreach (CustomAttributeHandle ah in m.GetCustomAttributes())
                    {
                        if (!IsConditional(md, md.GetCustomAttribute(ah))) continue;
                        if (name == "System.Console") consoleConditional = true; else debugConditional = true;
                    }
                }
            }
            Assert.True(consoleFound, "System.Console.WriteLine exists in nanoFramework's mscorlib");
            Assert.False(consoleConditional);
            Assert.True(debugConditional);
        }

        private static bool IsConditional(MetadataReader md, CustomAttribute a)
        {
            string typeName;
            if (a.Constructor.Kind == HandleKind.MemberReference)
            {
                MemberReference ctor = md.GetMemberReference((MemberReferenceHandle)a.Constructor);
                typeName = md.GetString(md.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name);
            }
            else
            {
                MethodDefinition ctor = md.GetMethodDefinition((MethodDefinitionHandle)a.Constructor);
                typeName = md.GetString(md.GetTypeDefinition(ctor.GetDeclaringType()).Name);
            }
            return typeName == "ConditionalAttribute";
        }
    }
}
