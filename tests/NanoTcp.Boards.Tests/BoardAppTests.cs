using System;
using NanoTcp.Boards.Desktop;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Boards.Tests
{
    /// <summary>
    /// The board runner shared by all four apps (boards/common/BoardApp.cs), on the desktop
    /// SpiDevice adapter and the simulated W5500: the path a Raspberry Pi or FT232H takes.
    /// </summary>
    public class BoardAppTests
    {
        [Fact]
        public void Without_a_DHCP_server_the_board_falls_back_to_its_static_address_after_the_timeout()
        {
            var board = new SimulatedBoard(useDhcp: true, dhcpTimeoutMs: 3000);
            board.Start();

            board.Run(2900);
            Assert.Equal(0u, board.App.Device.Interface.LocalAddress);
            Assert.False(board.App.Device.UsingStaticFallback);

            board.Run(200);
            Assert.Equal(SimulatedBoard.BoardAddress, board.App.Device.Interface.LocalAddress);
            Assert.True(board.App.Device.UsingStaticFallback);
            Assert.Contains("DHCP: no lease after 3 s", board.Log.All);
            Assert.Contains("using static 192.0.2.200/24", board.Log.All);
            Assert.Contains("HTTP: serving http://192.0.2.200/", board.Log.All);
            Assert.Equal(NanoTcp.Device.AddressSource.StaticFallback, board.App.Device.AddressSource);
            Assert.True(board.App.Device.Interface.Dhcp.DiscoversSent >= 1, "the board must have asked DHCP before giving up");
        }

        [Fact]
        public void Status_page_is_served_over_the_simulated_W5500()
        {
            var board = new SimulatedBoard(useDhcp: false);
            board.Start();
            board.Run(50);

            string response = board.HttpGet("/");

            Assert.StartsWith("HTTP/1.1 200", response);
            Assert.Contains("text/html", response);
            // The one status page every host serves: it draws itself from /status.json.
            Assert.Contains("<h1 id=\"title\">", response);
            Assert.Contains("status.json", response);
            Assert.True(board.Spi.Transfers > 0);
            Assert.Equal(board.Spi.Transfers, board.Bus.Transactions);
        }

        [Fact]
        public void Status_json_reports_address_source_and_counters()
        {
            var board = new SimulatedBoard(useDhcp: false);
            board.Start();
            board.Run(50);

            string response = board.HttpGet(NanoTcp.Http.StatusPage.JsonPath);

            Assert.StartsWith("HTTP/1.1 200", response);
            Assert.Contains("application/json", response);
            string body = NanoTcp.Testing.HttpResult.Parse(System.Text.Encoding.ASCII.GetBytes(response)).BodyText;
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var root = json.RootElement;
            Assert.Equal("test-board", root.GetProperty("device").GetProperty("name").GetString());
            Assert.Equal("W5500", root.GetProperty("device").GetProperty("chip").GetString());
            Assert.Equal("192.0.2.200", root.GetProperty("interface").GetProperty("ip").GetString());
            Assert.Equal("02:4E:54:00:00:01", root.GetProperty("interface").GetProperty("mac").GetString().ToUpperInvariant());
            Assert.Equal("static", root.GetProperty("interface").GetProperty("addressSource").GetString());
            Assert.True(root.GetProperty("counters").GetProperty("FramesIn").GetInt64() > 0);
            Assert.True(root.GetProperty("counters").GetProperty("SpiTransactions").GetInt64() > 0);
        }

        [Fact]
        public void Link_changes_are_logged_once_each()
        {
            var board = new SimulatedBoard(useDhcp: false);
            board.Start();
            board.Run(1500);
            Assert.Contains("Link: up", board.Log.All);

            board.Chip.SetLink(false);
            board.Run(1500);
            board.Chip.SetLink(true);
            board.Run(1500);

            Assert.Single(board.Log.Lines, l => l.StartsWith("Link: down", StringComparison.Ordinal));
            Assert.Equal(2, board.Log.Lines.FindAll(l => l == "Link: up").Count);
            Assert.True(board.App.LinkUp);
        }

        [Fact]
        public void Idle_polling_allocates_nothing()
        {
            var board = new SimulatedBoard(useDhcp: false);
            board.Start();
            board.Run(2500); // past start-up, link check and the first log lines

            long before = GC.GetAllocatedBytesForCurrentThread();
            board.Run(3000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
        }
    }
}
