using System;
using System.Linq;
using ConvAD.Explanation;
using ConvAD.Imaging;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    public sealed class MutantInputsTests
    {
        // 2×2 pixels, 3 channels; pixel 0 is present, pixels 1..3 are removed.
        private static readonly float[] Mask = { 1, 0, 0, 0 };
        private static readonly float[] Nchw = { 1, 2, 3, 4, /**/ 5, 6, 7, 8, /**/ -3, 10, 11, 12 };

        [Theory]
        [InlineData("zero", 0f)]
        [InlineData("mean", 5.5f)]
        [InlineData("min", -3f)]
        public void Scalar_values_fill_every_channel_of_removed_pixels_only(string name, float expected)
        {
            float[] result = Write(Perturbation.Parse(name), Nchw, ImageTensorLayout.Nchw, key: 1);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(Nchw[c * 4], result[c * 4]);
                Assert.All(result.Skip(c * 4 + 1).Take(3), v => Assert.Equal(expected, v));
            }
        }

        [Fact]
        public void Nhwc_inputs_fill_the_interleaved_channels_of_removed_pixels()
        {
            float[] nhwc = Enumerable.Range(0, 12).Select(i => Nchw[(i % 3) * 4 + i / 3]).ToArray();
            float[] result = Write(Perturbation.Occlusion(MaskingValue.Zero), nhwc, ImageTensorLayout.Nhwc, key: 1);
            Assert.Equal(nhwc.Take(3), result.Take(3));
            Assert.All(result.Skip(3), v => Assert.Equal(0f, v));
        }

        [Fact]
        public void Random_is_one_scalar_in_range_and_noise_varies_per_element_both_fixed_by_the_key()
        {
            float[] random = Write(Perturbation.Occlusion(MaskingValue.Random), Nchw, ImageTensorLayout.Nchw, key: 9);
            float[] removed = new[] { 1, 2, 3, 5, 6, 7, 9, 10, 11 }.Select(i => random[i]).ToArray();
            Assert.Single(removed.Distinct());
            Assert.InRange(removed[0], -3f, 12f);

            float[] noise = Write(Perturbation.Occlusion(MaskingValue.Noise), Nchw, ImageTensorLayout.Nchw, key: 9);
            Assert.True(new[] { 1, 2, 3, 5, 6, 7, 9, 10, 11 }.Select(i => noise[i]).Distinct().Count() > 5);
            Assert.Equal(noise, Write(Perturbation.Occlusion(MaskingValue.Noise), Nchw, ImageTensorLayout.Nchw, key: 9));
            Assert.NotEqual(noise, Write(Perturbation.Occlusion(MaskingValue.Noise), Nchw, ImageTensorLayout.Nchw, key: 10));
        }

        [Fact]
        public void AD_leaves_the_image_unchanged()
        {
            Assert.Equal(Nchw, Write(Perturbation.ActivationDeactivation, Nchw, ImageTensorLayout.Nchw, key: 1));
        }

        [Fact]
        public void A_split_covers_its_box_with_four_non_empty_parts()
        {
            var box = new Box(2, 3, 10, 7);
            Box[] parts = box.SplitAt(5, 4);
            Assert.Equal(box.Area, parts.Sum(p => p.Area));
            Assert.All(parts, p => Assert.True(p.Area > 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => box.SplitAt(2, 4));
        }

        private static float[] Write(Perturbation p, float[] input, ImageTensorLayout layout, ulong key)
        {
            var inputs = new MutantInputs(p, input, new ImageTensorShape(3, 2, 2, layout));
            var result = new float[input.Length];
            inputs.Write(Mask, key, result);
            return result;
        }
    }
}
