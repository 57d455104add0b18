using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Verification;
using Xunit;
using static ConvAD.Tests.PaddingOnlyModels;

namespace ConvAD.Tests.Engine
{
    /// <summary>
    /// Convolutions whose pads are not smaller than their kernel, so that some windows read only padding (valid ONNX that
    /// ONNX Runtime runs). Such a window has no Φ (0 of 0 positions); its mask follows the rule of an explicit constant Pad
    /// (docs/architecture.md, "Windows over padding only"). Before, the ConvAD model did not load: its mask was an
    /// AveragePool with the same pads, which ONNX Runtime refuses.
    /// </summary>
    public sealed class PaddingOnlyWindowTests
    {
        public static TheoryData<string, long, long[], long> Windows() => PaddingOnlyModels.Windows();

        [Theory]
        [MemberData(nameof(Windows))]
        public void The_model_loads_and_keeps_identity_no_leak_and_batch_independence(string window, long kernel, long[] pads, long dilation)
        {
            using ConvAdModel model = ConvAdModel.Load(Chain(kernel, pads, dilation, explicitPad: false), window);
            InvariantReport report = InvariantChecker.Check(model, Images(2, seed: 3), new InvariantCheckOptions { Masks = 16 }, window);
            Assert.True(report.Pass, report.ToString());
            Assert.Equal(0, report.NoLeakMaxAbsDiff);
        }

        [Theory]
        [MemberData(nameof(Windows))]
        public void With_nothing_present_the_head_sees_zeros(string window, long kernel, long[] pads, long dilation)
        {
            // The windows over padding hold the bias (≠ 0 here); were they always present, the masked mean would reach the
            // head with it. With nothing present, nothing is present after them either: the head gets 0 and gives its bias.
            using ConvAdModel model = ConvAdModel.Load(Chain(kernel, pads, dilation, explicitPad: false), window);
            float[] scores = model.Run(Images(1, seed: 4), new float[Height * Width], 1);
            Assert.Equal(HeadBias, scores);
        }

        [Fact]
        public void A_1x1_convolution_with_pads_1_is_masked_as_an_explicit_constant_pad_then_the_convolution()
        {
            // The definition's rule for windows over padding only is the explicit Pad's: for a 1×1 kernel the two graphs are
            // the same computation, position by position, so their ConvAD outputs must agree under every mask.
            using ConvAdModel padded = ConvAdModel.Load(Chain(1, new long[] { 1, 1, 1, 1 }, 1, explicitPad: false), "conv pads");
            using ConvAdModel explicitPad = ConvAdModel.Load(Chain(1, new long[] { 1, 1, 1, 1 }, 1, explicitPad: true), "explicit pad");
            var rng = new Random(11);
            float[] images = Images(1, seed: 12);
            for (int trial = 0; trial < 24; trial++)
            {
                double keep = trial % 4 / 3.0; // 0, ⅓, ⅔, 1: empty, sparse, dense and full masks
                float[] mask = Enumerable.Range(0, Height * Width).Select(_ => rng.NextDouble() < keep ? 1f : 0f).ToArray();
                float[] a = padded.Run(images, mask, 1), b = explicitPad.Run(images, mask, 1);
                for (int c = 0; c < a.Length; c++)
                {
                    Assert.True(Math.Abs(a[c] - b[c]) <= 1e-5f * (1 + Math.Abs(b[c])), $"trial {trial}, class {c}: {a[c]} vs {b[c]}");
                }
            }
        }

        [Fact]
        public void Every_pixel_present_gives_the_plain_output_where_the_windows_over_padding_hold_a_bias()
        {
            using ConvAdModel model = ConvAdModel.Load(Chain(1, new long[] { 2, 2, 2, 2 }, 1, explicitPad: false), "k1 p2");
            float[] image = Images(1, seed: 5);
            float[] plain = model.RunPlain(image, 1);
            float[] masked = model.Run(image, Enumerable.Repeat(1f, Height * Width).ToArray(), 1);
            Assert.NotEqual(HeadBias, plain); // the border's bias reaches the head: the check below can fail
            for (int c = 0; c < plain.Length; c++)
            {
                Assert.True(Math.Abs(plain[c] - masked[c]) <= 1e-5f * (1 + Math.Abs(plain[c])), $"class {c}: plain {plain[c]}, all present {masked[c]}");
            }
        }

        private static float[] Images(int count, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, count * Channels * Height * Width).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        }
    }
}
