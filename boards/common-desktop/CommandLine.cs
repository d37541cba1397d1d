using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Threading;
using NanoTcp.Device;
using NanoTcp.Wire;

namespace NanoTcp.Boards.Desktop
{
    /// <summary>What the desktop board apps were asked for on the command line.</summary>
    public sealed class BoardSettings
    {
        /// <summary>DHCP with the static fallback, or static only (--no-dhcp).</summary>
        public AddressOptions Address;
        public byte[] MacAddress;
        public int HttpPort;
        public int SpiClockHz;
        /// <summary>-1 = not wired.</summary>
        public int ResetPin;
        /// <summary>-1 = not wired.</summary>
        public int InterruptPin;
        public int BusId;
        public int ChipSelect;
        public int DeviceIndex;
    }

    /// <summary>The defaults of one app (they match its wiring table in hw/).</summary>
    public sealed class BoardDefaults
    {
        public int SpiClockHz;
        public int ResetPin;
        public int InterruptPin;
        public int BusId;
        public int ChipSelect;
        /// <summary>How the app names a pin ("BCM GPIO", "FT232H pin number").</summary>
        public string PinWord = "GPIO";
    }

    /// <summary>
    /// The command line both desktop board apps share, on System.CommandLine: every option
    /// has a default that matches the wiring in hw/, so running with no arguments works on the
    /// documented set-up. Bad values are reported with what to give instead, before anything
    /// touches the hardware.
    /// </summary>
    public sealed class BoardCommandLine
    {
        /// <summary>The static address when --static is not given (the DHCP fallback).</summary>
        public static readonly uint DefaultStaticAddress = Ipv4Address.Make(192, 168, 1, 200);
        public static readonly uint DefaultGateway = Ipv4Address.Make(192, 168, 1, 1);
        /// <summary>Locally administered unicast (first byte 0x02): neither chip has a MAC of its own.</summary>
        public static readonly byte[] DefaultMac = { 0x02, 0x4E, 0x54, 0x00, 0x00, 0x01 };

        private readonly RootCommand _root;
        private readonly Option<Cidr> _static = new Option<Cidr>("--static")
        {
            Description = "Use this address, A.B.C.D/NN (with DHCP on, it is the fallback after --dhcp-timeout).",
            CustomParser = ParseCidr,
        };
        private readonly Option<uint?> _gateway = new Option<uint?>("--gateway")
        {
            Description = "Default gateway for the static address (0.0.0.0 for none; default 192.168.1.1).",
            CustomParser = ParseAddress,
        };
        private readonly Option<int> _dhcpTimeout = IntOption("--dhcp-timeout", "Seconds to wait for a DHCP lease before the static fallback.", 20, 1, 3600, "a whole number of seconds, 1 to 3600");
        private readonly Option<bool> _noDhcp = new Option<bool>("--no-dhcp")
        {
            Description = "Do not ask DHCP; needs --static.",
        };
        private readonly Option<byte[]> _mac = new Option<byte[]>("--mac")
        {
            Description = "MAC address XX:XX:XX:XX:XX:XX (default 02:4E:54:00:00:01, locally administered).",
            CustomParser = ParseMacOption,
        };
        private readonly Option<int> _port = IntOption("--port", "Web server port on the chip's address.", 80, 1, 65535, "1 to 65535");
        private readonly Option<int> _spiHz;
        private readonly Option<int> _resetPin;
        private readonly Option<int> _intPin;
        private readonly Option<int> _bus;
        private readonly Option<int> _cs;
        private readonly Option<int> _device = IntOption("--device", "Index of the USB adapter when several are attached (FT232H).", 0, 0, 64, "0 to 64");

        /// <param name="description">What the app is, for --help.</param>
        /// <param name="run">Runs the app with the parsed settings; returns the exit code.</param>
        public BoardCommandLine(string description, BoardDefaults defaults, Func<BoardSettings, CancellationToken, int> run)
        {
            if (run == null) throw new ArgumentNullException(nameof(run), "Pass the app's main function.");
            _spiHz = IntOption("--spi-hz", "SPI clock in Hz.", defaults.SpiClockHz, 1, 200_000_000, "a clock in Hz, such as 10000000");
            _resetPin = IntOption("--reset-pin", defaults.PinWord + " driving the chip's reset line (-1 = not wired).", defaults.ResetPin, -1, 1023, "a pin number, or -1 when not wired");
            _intPin = IntOption("--int-pin", defaults.PinWord + " reading the chip's INT line (-1 = not wired).", defaults.InterruptPin, -1, 1023, "a pin number, or -1 when not wired");
            _bus = IntOption("--bus", "SPI bus.", defaults.BusId, 0, 64, "a bus number, 0 to 64");
            _cs = IntOption("--cs", "SPI chip select.", defaults.ChipSelect, 0, 64, "a chip-select number, 0 to 64");

            _root = new RootCommand(description);
            foreach (Option o in new Option[] { _static, _gateway, _dhcpTimeout, _noDhcp, _mac, _port, _spiHz, _resetPin, _intPin, _bus, _cs, _device })
                _root.Options.Add(o);
            _root.Validators.Add(r =>
            {
                if (r.GetValue(_noDhcp) && r.GetResult(_static) == null)
                    r.AddError("--no-dhcp needs --static A.B.C.D/NN (and usually --gateway).");
            });
            _root.SetAction((parse, cancel) => System.Threading.Tasks.Task.FromResult(run(Settings(parse), cancel)));
        }

        /// <summary>The command, for tests and for --help.</summary>
        public RootCommand Command => _root;

        /// <summary>Parses args and runs the app; 0 on success, 1 for bad arguments (printed on stderr).</summary>
        public int Invoke(string[] args) => _root.Parse(args).Invoke();

        /// <summary>Parses args into settings, or returns null and the errors.</summary>
        public BoardSettings TryParse(string[] args, out string errors)
        {
            ParseResult parse = _root.Parse(args);
            errors = null;
            if (parse.Errors.Count > 0)
            {
                errors = string.Join("\n", System.Linq.Enumerable.Select(parse.Errors, e => e.Message));
                return null;
            }
            return Settings(parse);
        }

        private BoardSettings Settings(ParseResult parse)
        {
            Cidr cidr = parse.GetValue(_static);
            var address = new AddressOptions
            {
                UseDhcp = !parse.GetValue(_noDhcp),
                DhcpTimeoutMs = checked(parse.GetValue(_dhcpTimeout) * 1000),
                StaticAddress = cidr != null ? cidr.Address : DefaultStaticAddress,
                StaticSubnetMask = cidr != null ? cidr.Mask : Ipv4Address.MaskFromPrefix(24),
                StaticGateway = parse.GetValue(_gateway) ?? DefaultGateway,
            };
            return new BoardSettings
            {
                Address = address,
                MacAddress = parse.GetResult(_mac) != null ? parse.GetValue(_mac) : (byte[])DefaultMac.Clone(),
                HttpPort = parse.GetValue(_port),
                SpiClockHz = parse.GetValue(_spiHz),
                ResetPin = parse.GetValue(_resetPin),
                InterruptPin = parse.GetValue(_intPin),
                BusId = parse.GetValue(_bus),
                ChipSelect = parse.GetValue(_cs),
                DeviceIndex = parse.GetValue(_device),
            };
        }

        /// <summary>A whole-number option with a default and a range; a bad value is an error
        /// saying what to give ("--port wants 1 to 65535; got 'x'.").</summary>
        private static Option<int> IntOption(string name, string description, int defaultValue, int min, int max, string wants)
        {
            return new Option<int>(name)
            {
                Description = description,
                DefaultValueFactory = _ => defaultValue,
                CustomParser = r =>
                {
                    string v = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                    if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max) return n;
                    r.AddError(name + " wants " + wants + "; got '" + v + "'.");
                    return defaultValue;
                },
            };
        }

        /// <summary>An address and its mask from A.B.C.D/NN.</summary>
        public sealed class Cidr
        {
            public uint Address;
            public uint Mask;
        }

        private static Cidr ParseCidr(ArgumentResult r)
        {
            string v = r.Tokens[0].Value;
            int slash = v.IndexOf('/');
            if (slash < 0 || !int.TryParse(v.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) || prefix < 1 || prefix > 30)
            {
                r.AddError("--static wants A.B.C.D/NN with NN from 1 to 30, e.g. 192.168.1.200/24; got '" + v + "'.");
                return null;
            }
            if (!TryAddress(v.Substring(0, slash), out uint address) || address == 0)
            {
                r.AddError("--static: '" + v.Substring(0, slash) + "' is not a unicast IPv4 address such as 192.168.1.200.");
                return null;
            }
            return new Cidr { Address = address, Mask = Ipv4Address.MaskFromPrefix(prefix) };
        }

        private static uint? ParseAddress(ArgumentResult r)
        {
            string v = r.Tokens[0].Value;
            if (TryAddress(v, out uint address)) return address;
            r.AddError("--gateway wants an IPv4 address such as 192.168.1.1 (0.0.0.0 for none); got '" + v + "'.");
            return null;
        }

        private static bool TryAddress(string v, out uint address)
        {
            try
            {
                address = Ipv4Address.Parse(v);
                return true;
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException)
            {
                address = 0;
                return false;
            }
        }

        private static byte[] ParseMacOption(ArgumentResult r)
        {
            string error = TryParseMac(r.Tokens[0].Value, out byte[] mac);
            if (error != null) r.AddError(error);
            return mac;
        }

        /// <summary>Parses XX:XX:XX:XX:XX:XX (or with '-'); returns null or the error.</summary>
        public static string TryParseMac(string v, out byte[] mac)
        {
            mac = null;
            string[] parts = v.Split(':', '-');
            if (parts.Length != 6) return "--mac wants six hex bytes such as 02:4E:54:00:00:01; got '" + v + "'.";
            var bytes = new byte[6];
            for (int i = 0; i < 6; i++)
            {
                if (!byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i]))
                    return "--mac: '" + parts[i] + "' is not a hex byte.";
            }
            if ((bytes[0] & 1) != 0) return "--mac: the first byte is odd, which makes it a multicast address; use e.g. 02:...";
            mac = bytes;
            return null;
        }
    }
}
