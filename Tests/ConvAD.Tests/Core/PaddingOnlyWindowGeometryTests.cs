using ConvAD.Shapes;
using Xunit;

namespace ConvAD.Tests.Core
{
    /// <summary>Which window geometries have an output position whose window reads only padding.</summary>
    public sealed class PaddingOnlyWindowGeometryTests
    {
        [Theory]
        [InlineData(1, 1, 0, 1, 8, false)] // pointwise
        [InlineData(1, 1, 1, 1, 8, true)] // a 1×1 kernel with pads 1: the border reads nothing
        [InlineData(3, 1, 2, 1, 8, false)] // pads below the kernel: the first window still reads position 0
        [InlineData(3, 1, 3, 1, 8, true)]
        [InlineData(3, 3, 2, 1, 8, false)] // stride 3: windows start at −2, 1, 4, 7; each reads an input position
        [InlineData(3, 1, 4, 2, 8, false)] // dilated: taps −4, −2, 0
        [InlineData(3, 1, 5, 2, 8, true)] // taps −5, −3, −1
        [InlineData(2, 1, 4, 8, 6, true)] // taps o − 4 and o + 4 step over a 6-wide input at o = 2
        public void A_window_over_padding_only_is_found(int kernel, int stride, int pad, int dilation, int size, bool expected)
        {
            var g = new PoolGeometry(new[] { kernel, 1 }, new[] { stride, 1 }, new[] { pad, 0 }, new[] { pad, 0 }, new[] { dilation, 1 }, ceilMode: false);
            Assert.Equal(expected, g.HasPaddingOnlyWindows(size, 5));
        }
    }
}
