using System;
using ConvAD.Description;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Multiple
{
    /// <summary>Known answers of the contrastive explanation on <see cref="PatchModel"/>s, under AD and zero occlusion.</summary>
    public sealed class ContrastiveExplanationTests
    {
        private static readonly ExplainerOptions Small = new ExplainerOptions { Iterations = 8, ChunkSize = 1, Seed = 3 };

        public static TheoryData<string> Modes => MultipleExplanationTests.Modes;

        /// <summary>
        /// Class 0 = the present share of patch A; class 1 = 0.2 + 0.05·(share of patch B); class 2 = 0.1. With B whole, class 1
        /// scores 0.25, so removing at least 13 of A's 16 pixels flips the decision to class 1 (12 make a tie, which is not a
        /// flip); nothing outside A helps, and removing B only hurts class 1.
        /// </summary>
        private static PatchModel RemoveAToGetOne() => new PatchModel(
            share => share(PatchModel.A),
            share => 0.2 + 0.05 * share(PatchModel.B),
            _ => 0.1);

        [Theory]
        [MemberData(nameof(Modes))]
        public void Removing_most_of_patch_A_flips_to_the_contrast_class(string mode)
        {
            PatchModel model = RemoveAToGetOne();
            ContrastiveExplanationResult result = new Explainer(model, OutputKind.Probabilities, null, Small with { Minimise = true })
                .ExplainContrastive(model.Image(), MultipleExplanationTests.Mode(mode), contrastClass: 1);

            Assert.True(result.Found);
            Assert.Equal(0, result.Target.Index);
            Assert.Equal(1, result.Contrast.Index);
            // The minimum: 13 pixels, all of them in A (the restoring pass puts back every pixel that is not needed).
            Assert.Equal(13, result.Area);
            Assert.Equal(13, PatchModel.A.Count(result.Region));
            Assert.Equal(0, PatchModel.B.Count(result.Region));
        }

        [Theory]
        [MemberData(nameof(Modes))]
        public void Without_the_restoring_pass_the_region_still_flips_and_holds_enough_of_A(string mode)
        {
            PatchModel model = RemoveAToGetOne();
            var explainer = new Explainer(model, OutputKind.Probabilities, null, Small);
            ContrastiveExplanationResult result = explainer.ExplainContrastive(model.Image(), MultipleExplanationTests.Mode(mode), 1);
            Assert.True(result.Found);
            Assert.False(result.Minimised);
            Assert.True(PatchModel.A.Count(result.Region) >= 13);
            MutantVerdict verdict = explainer.Evaluate(model.Image(), result.KeepMask(), MultipleExplanationTests.Mode(mode), 1, result.NoiseKey);
            Assert.True(verdict.Passes, "the contrast class strictly wins with the region removed");
            Assert.Equal(result.Confidence, verdict.Confidence);
        }

        [Fact]
        public void A_class_that_never_wins_is_reported_as_not_found()
        {
            PatchModel model = RemoveAToGetOne();
            // Class 2 (0.1) loses to class 1 (≥ 0.2) whatever is removed.
            ContrastiveExplanationResult result = new Explainer(model, OutputKind.Probabilities, null, Small)
                .ExplainContrastive(model.Image(), Perturbation.ActivationDeactivation, 2);
            Assert.False(result.Found);
            Assert.Equal(1.0, result.AreaFraction);
        }

        [Fact]
        public void A_tie_does_not_flip_the_decision()
        {
            // Class 1 is exactly 0.25: removing 12 of A's 16 pixels ties class 0 at 0.25, which is not a flip; 13 are needed.
            var model = new PatchModel(share => share(PatchModel.A), _ => 0.25);
            ContrastiveExplanationResult result = new Explainer(model, OutputKind.Probabilities, null, Small with { Minimise = true })
                .ExplainContrastive(model.Image(), Perturbation.ActivationDeactivation, 1);
            Assert.Equal(13, result.Area);
        }

        [Fact]
        public void The_top_class_or_an_unknown_class_is_refused()
        {
            PatchModel model = RemoveAToGetOne();
            var explainer = new Explainer(model, OutputKind.Probabilities, null, Small);
            Assert.Throws<ArgumentException>(() => explainer.ExplainContrastive(model.Image(), Perturbation.ActivationDeactivation, 0));
            Assert.Throws<ArgumentException>(() => explainer.ExplainContrastive(model.Image(), Perturbation.ActivationDeactivation, 3));
            Assert.Throws<ArgumentException>(() => explainer.ExplainContrastive(model.Image(), Perturbation.ActivationDeactivation, -1));
        }
    }
}
