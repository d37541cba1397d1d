using System;
using System.Collections.Generic;
using System.Text;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Net;
using NanoTcp.Tcp;
using NanoTcp.Wire;

namespace NanoTcp.Tests.Device
{
    /// <summary>
    /// A device built by DeviceStack on one end of the in-memory cable and a plain host stack
    /// on the other (192.0.2.1), on a virtual clock stepped 1 ms at a time.
    /// </summary>
    internal sealed class DeviceOnCable
    {
        public static readonly uint HostAddress = Ipv4Address.Make(192, 0, 2, 1);
        public static readonly uint DeviceAddress = Ipv4Address.Make(192, 0, 2, 2);

        public readonly Cable Cable = new Cable(new CableOptions(), 64);
        public readonly DeviceOptions Options;
        public DeviceStack Device;
        public readonly NetworkInterface Host;
        public readonly TcpStack HostTcp;
        public long Now = 1000;

        /// <param name="profile">DeviceProfiles.Desktop by default.</param>
        public DeviceOnCable(Func<INetDevice, DeviceOptions> profile = null, Action<DeviceOptions> configure = null)
        {
            Options = (profile ?? DeviceProfiles.Desktop)(Cable.EndA);
            Options.Entropy = new FixedEntropy(3);
            Options.Address = AddressOptions.Static(DeviceAddress, 24, 0);
            configure?.Invoke(Options);
            Host = new NetworkInterface(Cable.EndB, new NetOptions());
            HostTcp = new TcpStack(Host, new TcpOptions { Secret = new byte[16], ReceiveBufferSize = 65536, Connections = 32 });
            Host.AddTransport(HostTcp);
            Host.SetStaticAddress(HostAddress, Ipv4Address.MaskFromPrefix(24), 0, Now);
        }

        /// <summary>Builds and starts the device (separate from the constructor so a test can change Options first).</summary>
        public DeviceOnCable Start()
        {
            Device = new DeviceStack(Options);
            Device.Start(Now);
            return this;
        }

        public void Step()
        {
            Cable.SetTime(Now);
            Device.Poll(Now);
            Host.Poll(Now);
            Now++;
        }

        public void Run(long ms)
        {
            long end = Now + ms;
            while (Now < end) Step();
        }

        /// <summary>GET path with Connection: close; the whole response (head and body) as text.</summary>
        public string HttpGet(string path, long maxMs = 5000)
        {
            int c = HostTcp.Connect(Device.Interface.LocalAddress, Device.Options.Http.Port, Now);
            byte[] request = Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: device\r\nConnection: close\r\n\r\n");
            bool sent = false;
            var response = new List<byte>();
            byte[] buf = new byte[4096];
            long end = Now + maxMs;
            while (Now < end)
            {
                Step();
                if (!sent && HostTcp.GetState(c) == TcpState.Established)
                {
                    HostTcp.Send(c, request, 0, request.Length);
                    sent = true;
                }
                int n;
                while ((n = HostTcp.Receive(c, buf, 0, buf.Length)) > 0)
                    for (int i = 0; i < n; i++) response.Add(buf[i]);
                if (sent && (HostTcp.GetEvents(c) & (TcpEvents.PeerClosed | TcpEvents.Reset | TcpEvents.Closed)) != 0 && HostTcp.ReceiveAvailable(c) <= 0) break;
            }
            HostTcp.Close(c);
            Run(10);
            return Encoding.ASCII.GetString(response.ToArray());
        }

        /// <summary>The body of a 200 response, de-chunked when the device sent it in chunks.</summary>
        public static string Body(string response)
        {
            int head = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (!response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) || head < 0)
                throw new InvalidOperationException("not a 200 response: " + (response.Length > 300 ? response.Substring(0, 300) : response));
            string body = response.Substring(head + 4);
            if (response.Substring(0, head).IndexOf("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) < 0) return body;
            var sb = new StringBuilder();
            int p = 0;
            while (true)
            {
                int eol = body.IndexOf("\r\n", p, StringComparison.Ordinal);
                int size = Convert.ToInt32(body.Substring(p, eol - p), 16);
                if (size == 0) return sb.ToString();
                sb.Append(body, eol + 2, size);
                p = eol + 2 + size + 2;
            }
        }
    }
}
