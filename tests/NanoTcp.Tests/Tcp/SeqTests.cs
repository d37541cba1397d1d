using NanoTcp.Tcp;
using Xunit;

namespace NanoTcp.Tests.Tcp
{
    public class SeqTests
    {
        [Theory]
        [InlineData(0xFFFFFF00u, 0x00000010u)]
        [InlineData(0xFFFFFFFFu, 0x00000000u)]
        [InlineData(1u, 2u)]
        public void Lt_is_wrap_safe(uint a, uint b)
        {
            Assert.True(Seq.Lt(a, b));
            Assert.False(Seq.Lt(b, a));
            Assert.True(Seq.Gt(b, a));
            Assert.True(Seq.Le(a, a));
        }

        [Fact]
        public void InWindow_across_the_wrap()
        {
            Assert.True(Seq.InWindow(0x00000005u, 0xFFFFFFF0u, 0x100u));
            Assert.False(Seq.InWindow(0xFFFFFFEFu, 0xFFFFFFF0u, 0x100u));
            Assert.False(Seq.InWindow(0xFFFFFFF0u, 0xFFFFFFF0u, 0u));
        }
    }
}
