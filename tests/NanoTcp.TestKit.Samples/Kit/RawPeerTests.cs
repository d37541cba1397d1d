using NanoTcp.Tcp;
using NanoTcp.Testing;
using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.TestKit.Tests
{
    /// <summary>Hand-made segments against the device's TCP: "send this, expect exactly these, then nothing".</summary>
    public class RawPeerTests
    {
        [Fact]
        public void Handshake_by_hand_then_data_is_acknowledged()
        {
            using var net = new VirtualNetwork(nameof(Handshake_by_hand_then_data_is_acknowledged));
            var device = net.AddDevice("d", DeviceNic.Enc28j60, "192.0.2.2");
            device.Tcp.Listen(80);
            var raw = net.AddRawPeer("raw", "192.0.2.9");

            raw.Send("192.0.2.2", new RawSegment(40001, 80, 1000, 0, TcpFlags.Syn, Mss: 1460));
            RawSegment synAck = raw.ExpectExactly(new SegmentPattern(TcpFlags.Syn | TcpFlags.Ack, Ack: 1001))[0];
            Assert.Equal(1460, synAck.Mss); // the device announces MTU - 40 (RFC 9293 MUST-14, MUST-67)

            raw.Send("192.0.2.2", new RawSegment(40001, 80, 1001, synAck.Seq + 1, TcpFlags.Ack));
            raw.Send("192.0.2.2", new RawSegment(40001, 80, 1001, synAck.Seq + 1, TcpFlags.Ack | TcpFlags.Psh, Payload: new byte[] { 1, 2, 3 }));
            raw.ExpectExactly(new SegmentPattern(TcpFlags.Ack, Seq: synAck.Seq + 1, Ack: 1004, PayloadLength: 0));
            raw.ExpectNothing();
            Assert.Equal(1, device.CountInState(TcpState.SynReceived) + device.CountInState(TcpState.Established));
        }

        [Fact]
        public void A_mismatch_lists_what_arrived()
        {
            using var net = new VirtualNetwork(nameof(A_mismatch_lists_what_arrived));
            net.PcapDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nanotcp-kit-tests-" + System.Guid.NewGuid().ToString("N"));
            net.AddDevice("d", DeviceNic.MockNic, "192.0.2.2");
            var raw = net.AddRawPeer("raw", "192.0.2.9");
            raw.Send("192.0.2.2", new RawSegment(40002, 99, 5, 0, TcpFlags.Syn));
            var e = Assert.Throws<TestKitException>(() => raw.ExpectExactly(new SegmentPattern(TcpFlags.Syn | TcpFlags.Ack)));
            Assert.Contains("[RST,ACK] 99->40002 seq=0 ack=6", e.Message);
            System.IO.Directory.Delete(net.PcapDirectory, true);
        }
    }
}
