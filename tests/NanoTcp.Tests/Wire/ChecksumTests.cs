using NanoTcp.Wire;
using Xunit;

namespace NanoTcp.Tests.Wire
{
    public class ChecksumTests
    {
        [Fact]
        public void Rfc1071_example_sums_to_ddf2()
        {
            // RFC 1071 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2; the checksum is its complement.
            byte[] b = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
            Assert.Equal(0xFFFF - 0xddf2, Checksum.Compute(b, 0, b.Length));
        }

        [Fact]
        public void Odd_length_pads_last_byte_with_zero()
        {
            byte[] odd = { 0x12, 0x34, 0x56 };
            byte[] even = { 0x12, 0x34, 0x56, 0x00 };
            Assert.Equal(Checksum.Compute(even, 0, 4), Checksum.Compute(odd, 0, 3));
        }

        [Fact]
        public void Buffer_with_its_checksum_inserted_verifies_to_zero()
        {
            // A real IPv4 header (checksum field zeroed at offset 10).
            byte[] h = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
            ushort c = Checksum.Compute(h, 0, h.Length);
            Assert.Equal(0xb861, c);
            NetworkOrder.WriteUInt16(h, 10, c);
            Assert.Equal(0, Checksum.Compute(h, 0, h.Length));
        }
    }
}
