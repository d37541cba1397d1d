using System;
using System.Text.Json;
using NanoTcp.Device;
using NanoTcp.Drivers;
using NanoTcp.Http;
using NanoTcp.Net;
using NanoTcp.Services;
using NanoTcp.Tcp;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Device
{
    /// <summary>The composition root: one options object in, the whole device out.</summary>
    public class DeviceStackTests
    {
        [Fact]
        public void One_options_object_builds_interface_tcp_web_server_services_and_status_page()
        {
            var d = new DeviceOnCable().Start();
            Assert.NotNull(d.Device.Status);
            Assert.Equal(DeviceOnCable.DeviceAddress, d.Device.Interface.LocalAddress);
            Assert.Equal(AddressSource.Static, d.Device.AddressSource);
            Assert.NotNull(d.Device.Http);
            Assert.NotNull(d.Device.Services);
            Assert.True(d.Device.Http.Running);
            d.Run(20);

            string page = d.HttpGet("/");
            Assert.StartsWith("HTTP/1.1 200", page);
            Assert.Contains("status.json", page);

            string bench = DeviceOnCable.Body(d.HttpGet(BenchContent.Path));
            Assert.Equal(System.Text.Encoding.ASCII.GetString(BenchContent.Body), bench);

            using JsonDocument json = JsonDocument.Parse(DeviceOnCable.Body(d.HttpGet(StatusPage.JsonPath)));
            JsonElement root = json.RootElement;
            Assert.Equal("nanotcp", root.GetProperty("device").GetProperty("name").GetString());
            Assert.Equal("192.0.2.2", root.GetProperty("interface").GetProperty("ip").GetString());
            Assert.Equal("static", root.GetProperty("interface").GetProperty("addressSource").GetString());
            Assert.Equal(d.Device.Memory.Total, root.GetProperty("memory").GetProperty("totalBytes").GetInt64());
            Assert.Equal(d.Device.Memory.Bytes(MemoryReport.TcpRings), root.GetProperty("memory").GetProperty("parts").GetProperty("tcpRings").GetInt64());
            Assert.True(root.GetProperty("counters").GetProperty("HttpRequests").GetInt64() >= 2);
        }

        [Fact]
        public void Echo_discard_and_chargen_listen_when_the_services_are_on_and_not_otherwise()
        {
            var on = new DeviceOnCable().Start();
            int c = on.HostTcp.Connect(DeviceOnCable.DeviceAddress, SmallServices.EchoPort, on.Now);
            for (int i = 0; i < 100 && on.HostTcp.GetState(c) != TcpState.Established; i++) on.Step();
            Assert.Equal(TcpState.Established, on.HostTcp.GetState(c));
            byte[] hello = System.Text.Encoding.ASCII.GetBytes("hello");
            on.HostTcp.Send(c, hello, 0, hello.Length);
            byte[] back = new byte[16];
            int got = 0;
            for (int i = 0; i < 200 && got < 5; i++) { on.Step(); got += on.HostTcp.Receive(c, back, got, back.Length - got); }
            Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(back, 0, got));

            var off = new DeviceOnCable(configure: o => o.Services = null).Start();
            Assert.Null(off.Device.Services);
            int r = off.HostTcp.Connect(DeviceOnCable.DeviceAddress, SmallServices.EchoPort, off.Now);
            for (int i = 0; i < 100 && (off.HostTcp.GetEvents(r) & TcpEvents.Refused) == 0; i++) off.Step();
            Assert.True((off.HostTcp.GetEvents(r) & TcpEvents.Refused) != 0, "port 7 must refuse when the services are off");
        }

        [Fact]
        public void Without_a_DHCP_server_the_device_takes_its_static_fallback_after_the_timeout()
        {
            var d = new DeviceOnCable(configure: o =>
            {
                o.Address = new AddressOptions { UseDhcp = true, DhcpTimeoutMs = 3000, StaticAddress = DeviceOnCable.DeviceAddress, StaticSubnetMask = Ipv4Address.MaskFromPrefix(24) };
            }).Start();
            Assert.Equal(d.Now + 3000, d.Device.NextDeadline(d.Now) <= d.Now + 3000 ? d.Now + 3000 : -1);
            d.Run(2990);
            Assert.Equal(0u, d.Device.Interface.LocalAddress);
            Assert.Equal(AddressSource.None, d.Device.AddressSource);
            d.Run(20);
            Assert.Equal(DeviceOnCable.DeviceAddress, d.Device.Interface.LocalAddress);
            Assert.Equal(AddressSource.StaticFallback, d.Device.AddressSource);
            Assert.True(d.Device.UsingStaticFallback);
            Assert.Equal(DhcpState.Off, d.Device.Interface.Dhcp.State);
        }

        [Fact]
        public void With_a_zero_DHCP_timeout_the_device_keeps_asking_and_never_falls_back()
        {
            var d = new DeviceOnCable(configure: o =>
            {
                o.Address = new AddressOptions { UseDhcp = true, DhcpTimeoutMs = 0, StaticAddress = DeviceOnCable.DeviceAddress };
            }).Start();
            d.Run(60_000);
            Assert.Equal(0u, d.Device.Interface.LocalAddress);
            Assert.False(d.Device.UsingStaticFallback);
            Assert.NotEqual(DhcpState.Off, d.Device.Interface.Dhcp.State);
        }

        [Fact]
        public void Each_device_draws_its_own_secret_and_the_callers_options_stay_untouched()
        {
            var cable = new Cable(new CableOptions(), 4);
            var entropy = new FixedEntropy(1);
            DeviceOptions o = DeviceProfiles.Esp32WithoutPsram(cable.EndA);
            o.Entropy = entropy;
            o.Address = AddressOptions.Static(DeviceOnCable.DeviceAddress, 24, 0);
            var a = new DeviceStack(o);
            var b = new DeviceStack(o);
            Assert.Null(o.Tcp.Secret);
            Assert.NotNull(a.Options.Tcp.Secret);
            Assert.NotEqual(a.Options.Tcp.Secret, b.Options.Tcp.Secret);
            Assert.NotSame(o.Tcp, a.Options.Tcp);
            Assert.Equal(16, a.Options.Tcp.Secret.Length);
        }

        [Theory]
        [InlineData("NetDevice")]
        [InlineData("Entropy")]
        [InlineData("StatusPage")]
        [InlineData("Tcp")]
        [InlineData("StaticAddress")]
        public void Options_that_do_not_fit_together_are_refused_with_the_setting_named(string setting)
        {
            var cable = new Cable(new CableOptions(), 4);
            DeviceOptions o = DeviceProfiles.Desktop(cable.EndA);
            o.Entropy = new FixedEntropy(1);
            o.Address = AddressOptions.Static(DeviceOnCable.DeviceAddress, 24, 0);
            switch (setting)
            {
                case "NetDevice": o.NetDevice = null; break;
                case "Entropy": o.Entropy = null; break;
                case "StatusPage": o.Http = null; o.Services.Bench = false; break;
                case "Tcp": o.Tcp.Listeners = 2; break; // web + echo + discard + chargen need 4
                case "StaticAddress": o.Address = new AddressOptions { UseDhcp = false }; break;
            }
            var e = Assert.Throws<ArgumentException>(() => new DeviceStack(o));
            Assert.Contains(setting, e.Message);
        }

        [Fact]
        public void Status_json_stays_valid_when_connections_close_between_its_pieces()
        {
            // Small pieces and a small send ring: the document leaves over many polls, and
            // the connections listed early are gone before the table's end is written.
            var d = new DeviceOnCable(configure: o => { o.Http.ResponseBufferSize = 400; o.Tcp.SendBufferSize = 600; }).Start();
            d.Run(10);
            var echo = new int[10];
            for (int i = 0; i < echo.Length; i++)
            {
                echo[i] = d.HostTcp.Connect(DeviceOnCable.DeviceAddress, SmallServices.EchoPort, d.Now);
                d.Run(20);
            }
            Assert.True(d.Device.Tcp.CountInState(TcpState.Established) >= 5, "open echo connections for the table");
            int c = d.HostTcp.Connect(DeviceOnCable.DeviceAddress, 80, d.Now);
            d.Run(10);
            byte[] request = System.Text.Encoding.ASCII.GetBytes("GET /status.json HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
            d.HostTcp.Send(c, request, 0, request.Length);
            var got = new System.Collections.Generic.List<byte>();
            byte[] buf = new byte[512];
            for (int step = 0; step < 3000 && (d.HostTcp.GetEvents(c) & TcpEvents.PeerClosed) == 0; step++)
            {
                d.Step();
                int n = d.HostTcp.Receive(c, buf, 0, buf.Length);
                for (int i = 0; i < n; i++) got.Add(buf[i]);
                if (echo[0] != TcpStack.NoHandle && System.Text.Encoding.ASCII.GetString(got.ToArray()).Contains("\"tcp\":[{"))
                {
                    // The first rows are out: abort every echo connection (RST to the device).
                    for (int i = 0; i < echo.Length; i++) d.HostTcp.Abort(echo[i]);
                    echo[0] = TcpStack.NoHandle;
                }
            }
            Assert.Equal(TcpStack.NoHandle, echo[0]);
            string body = DeviceOnCable.Body(System.Text.Encoding.ASCII.GetString(got.ToArray()));
            using JsonDocument json = JsonDocument.Parse(body);
            Assert.True(json.RootElement.GetProperty("tcp").GetArrayLength() >= 1);
        }

        [Fact]
        public void Serving_the_status_json_and_polling_allocate_nothing_after_the_first_request()
        {
            var d = new DeviceOnCable(DeviceProfiles.Esp32WithoutPsram).Start();
            d.Run(20);
            Assert.StartsWith("HTTP/1.1 200", d.HttpGet(StatusPage.JsonPath)); // warm-up: JIT, lazy statics
            // The host side's helper allocates (lists, strings): measure the device's share
            // only, by running the device's own poll with the allocation counter.
            long allocated = 0;
            for (int round = 0; round < 3; round++)
            {
                int c = d.HostTcp.Connect(DeviceOnCable.DeviceAddress, 80, d.Now);
                byte[] request = System.Text.Encoding.ASCII.GetBytes("GET /status.json HTTP/1.1\r\nHost: d\r\n\r\n");
                byte[] sink = new byte[8192];
                for (int i = 0; i < 400; i++)
                {
                    d.Cable.SetTime(d.Now);
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    d.Device.Poll(d.Now);
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                    d.Host.Poll(d.Now);
                    if (i == 5) d.HostTcp.Send(c, request, 0, request.Length);
                    d.HostTcp.Receive(c, sink, 0, sink.Length);
                    d.Now++;
                }
                d.HostTcp.Close(c);
                d.Run(50);
            }
            Assert.True(d.Device.Http.Counters.Requests >= 4);
            Assert.Equal(0, allocated);
        }
    }
}
