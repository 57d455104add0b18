using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using CsCheck;
using Xunit;

namespace ConvAD.Tests.Core
{
    /// <summary>
    /// The plan's invariants on random small graphs (<see cref="RandomChain"/>), checked with CsCheck: a failure is
    /// shrunk to the smallest chain that breaks it and reported with the seed that replays it (CsCheck_Seed=SEED).
    /// Iterations are bounded so the class runs in seconds; one thread, as ONNX Runtime sessions use their own.
    /// </summary>
    public sealed class PlanPropertyTests
    {
        [Fact]
        public void The_plan_builder_supports_every_valid_chain_and_refuses_broken_ones_only_as_invalid_onnx()
        {
            RandomChain.MaybeBroken.Sample(chain =>
            {
                ConvAdPlan plan;
                try
                {
                    plan = ConvAdPlanBuilder.Build(OnnxReader.Read(chain.ToOnnx()));
                }
                catch (OnnxFormatException) when (chain.Broken != null)
                {
                    return; // the documented refusal (ModelValidationException) of an attribute ONNX forbids
                }

                // Anything else escaping, or a broken chain accepted, fails here with the chain printed.
                Assert.Null(chain.Broken);
                Assert.True(plan.IsSupported, plan.Unsupported?.ToString());
                Assert.Equal(chain.Classes, plan.ClassCount);
                Assert.All(plan.Masks, m => Assert.True(m.Height >= 1 && m.Width >= 1, $"mask m{m.Id} is {m.Height}×{m.Width}"));
            }, iter: 300, threads: 1, print: c => c.ToString());
        }

        [Fact]
        public void With_every_pixel_present_the_ConvAD_model_computes_the_plain_models_output()
        {
            Gen<(RandomChain, int)> cases = Gen.Select(RandomChain.Valid, Gen.Int);
            cases.Sample((chain, imageSeed) =>
            {
                using ConvAdModel model = ConvAdModel.Load(chain.ToOnnx(), "random_chain");
                var random = new Random(imageSeed);
                float[] image = Enumerable.Range(0, chain.ImageSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                float[] allPresent = Enumerable.Repeat(1f, model.MaskSize).ToArray();
                float[] plain = model.RunPlain(image, 1);
                float[] masked = model.Run(image, allPresent, 1);
                Assert.Equal(plain.Length, masked.Length);
                for (int i = 0; i < plain.Length; i++)
                {
                    Assert.True(Math.Abs(plain[i] - masked[i]) <= 1e-4f * (1 + Math.Abs(plain[i])), $"class {i}: plain {plain[i]}, all-present mask {masked[i]}");
                }
            }, iter: 40, threads: 1, print: c => $"{c.Item1}, image seed {c.Item2}");
        }

        [Fact]
        public void Two_images_that_agree_where_the_mask_is_present_get_the_same_ConvAD_output()
        {
            // No leak, bitwise: the occluded pixels of the second image are redrawn (every channel); masks keep a random share.
            Gen<(RandomChain, int)> cases = Gen.Select(RandomChain.Valid, Gen.Int);
            cases.Sample((chain, seed) =>
            {
                using ConvAdModel model = ConvAdModel.Load(chain.ToOnnx(), "random_chain");
                var random = new Random(seed);
                double keep = random.NextDouble();
                float[] mask = Enumerable.Range(0, model.MaskSize).Select(_ => random.NextDouble() < keep ? 1f : 0f).ToArray();
                float[] image = Enumerable.Range(0, chain.ImageSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                float[] other = (float[])image.Clone();
                for (int i = 0; i < other.Length; i++)
                {
                    if (mask[i % model.MaskSize] == 0f)
                    {
                        other[i] = (float)(random.NextDouble() * 20 - 10);
                    }
                }

                Assert.Equal(model.Run(image, mask, 1), model.Run(other, mask, 1));
            }, iter: 40, threads: 1, print: c => $"{c.Item1}, seed {c.Item2}");
        }
    }
}
