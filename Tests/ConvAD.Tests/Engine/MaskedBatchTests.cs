using System;
using System.Linq;
using ConvAD.Engine;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// The vectorised host-side work of a ConvAD call against the one-value-at-a-time rule it replaced: the same mask check,
    /// and the same bits in the copied images (sizes that leave a scalar tail, NaN and infinities under occluded pixels, −0 in
    /// the mask, both layouts).
    /// </summary>
    public sealed class MaskedBatchTests
    {
        [Theory]
        [InlineData(3, 7, 5, true)]
        [InlineData(2, 32, 32, true)]
        [InlineData(4, 13, 9, false)]
        [InlineData(1, 1, 1, true)]
        public void Copies_the_images_with_occluded_pixels_set_to_zero_like_the_scalar_rule(int count, int height, int width, bool nchw)
        {
            const int channels = 3;
            int plane = height * width;
            var rng = new Random(height * 31 + width);
            float[] poison = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 1e38f };
            float[] images = Enumerable.Range(0, count * channels * plane)
                .Select(i => i % 5 == 0 ? poison[i / 5 % poison.Length] : (float)(rng.NextDouble() * 2 - 1)).ToArray();
            float[] masks = Enumerable.Range(0, count * plane).Select(_ => rng.Next(3) switch { 0 => 0f, 1 => -0f, _ => 1f }).ToArray();

            var actual = new float[images.Length];
            MaskedBatch.CopyZeroingOccluded(images, masks, actual, count, channels, nchw);

            float[] expected = ScalarRule(images, masks, count, channels, plane, nchw);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            if (plane > 1)
            {
                Assert.Contains(actual, float.IsNaN); // a present NaN is copied, not zeroed (the 1-pixel case has none)
            }
        }

        [Fact]
        public void Accepts_only_masks_of_zeros_and_ones()
        {
            float[] binary = Enumerable.Range(0, 1000).Select(i => i % 3 == 0 ? 1f : i % 3 == 1 ? 0f : -0f).ToArray();
            Assert.True(MaskedBatch.AllBinary(binary));
            Assert.True(MaskedBatch.AllBinary(ReadOnlySpan<float>.Empty));

            // One bad value anywhere, in the vectorised body or in the tail.
            foreach (int at in new[] { 0, 17, 500, 998, 999 })
            {
                foreach (float bad in new[] { 0.5f, float.NaN, 2f, -1f, float.Epsilon, float.PositiveInfinity })
                {
                    float[] masks = (float[])binary.Clone();
                    masks[at] = bad;
                    Assert.False(MaskedBatch.AllBinary(masks), $"{bad} at {at}");
                }
            }
        }

        private static float[] ScalarRule(float[] images, float[] masks, int count, int channels, int plane, bool nchw)
        {
            float[] copy = (float[])images.Clone();
            for (int i = 0; i < count; i++)
            {
                for (int p = 0; p < plane; p++)
                {
                    if (masks[i * plane + p] != 0f)
                    {
                        continue;
                    }

                    for (int ch = 0; ch < channels; ch++)
                    {
                        copy[i * channels * plane + (nchw ? ch * plane + p : p * channels + ch)] = 0f;
                    }
                }
            }

            return copy;
        }
    }
}
