using System.Collections.Generic;
using ConvAD.Classification;
using ConvAD.Explanation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>Every perturbation runs end to end on SqueezeNet (224², fp16), ResNet-20 (CIFAR-10) and the MNIST CNN with real images.</summary>
    public sealed class RealModelTests
    {
        public static IEnumerable<object[]> Cases()
        {
            foreach (string model in new[] { ExplainerFixture.ResNet20, ExplainerFixture.Mnist })
            {
                yield return new object[] { model };
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Every_mode_explains_a_small_model(string name) => ExplainAllModes(name, new ExplainerOptions { Iterations = 2, Seed = 3 });

        [Fact]
        public void Every_mode_explains_SqueezeNet_on_the_kitten() =>
            // Few, shallow iterations and coarse chunks: the point is that each mode runs on a 224² fp16 model, not the map's quality.
            ExplainAllModes(ExplainerFixture.SqueezeNet, new ExplainerOptions { Iterations = 1, MaxDepth = 2, ChunkSize = 1000, Seed = 3 });

        private static void ExplainAllModes(string name, ExplainerOptions options)
        {
            ImageClassifier model = ExplainerFixture.Model(name);
            using Image<Rgb24> image = ExplainerFixture.Image(name);
            var explainer = new Explainer(model, options);
            foreach (Perturbation p in Perturbation.All())
            {
                ExplanationResult r = explainer.Explain(image, p);
                Assert.Equal(model.Model.Input.Height * model.Model.Input.Width, r.Responsibility.Values.Length);
                Assert.Equal(p, r.Perturbation);
                if (r.Explanation.Sufficiency == Sufficiency.TargetWinsWithNothingPresent && p.Kind != PerturbationKind.ActivationDeactivation)
                {
                    // The masking value alone already gives the target (a blurred-out MNIST digit still reads as itself): no region is claimed.
                    Assert.Equal(0, r.Explanation.Area);
                    continue;
                }

                Assert.True(r.Explanation.IsSufficient, $"{name} {p}: no sufficient explanation");
                Assert.InRange(r.Explanation.Area, 1, r.Responsibility.Values.Length);
                Assert.True(r.MutantsEvaluated >= r.SearchMutants + 1);
                Assert.Equal(p, r.Perturbation);
            }
        }
    }
}
