using System;
using System.Globalization;
using NanoTcp.Wire;

namespace NanoTcp.Boards.Desktop
{
    /// <summary>
    /// The options both desktop board apps share, parsed from "--name value" pairs. Kept
    /// small on purpose (no parser package): every option has a default that matches the
    /// wiring in hw/, so running with no arguments works on the documented set-up.
    /// </summary>
    public sealed class CommandLine
    {
        public BoardConfig Config { get; } = new BoardConfig();
        public int SpiClockHz { get; private set; }
        public int ResetPin { get; private set; }
        public int InterruptPin { get; private set; }
        public int BusId { get; private set; }
        public int ChipSelect { get; private set; }
        public int DeviceIndex { get; private set; }
        public bool ShowHelp { get; private set; }

        public CommandLine(int defaultClockHz, int defaultReset, int defaultInterrupt, int defaultBus, int defaultCs)
        {
            SpiClockHz = defaultClockHz;
            ResetPin = defaultReset;
            InterruptPin = defaultInterrupt;
            BusId = defaultBus;
            ChipSelect = defaultCs;
        }

        public static string Usage(string app, string pinWord) =>
$@"Usage: {app} [options]
  --static A.B.C.D/NN   use this address (no DHCP); with --dhcp-timeout it is the fallback
  --gateway A.B.C.D     default gateway for the static address (0.0.0.0 for none)
  --dhcp-timeout S      seconds to wait for a DHCP lease before the static fallback (default 20)
  --no-dhcp             do not ask DHCP; needs --static
  --mac XX:XX:XX:XX:XX:XX   MAC address (default 02:4E:54:..., locally administered)
  --port N              web server port on the chip's address (default 80)
  --spi-hz N            SPI clock in Hz
  --reset-pin N         {pinWord} driving the W5500's RSTn (-1 = not wired)
  --int-pin N           {pinWord} reading the W5500's INTn (-1 = not wired)
  --bus N / --cs N      SPI bus and chip select
  --device N            index of the USB adapter when several are attached (FT232H)
  --help";

        public void Parse(string[] args)
        {
            bool staticGiven = false;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                if (a == "--help" || a == "-h") { ShowHelp = true; continue; }
                if (a == "--no-dhcp") { Config.UseDhcp = false; continue; }
                if (i + 1 >= args.Length) throw new ArgumentException($"{a} needs a value; see --help.");
                string v = args[++i];
                switch (a)
                {
                    case "--static":
                        ParseCidr(v);
                        staticGiven = true;
                        break;
                    case "--gateway": Config.StaticGateway = Ipv4Address.Parse(v); break;
                    case "--dhcp-timeout": Config.DhcpTimeoutMs = checked(Int(a, v) * 1000); break;
                    case "--mac": Config.MacAddress = ParseMac(v); break;
                    case "--port": Config.HttpPort = Int(a, v); break;
                    case "--spi-hz": SpiClockHz = Int(a, v); break;
                    case "--reset-pin": ResetPin = Int(a, v); break;
                    case "--int-pin": InterruptPin = Int(a, v); break;
                    case "--bus": BusId = Int(a, v); break;
                    case "--cs": ChipSelect = Int(a, v); break;
                    case "--device": DeviceIndex = Int(a, v); break;
                    default: throw new ArgumentException($"Unknown option {a}; see --help.");
                }
            }

            if (!Config.UseDhcp && !staticGiven)
                throw new ArgumentException("--no-dhcp needs --static A.B.C.D/NN (and usually --gateway).");
        }

        private void ParseCidr(string v)
        {
            int slash = v.IndexOf('/');
            if (slash < 0) throw new ArgumentException($"--static wants A.B.C.D/NN, e.g. 192.168.1.200/24; got '{v}'.");
            Config.StaticAddress = Ipv4Address.Parse(v.Substring(0, slash));
            Config.StaticSubnetMask = Ipv4Address.MaskFromPrefix(Int("--static prefix", v.Substring(slash + 1)));
        }

        private static int Int(string option, string v)
        {
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
                throw new ArgumentException($"{option} wants a whole number; got '{v}'.");
            return n;
        }

        public static byte[] ParseMac(string v)
        {
            string[] parts = v.Split(':', '-');
            if (parts.Length != 6) throw new ArgumentException($"--mac wants six hex bytes such as 02:4E:54:00:00:01; got '{v}'.");
            byte[] mac = new byte[6];
            for (int i = 0; i < 6; i++)
            {
                if (!byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out mac[i]))
                    throw new ArgumentException($"--mac: '{parts[i]}' is not a hex byte.");
            }
            if ((mac[0] & 1) != 0) throw new ArgumentException("--mac: the first byte is odd, which makes it a multicast address; use e.g. 02:...");
            return mac;
        }
    }
}
