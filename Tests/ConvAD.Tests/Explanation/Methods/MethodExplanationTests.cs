using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Explanation;
using ConvAD.Tests.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>
    /// <see cref="Explainer.ExplainWith"/> on ResNet-20 (CIFAR-10): an attribution map becomes a sufficient explanation exactly
    /// as rex's map does — the first chunked prefix of its ranking on which the target strictly wins — so every metric applies.
    /// </summary>
    public sealed class MethodExplanationTests
    {
        private const int Chunk = 10;

        public static IEnumerable<object[]> Cases() => new[]
        {
            new object[] { new OcclusionOptions { Seed = 1 }, "ad" },
            new object[] { new RiseOptions { Masks = 300, Seed = 1 }, "zero" },
            new object[] { new KernelShapOptions { GridSize = 4, Samples = 256, Seed = 1 }, "random" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void The_explanation_is_the_first_passing_prefix_of_the_attribution_ranking(AttributionOptions method, string mode)
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Perturbation perturbation = Perturbation.Parse(mode);
            var explainer = model.CreateExplainer(new ExplainerOptions { ChunkSize = Chunk, Seed = 3 });

            ExplanationResult result = explainer.ExplainWith(input, perturbation, method);
            AttributionResult attribution = explainer.Attribute(input, perturbation, method);

            Assert.Equal(method.Method, result.Method);
            Assert.Same(method, result.Attribution);
            Assert.Equal(attribution.Target.Index, result.Target.Index);
            Assert.Equal(attribution.Attribution.ToArray(), result.Responsibility.ToArray());
            Assert.Equal(Sufficiency.Sufficient, result.Explanation.Sufficiency);

            // The mask is a prefix of the map's ranking (descending, ties to the lower index), a whole number of chunks long.
            float[] map = result.Responsibility.ToArray();
            int[] order = Enumerable.Range(0, map.Length).OrderByDescending(i => map[i]).ThenBy(i => i).ToArray();
            int prefix = result.Explanation.PrefixPixels;
            Assert.True(prefix % Chunk == 0 || prefix == map.Length);
            float[] expected = new float[map.Length];
            foreach (int p in order.Take(prefix))
            {
                expected[p] = 1f;
            }

            Assert.Equal(expected, result.Explanation.ToArray());

            // Checked from scratch with its noise key, it keeps the target as the strict top class.
            MutantVerdict verdict = explainer.Evaluate(input, result.Explanation.Mask, perturbation, result.Target.Index, result.Explanation.NoiseKey);
            Assert.True(verdict.Passes);
            Assert.Equal(result.Explanation.Confidence, verdict.Confidence, 5);

            // One chunk fewer does not (a fixed masking value or AD: no noise key to reproduce).
            if (perturbation.Name != "random" && prefix > Chunk)
            {
                float[] shorter = new float[map.Length];
                foreach (int p in order.Take(prefix - Chunk))
                {
                    shorter[p] = 1f;
                }

                Assert.False(explainer.Evaluate(input, shorter, perturbation, result.Target.Index).Passes);
            }

            // The masks, the empty-mask check, then at least every prefix up to the explanation.
            Assert.True(result.MutantsEvaluated >= attribution.MutantsEvaluated + 1 + prefix / Chunk);
        }

        [Fact]
        public void The_same_seed_gives_the_same_explanation_for_every_batch_size()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            ExplanationResult Run(int batch) => model.CreateExplainer(new ExplainerOptions { ChunkSize = Chunk, BatchSize = batch })
                .ExplainWith(input, Perturbation.Occlusion(MaskingValue.Noise), new RiseOptions { Masks = 200, Seed = 5, BatchSize = batch });

            ExplanationResult a = Run(64), b = Run(7);
            Assert.Equal(a.Responsibility.ToArray(), b.Responsibility.ToArray());
            Assert.Equal(a.Explanation.ToArray(), b.Explanation.ToArray());
            Assert.Equal(a.Explanation.NoiseKey, b.Explanation.NoiseKey);
            Assert.Equal(a.Explanation.Confidence, b.Explanation.Confidence);
        }

        [Fact]
        public void Arguments_are_checked()
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var explainer = model.CreateExplainer(new ExplainerOptions());
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Assert.Throws<ArgumentNullException>(() => explainer.ExplainWith(input, Perturbation.ActivationDeactivation, null!));
            Assert.Throws<ArgumentException>(() => explainer.ExplainWith(input, Perturbation.ActivationDeactivation, new RiseOptions { Masks = 0 }));
            Assert.Throws<ArgumentException>(() => explainer.ExplainWith(new float[3], Perturbation.ActivationDeactivation, new OcclusionOptions()));
        }
    }
}
