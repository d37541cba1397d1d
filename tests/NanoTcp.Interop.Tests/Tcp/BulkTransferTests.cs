using System;
using System.Text.Json;
using NanoTcp.Interop.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NanoTcp.Interop.Tests.Tcp
{
    /// <summary>
    /// 100 MiB each way between NanoTcp and a Python program on the Linux kernel's TCP, with
    /// SHA-256 equal on both ends. The times go to the test output (they are measurements,
    /// not assertions). No capture here: 200 MiB of frames would dominate the suite's time.
    /// </summary>
    public sealed class BulkTransferTests
    {
        private const long Bytes = 100L << 20;
        private const int TransferTimeoutMs = 300000;
        private readonly ITestOutputHelper _output;

        public BulkTransferTests(ITestOutputHelper output) { _output = output; }

        private const string Upload = @"
import hashlib, json, random, socket, sys, time
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
block = bytearray(random.Random(7).randbytes((1 << 20) + 3)); view = memoryview(block)
s = socket.create_connection((host, port), timeout=60)
h = hashlib.sha256(); sent = 0; i = 0; t = time.perf_counter()
while sent < n:
    block[0:8] = i.to_bytes(8, 'little'); i += 1          # no two blocks alike
    k = min(len(block), n - sent); h.update(view[:k]); s.sendall(view[:k]); sent += k
s.shutdown(socket.SHUT_WR)
while s.recv(65536): pass                                # NanoTcp closes once it has read everything
print(json.dumps({'bytes': sent, 'sha256': h.hexdigest(), 'seconds': time.perf_counter() - t}))
";

        private const string Download = @"
import hashlib, json, socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
s = socket.create_connection((host, port), timeout=60)
h = hashlib.sha256(); got = 0; t = time.perf_counter()
while True:
    d = s.recv(1 << 18)
    if not d: break
    h.update(d); got += len(d)
print(json.dumps({'bytes': got, 'sha256': h.hexdigest(), 'seconds': time.perf_counter() - t}))
";

        [InteropFact]
        public void Upload_100_MiB_from_Linux_arrives_with_equal_SHA256()
        {
            InteropEnvironment.RequireProgram("python3", "python3");
            using (NanoOnTap nano = NanoOnTap.Start(_output, capture: false))
            {
                NanoPeer sink = NanoPeer.Listening(nano.Runner, 5001);
                nano.Runner.Invoke(r => { sink.CloseWhenPeerCloses = true; });
                ProcessResult py = nano.Ns.Exec(TransferTimeoutMs, "python3", "-c", Upload, NetNamespace.NanoIp, "5001", Bytes.ToString());
                Assert.True(py.ExitCode == 0 && !py.TimedOut, "python upload failed: " + py);
                JsonElement r = JsonDocument.Parse(py.Stdout).RootElement;
                Assert.Equal(Bytes, r.GetProperty("bytes").GetInt64());
                Assert.Equal(Bytes, nano.Runner.Invoke(x => sink.ReceivedBytes));
                Assert.Equal(r.GetProperty("sha256").GetString(), nano.Runner.Invoke(x => sink.ReceivedSha256));
                Report("upload (Linux -> NanoTcp)", r.GetProperty("seconds").GetDouble());
                nano.AssertLoopHealthy();
            }
        }

        [InteropFact]
        public void Download_100_MiB_to_Linux_arrives_with_equal_SHA256()
        {
            InteropEnvironment.RequireProgram("python3", "python3");
            using (NanoOnTap nano = NanoOnTap.Start(_output, capture: false))
            {
                NanoPeer source = NanoPeer.Listening(nano.Runner, 5002);
                nano.Runner.Invoke(r => { source.SourceBytes = Bytes; source.CloseWhenSent = true; });
                ProcessResult py = nano.Ns.Exec(TransferTimeoutMs, "python3", "-c", Download, NetNamespace.NanoIp, "5002");
                Assert.True(py.ExitCode == 0 && !py.TimedOut, "python download failed: " + py);
                JsonElement r = JsonDocument.Parse(py.Stdout).RootElement;
                Assert.Equal(Bytes, r.GetProperty("bytes").GetInt64());
                Assert.True(nano.Runner.WaitUntil(x => source.SentSha256 != null, 10000));
                Assert.Equal(nano.Runner.Invoke(x => source.SentSha256), r.GetProperty("sha256").GetString());
                Report("download (NanoTcp -> Linux)", r.GetProperty("seconds").GetDouble());
                nano.AssertLoopHealthy();
            }
        }

        private void Report(string what, double seconds)
        {
            string line = "interop bulk " + what + ": 100 MiB in " + seconds.ToString("0.00") + " s = "
                + (Bytes * 8 / seconds / 1e6).ToString("0.0") + " Mbit/s";
            _output.WriteLine(line);
            Console.WriteLine(line);
        }
    }
}
