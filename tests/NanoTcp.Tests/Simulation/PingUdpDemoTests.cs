using System.IO;
using NanoTcp.Simulation.Demo;
using Xunit;

namespace NanoTcp.Tests.Simulation
{
    public class PingUdpDemoTests
    {
        [Fact]
        public void Demo_runs_every_step_and_says_so()
        {
            var w = new StringWriter();
            Assert.Equal(0, PingUdpDemo.Run(w));
            string s = w.ToString();
            Assert.Contains("seq=4: reply from 192.0.2.2 time=4 ms", s); // 2 ms each way on the virtual clock
            Assert.Contains("got the echo back: 21 bytes", s);
            Assert.Contains("demo: OK", s);
            Assert.DoesNotContain("all accounted: False", s);
        }
    }
}
