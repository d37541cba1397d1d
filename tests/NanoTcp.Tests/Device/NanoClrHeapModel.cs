using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;
using NanoTcp.Device;

namespace NanoTcp.Tests.Device
{
    /// <summary>
    /// Walks a real object graph on desktop .NET and adds up what it would take on the nanoCLR
    /// heap, with the same layout rules MemoryReport uses (12-byte blocks; an object is a
    /// header block plus one block per instance field; an array a 20-byte header plus packed
    /// elements, references 12 bytes each). It is the check on MemoryReport's arithmetic:
    /// the report is computed from options, this counts what the constructors really built.
    /// Strings are not counted (literals live in the assembly, in flash); nor are delegates
    /// and reflection objects (the device code has none).
    /// </summary>
    internal sealed class NanoClrHeapModel
    {
        private readonly HashSet<object> _seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        /// <summary>Called for every object counted, with its bytes (for finding what is big).</summary>
        public Action<object, long> OnObject;

        private readonly HashSet<object> _boundaries = new HashSet<object>(ReferenceEqualityComparer.Instance);

        /// <summary>Objects the walk never enters (other layers' roots, the network device).</summary>
        public void Boundary(object o)
        {
            if (o != null) _boundaries.Add(o);
        }

        /// <summary>Bytes reachable from root (root included) not counted by an earlier walk.</summary>
        public long Walk(object root)
        {
            long total = 0;
            var stack = new Stack<object>();
            if (root != null) stack.Push(root);
            while (stack.Count > 0)
            {
                object o = stack.Pop();
                if (o is string || o is Delegate || o is MemberInfo || o is Pointer) continue;
                if (!_seen.Add(o)) continue;
                Type t = o.GetType();
                if (t.IsArray)
                {
                    var a = (Array)o;
                    Type e = t.GetElementType();
                    if (e.IsPrimitive || e.IsEnum)
                    {
                        long bytes = MemoryReport.Blocks(20 + a.Length * ElementSize(e));
                        OnObject?.Invoke(o, bytes);
                        total += bytes;
                    }
                    else
                    {
                        OnObject?.Invoke(o, MemoryReport.ReferenceArray(a.Length));
                        total += MemoryReport.ReferenceArray(a.Length);
                        foreach (object item in a) if (item != null && !_boundaries.Contains(item)) stack.Push(item);
                    }
                    continue;
                }
                int fields = 0;
                for (Type c = t; c != null && c != typeof(object); c = c.BaseType)
                {
                    foreach (FieldInfo f in c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        fields++;
                        if (f.FieldType.IsValueType) continue;
                        object v = f.GetValue(o);
                        if (v != null && !_boundaries.Contains(v)) stack.Push(v);
                    }
                }
                OnObject?.Invoke(o, MemoryReport.Object(fields));
                total += MemoryReport.Object(fields);
            }
            return total;
        }

        /// <summary>Instance fields of a type, inherited ones included (as the nanoCLR counts them).</summary>
        public static int FieldCount(Type t)
        {
            int n = 0;
            for (Type c = t; c != null && c != typeof(object); c = c.BaseType)
                n += c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Length;
            return n;
        }

        private static int ElementSize(Type e)
        {
            if (e.IsEnum) e = Enum.GetUnderlyingType(e);
            if (e == typeof(byte) || e == typeof(sbyte) || e == typeof(bool)) return 1;
            if (e == typeof(short) || e == typeof(ushort) || e == typeof(char)) return 2;
            if (e == typeof(long) || e == typeof(ulong) || e == typeof(double)) return 8;
            return 4;
        }
    }

    /// <summary>One built device measured layer by layer with the nanoCLR model.</summary>
    internal sealed class LayerSizes
    {
        public long Net, Tcp, Http, Services, Device;
        public long Total => Net + Tcp + Http + Services + Device;

        public static LayerSizes Of(DeviceStack device)
        {
            var m = new NanoClrHeapModel();
            DeviceOptions o = device.Options;
            // What the network device owns (its buffers, which it lends the interface) was
            // fixed by the board, not by the root: mark it seen without counting it.
            m.Walk(o.NetDevice);
            m.Walk(o.DriverCounters);
            m.Walk(o.Entropy);
            m.Boundary(device);
            m.Boundary(device.Interface);
            m.Boundary(device.Tcp);
            m.Boundary(device.Http);
            m.Boundary(device.Services);
            m.Boundary(device.Status);
            var s = new LayerSizes
            {
                Net = m.Walk(device.Interface),
                Tcp = m.Walk(device.Tcp),
                Services = m.Walk(device.Services),
            };
            // The web server's routes lead to the status handlers and DeviceStatus (a boundary);
            // /bench's body is a shared static, counted here.
            s.Http = m.Walk(device.Http);
            if (o.Services != null && o.Services.Bench) s.Services += m.Walk(NanoTcp.Services.BenchContent.Body);
            s.Device = m.Walk(device) + m.Walk(device.Status);
            return s;
        }

        public static LayerSizes Of(MemoryReport r)
        {
            return new LayerSizes
            {
                Net = r.Bytes(MemoryReport.FrameBuffers) + r.Bytes(MemoryReport.Arp) + r.Bytes(MemoryReport.Udp) + r.Bytes(MemoryReport.Interface),
                Tcp = r.Bytes(MemoryReport.TcpRings) + r.Bytes(MemoryReport.TcpOutOfOrder) + r.Bytes(MemoryReport.TcpConnections),
                Http = r.Bytes(MemoryReport.HttpServer) + r.Bytes(MemoryReport.StatusPage),
                Services = r.Bytes(MemoryReport.Services),
                Device = r.Bytes(MemoryReport.Device),
            };
        }

        public override string ToString() => $"net {Net}, tcp {Tcp}, http {Http}, services {Services}, device {Device}, total {Total}";
    }
}
