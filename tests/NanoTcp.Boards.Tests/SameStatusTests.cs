using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using NanoTcp.Testing;
using Xunit;

namespace NanoTcp.Boards.Tests
{
    /// <summary>
    /// A board serves the status page and JSON that `nanotcp serve` shows: the same page, and
    /// a JSON document with the same fields, because both are built by the one composition
    /// root. The board is the desktop board app (BoardApp over the SpiDevice adapter and the
    /// simulated W5500, as on a Raspberry Pi); serve is the built nanotcp, run as a process
    /// and asked over loopback with a real HTTP client.
    /// </summary>
    public class SameStatusTests
    {
        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int sig);
        private const int SIGINT = 2;

        [Fact]
        public void Board_app_and_nanotcp_serve_serve_the_same_status_page_and_json_fields()
        {
            var board = new SimulatedBoard(useDhcp: false);
            board.Start();
            board.Run(50);
            string boardPage = HttpResult.Parse(Encoding.ASCII.GetBytes(board.HttpGet("/")))!.BodyText;
            string boardJson = HttpResult.Parse(Encoding.ASCII.GetBytes(board.HttpGet("/status.json")))!.BodyText;

            (string servePage, string serveJson) = FromServe();

            Assert.Equal(servePage, boardPage);
            using JsonDocument b = JsonDocument.Parse(boardJson);
            using JsonDocument s = JsonDocument.Parse(serveJson);
            SortedSet<string> boardFields = Fields(b.RootElement, "");
            SortedSet<string> serveFields = Fields(s.RootElement, "");
            Assert.True(boardFields.SetEquals(serveFields),
                "only the board: " + string.Join(", ", boardFields.Except(serveFields)) + "\nonly serve: " + string.Join(", ", serveFields.Except(boardFields)));
            // Not a trivially empty match: the tables and the memory report are there, filled.
            Assert.Contains("tcp[].sndUna", boardFields);
            Assert.Contains("arp[].mac", boardFields);
            Assert.Contains("memory.parts.tcpRings", boardFields);
            Assert.Contains("counters.SpiTransactions", boardFields);
            Assert.Equal("test-board", b.RootElement.GetProperty("device").GetProperty("name").GetString());
            Assert.Equal("nanotcp serve", s.RootElement.GetProperty("device").GetProperty("name").GetString());
            // The same profile on both: the same memory.
            Assert.Equal(s.RootElement.GetProperty("memory").GetProperty("totalBytes").GetInt64(),
                b.RootElement.GetProperty("memory").GetProperty("totalBytes").GetInt64());
        }

        /// <summary>Every field path of a JSON value: objects by key, arrays as [] over all their elements.</summary>
        private static SortedSet<string> Fields(JsonElement e, string path)
        {
            var all = new SortedSet<string>(StringComparer.Ordinal);
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (JsonProperty p in e.EnumerateObject())
                    {
                        string child = path.Length == 0 ? p.Name : path + "." + p.Name;
                        all.Add(child);
                        all.UnionWith(Fields(p.Value, child));
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (JsonElement item in e.EnumerateArray()) all.UnionWith(Fields(item, path + "[]"));
                    break;
            }
            return all;
        }

        private static (string page, string json) FromServe()
        {
            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "NanoTcp.sln"))) root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            string dll = Path.Combine(root, "src", "NanoTcp.Cli", "bin", configuration, "net10.0", "NanoTcp.Cli.dll");
            Assert.True(File.Exists(dll), dll + " is missing (dotnet build NanoTcp.sln builds it)");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            psi.ArgumentList.Add("serve");
            psi.ArgumentList.Add("--listen");
            psi.ArgumentList.Add("127.0.0.1:0");
            using Process p = Process.Start(psi)!;
            var output = new StringBuilder();
            var urlSeen = new ManualResetEventSlim();
            string url = null;
            p.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (output) output.AppendLine(e.Data);
                Match m = Regex.Match(e.Data, @"Open (http://127\.0\.0\.1:\d+/)");
                if (m.Success) { url = m.Groups[1].Value; urlSeen.Set(); }
            };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine("stderr: " + e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            try
            {
                Assert.True(urlSeen.Wait(TimeSpan.FromSeconds(60)), "serve printed no URL:\n" + output);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
                string page = http.GetStringAsync(url).Result;
                string json = http.GetStringAsync(url + "status.json").Result;
                return (page, json);
            }
            finally
            {
                kill(p.Id, SIGINT);
                if (!p.WaitForExit(30000)) p.Kill(true);
            }
        }
    }
}
