using NanoTcp.Device;

namespace NanoTcp.SelfTest
{
    /// <summary>
    /// How big the self-test's two stacks and cable are. Small runs on an ESP32 without PSRAM:
    /// both stacks and the cable fix less than 24 KiB (MemoryReport's nanoCLR model; a desktop
    /// test holds it to that). Full is the desktop's: standard 1500-byte MTU and bigger rings,
    /// so the figures measure a full-size segment.
    /// </summary>
    public sealed class SelfTestProfile
    {
        /// <summary>"small" or "full", printed first.</summary>
        public string Name;
        /// <summary>IP MTU of both stacks (and the cable's largest frame, plus 14).</summary>
        public int Mtu;
        /// <summary>Ring size each way of every connection, for the checks.</summary>
        public int RingSize;
        /// <summary>Ring size each way while measuring.</summary>
        public int MeasureRingSize;
        /// <summary>TCP connection slots per stack (every check uses one on each side).</summary>
        public int Connections;
        /// <summary>Frames the cable holds in flight.</summary>
        public int CableFrames;
        /// <summary>Bytes the receiving side reads at a time.</summary>
        public int ReadBufferSize;

        /// <summary>An ESP32 without PSRAM: 576-byte MTU, 768-byte rings, one connection per stack.</summary>
        public static SelfTestProfile Small()
        {
            SelfTestProfile p = new SelfTestProfile();
            p.Name = "small";
            p.Mtu = 576;
            p.RingSize = 768;
            p.MeasureRingSize = 768;
            p.Connections = 1;
            p.CableFrames = 4;
            p.ReadBufferSize = 512;
            return p;
        }

        /// <summary>A desktop (or a board with PSRAM): 1500-byte MTU, 4 KiB rings, 8 KiB to measure.</summary>
        public static SelfTestProfile Full()
        {
            SelfTestProfile p = new SelfTestProfile();
            p.Name = "full";
            p.Mtu = 1500;
            p.RingSize = 4096;
            p.MeasureRingSize = 8192;
            p.Connections = 8;
            p.CableFrames = 64;
            p.ReadBufferSize = 2048;
            return p;
        }
    }
}
