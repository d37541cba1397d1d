using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoTcp.Tests.Quality
{
    /// <summary>One decoded IL instruction: where it starts, its opcode, its operand (token or branch targets).</summary>
    public sealed class IlInstruction
    {
        public int Offset;
        public OpCode OpCode;
        public int Size;
        public int Token;
        /// <summary>Branch targets (absolute IL offsets) of br*, leave and switch.</summary>
        public int[] Targets = Array.Empty<int>();

        public bool IsBranch => Targets.Length > 0;
        /// <summary>Control does not fall through to the next instruction.</summary>
        public bool EndsFlow => OpCode.FlowControl == FlowControl.Branch || OpCode.FlowControl == FlowControl.Return || OpCode.FlowControl == FlowControl.Throw;
        public override string ToString() => "IL_" + Offset.ToString("x4") + ": " + OpCode.Name;
    }

    /// <summary>One method body of an assembly on disk, decoded with System.Reflection.Metadata.</summary>
    public sealed class IlMethod
    {
        public string TypeName;
        public string Name;
        public List<IlInstruction> Instructions = new List<IlInstruction>();
        public string FullName => TypeName + "::" + Name;
        public override string ToString() => FullName;
    }

    /// <summary>
    /// A small IL decoder (ECMA-335 III): reads every method body of an assembly file, with the
    /// opcode table taken from System.Reflection.Emit.OpCodes, so tests and benchmarks can reason
    /// about the compiled code (string literals, instructions per loop trip) rather than its source.
    /// </summary>
    public static class IlReader
    {
        private static readonly Dictionary<short, OpCode> OpCodesByValue = BuildTable();

        private static Dictionary<short, OpCode> BuildTable()
        {
            var table = new Dictionary<short, OpCode>();
            foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var op = (OpCode)f.GetValue(null)!;
                table[op.Value] = op;
            }
            return table;
        }

        /// <summary>Every method with a body in the assembly at path.</summary>
        public static List<IlMethod> ReadAssembly(string path)
        {
            var result = new List<IlMethod>();
            using var stream = System.IO.File.OpenRead(path);
            using var pe = new PEReader(stream);
            MetadataReader md = pe.GetMetadataReader();
            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition type = md.GetTypeDefinition(th);
                string typeName = FullTypeName(md, type);
                foreach (MethodDefinitionHandle mh in type.GetMethods())
                {
                    MethodDefinition method = md.GetMethodDefinition(mh);
                    if (method.RelativeVirtualAddress == 0) continue;
                    MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    result.Add(new IlMethod
                    {
                        TypeName = typeName,
                        Name = md.GetString(method.Name),
                        Instructions = Decode(body.GetILBytes()!),
                    });
                }
            }
            return result;
        }

        private static string FullTypeName(MetadataReader md, TypeDefinition type)
        {
            string name = md.GetString(type.Name);
            TypeDefinitionHandle declaring = type.GetDeclaringType();
            if (!declaring.IsNil) return FullTypeName(md, md.GetTypeDefinition(declaring)) + "+" + name;
            string ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        /// <summary>Decodes one method body's IL bytes.</summary>
        public static List<IlInstruction> Decode(byte[] il)
        {
            var list = new List<IlInstruction>();
            int i = 0;
            while (i < il.Length)
            {
                int start = i;
                short value = il[i++];
                if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
                if (!OpCodesByValue.TryGetValue(value, out OpCode op))
                    throw new InvalidOperationException("Unknown IL opcode 0x" + value.ToString("x") + " at " + start);
                var ins = new IlInstruction { Offset = start, OpCode = op };
                switch (op.OperandType)
                {
                    case OperandType.InlineNone: break;
                    case OperandType.ShortInlineBrTarget:
                        ins.Targets = new[] { i + 1 + (sbyte)il[i] };
                        i += 1;
                        break;
                    case OperandType.InlineBrTarget:
                        ins.Targets = new[] { i + 4 + BitConverter.ToInt32(il, i) };
                        i += 4;
                        break;
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        i += 1;
                        break;
                    case OperandType.InlineVar:
                        i += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        i += 8;
                        break;
                    case OperandType.InlineSwitch:
                        int n = BitConverter.ToInt32(il, i);
                        i += 4;
                        int end = i + 4 * n;
                        ins.Targets = new int[n];
                        for (int k = 0; k < n; k++) ins.Targets[k] = end + BitConverter.ToInt32(il, i + 4 * k);
                        i = end;
                        break;
                    default: // InlineI, InlineField, InlineMethod, InlineSig, InlineString, InlineTok, InlineType, ShortInlineR
                        ins.Token = op.OperandType == OperandType.ShortInlineR ? 0 : BitConverter.ToInt32(il, i);
                        i += 4;
                        break;
                }
                ins.Size = i - start;
                list.Add(ins);
            }
            return list;
        }
    }
}
