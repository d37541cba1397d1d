using System.Threading;
using NanoTcp.Boards.Desktop;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Boards.Tests
{
    /// <summary>The desktop board apps' command line (System.CommandLine): defaults that match
    /// the wiring in hw/, and every bad value refused with what to give instead.</summary>
    public class BoardCommandLineTests
    {
        private static readonly BoardDefaults Defaults = new BoardDefaults { SpiClockHz = 20_000_000, ResetPin = 24, InterruptPin = 25, BusId = 0, ChipSelect = 0, PinWord = "BCM GPIO" };

        private static BoardCommandLine Line() => new BoardCommandLine("test app", Defaults, (s, c) => 0);

        [Fact]
        public void No_arguments_give_DHCP_with_the_documented_fallback_and_the_wiring_defaults()
        {
            BoardSettings s = Line().TryParse(new string[0], out string errors);
            Assert.Null(errors);
            Assert.True(s.Address.UseDhcp);
            Assert.Equal(20_000, s.Address.DhcpTimeoutMs);
            Assert.Equal(Ipv4Address.Make(192, 168, 1, 200), s.Address.StaticAddress);
            Assert.Equal(Ipv4Address.Make(192, 168, 1, 1), s.Address.StaticGateway);
            Assert.Equal(80, s.HttpPort);
            Assert.Equal(new byte[] { 0x02, 0x4E, 0x54, 0x00, 0x00, 0x01 }, s.MacAddress);
            Assert.Equal((20_000_000, 24, 25, 0, 0), (s.SpiClockHz, s.ResetPin, s.InterruptPin, s.BusId, s.ChipSelect));
        }

        [Fact]
        public void Static_addressing_with_gateway_port_mac_and_pins()
        {
            BoardSettings s = Line().TryParse(new[] { "--no-dhcp", "--static", "10.1.2.3/16", "--gateway", "10.1.0.1", "--port", "8080",
                "--mac", "02-aa-bb-cc-dd-ee", "--reset-pin", "-1", "--int-pin", "-1", "--spi-hz", "8000000", "--dhcp-timeout", "5" }, out string errors);
            Assert.Null(errors);
            Assert.False(s.Address.UseDhcp);
            Assert.Equal(Ipv4Address.Make(10, 1, 2, 3), s.Address.StaticAddress);
            Assert.Equal(Ipv4Address.MaskFromPrefix(16), s.Address.StaticSubnetMask);
            Assert.Equal(Ipv4Address.Make(10, 1, 0, 1), s.Address.StaticGateway);
            Assert.Equal(8080, s.HttpPort);
            Assert.Equal(new byte[] { 0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE }, s.MacAddress);
            Assert.Equal(-1, s.ResetPin);
            Assert.Equal(-1, s.InterruptPin);
            Assert.Equal(8_000_000, s.SpiClockHz);
            Assert.Equal(5000, s.Address.DhcpTimeoutMs);
        }

        [Theory]
        [InlineData("--no-dhcp needs --static", "--no-dhcp")]
        [InlineData("--static wants A.B.C.D/NN", "--static", "192.168.1.200")]
        [InlineData("not a unicast IPv4 address", "--static", "300.1.1.1/24")]
        [InlineData("--gateway wants an IPv4 address", "--gateway", "gateway")]
        [InlineData("--mac wants six hex bytes", "--mac", "02:00:00")]
        [InlineData("multicast", "--mac", "01:00:5E:00:00:01")]
        [InlineData("not a hex byte", "--mac", "02:zz:00:00:00:01")]
        [InlineData("--port wants 1 to 65535", "--port", "0")]
        [InlineData("--dhcp-timeout wants", "--dhcp-timeout", "0")]
        [InlineData("--spi-hz", "--spi-hz", "fast")]
        [InlineData("--bogus", "--bogus")]
        public void Bad_arguments_are_refused_with_what_to_give_instead(string expected, params string[] args)
        {
            BoardSettings s = Line().TryParse(args, out string errors);
            Assert.Null(s);
            Assert.Contains(expected, errors);
        }

        [Fact]
        public void Invoke_runs_the_app_with_the_settings_and_returns_its_exit_code()
        {
            BoardSettings seen = null;
            var line = new BoardCommandLine("test app", Defaults, (s, c) => { seen = s; return 7; });
            Assert.Equal(7, line.Invoke(new[] { "--port", "81" }));
            Assert.Equal(81, seen.HttpPort);
            Assert.NotEqual(0, new BoardCommandLine("test app", Defaults, (s, c) => 0).Invoke(new[] { "--no-dhcp" }));
        }
    }
}
