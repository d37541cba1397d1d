using System;

namespace NanoTcp.Wire
{
    /// <summary>
    /// IPv4 addresses are carried as a uint in host order (192.0.2.1 is 0xC0000201), so that
    /// nothing on the packet path allocates. These helpers are for configuration and display.
    /// </summary>
    public static class Ipv4Address
    {
        public const uint Any = 0;
        public const uint Broadcast = 0xFFFFFFFF;

        public static uint Make(int a, int b, int c, int d)
        {
            return ((uint)(a & 0xFF) << 24) | ((uint)(b & 0xFF) << 16) | ((uint)(c & 0xFF) << 8) | (uint)(d & 0xFF);
        }

        /// <summary>Parses dotted-quad text ("192.0.2.2"). Throws ArgumentException with the
        /// expected form when the text is not an IPv4 address. Configuration time only.</summary>
        public static uint Parse(string text)
        {
            if (text == null) throw new ArgumentNullException("text", "Give an IPv4 address such as 192.0.2.2.");
            uint result = 0;
            int part = 0, digits = 0, value = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '.')
                {
                    if (digits == 0 || value > 255 || part > 3)
                        throw new ArgumentException("'" + text + "' is not an IPv4 address; write four numbers 0-255 separated by dots, such as 192.0.2.2.", "text");
                    result = (result << 8) | (uint)value;
                    part++;
                    digits = 0;
                    value = 0;
                }
                else if (text[i] >= '0' && text[i] <= '9' && digits < 3)
                {
                    value = value * 10 + (text[i] - '0');
                    digits++;
                }
                else
                {
                    throw new ArgumentException("'" + text + "' is not an IPv4 address; write four numbers 0-255 separated by dots, such as 192.0.2.2.", "text");
                }
            }
            if (part != 4)
                throw new ArgumentException("'" + text + "' is not an IPv4 address; write four numbers 0-255 separated by dots, such as 192.0.2.2.", "text");
            return result;
        }

        /// <summary>Netmask from a prefix length (24 gives 255.255.255.0).</summary>
        public static uint MaskFromPrefix(int prefixLength)
        {
            if (prefixLength < 0 || prefixLength > 32)
                throw new ArgumentOutOfRangeException("prefixLength", "A prefix length is 0 to 32, such as 24 for 255.255.255.0.");
            return prefixLength == 0 ? 0u : 0xFFFFFFFFu << (32 - prefixLength);
        }

        public static string ToString(uint address)
        {
            return ((address >> 24) & 0xFF).ToString() + "." + ((address >> 16) & 0xFF).ToString() + "." +
                   ((address >> 8) & 0xFF).ToString() + "." + (address & 0xFF).ToString();
        }
    }
}
