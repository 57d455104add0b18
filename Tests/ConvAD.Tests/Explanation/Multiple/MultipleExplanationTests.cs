using System;
using System.Linq;
using ConvAD.Description;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Multiple
{
    /// <summary>Known answers of the spotlight search on <see cref="PatchModel"/>s, under AD and zero occlusion.</summary>
    public sealed class MultipleExplanationTests
    {
        private static readonly ExplainerOptions Small = new ExplainerOptions { Iterations = 8, ChunkSize = 1, Seed = 3 };

        public static TheoryData<string> Modes => new TheoryData<string> { "ad", "zero" };

        /// <summary>Class 0 wins when more than half of either patch is present; class 1 is a constant 0.5.</summary>
        private static PatchModel EitherPatch() => new PatchModel(
            share => Math.Max(share(PatchModel.A), share(PatchModel.B)),
            _ => 0.5);

        internal static Perturbation Mode(string name) => name == "ad" ? Perturbation.ActivationDeactivation : Perturbation.Occlusion(MaskingValue.Zero);

        [Theory]
        [MemberData(nameof(Modes))]
        public void Two_disjoint_patches_give_two_disjoint_explanations_one_per_patch(string mode)
        {
            PatchModel model = EitherPatch();
            MultipleExplanationResult result = new Explainer(model, OutputKind.Probabilities, null, Small)
                .ExplainMultiple(model.Image(), Mode(mode), new MultipleExplanationOptions { Count = 5, Radius = 3 });

            Assert.Equal(2, result.Count);
            Assert.Equal(SpotlightStop.Exhausted, result.Stop);
            Assert.Equal(0, result.Iou(0, 1));
            Assert.Equal(0, result.MaxSharedFraction);
            bool[] holdsA = result.Explanations.Select(e => PatchModel.A.Count(e.Explanation.Mask) > PatchModel.A.Area / 2).ToArray();
            bool[] holdsB = result.Explanations.Select(e => PatchModel.B.Count(e.Explanation.Mask) > PatchModel.B.Area / 2).ToArray();
            Assert.True(holdsA[0] ^ holdsA[1], "exactly one explanation holds more than half of patch A");
            Assert.True(holdsB[0] ^ holdsB[1], "exactly one explanation holds more than half of patch B");
            Assert.Null(result.Explanations[0].Radius);
            Assert.NotNull(result.Explanations[1].Radius);
        }

        [Theory]
        [MemberData(nameof(Modes))]
        public void Every_explanation_passes_the_strict_check_when_evaluated_again(string mode)
        {
            PatchModel model = EitherPatch();
            var explainer = new Explainer(model, OutputKind.Probabilities, null, Small);
            MultipleExplanationResult result = explainer.ExplainMultiple(model.Image(), Mode(mode), new MultipleExplanationOptions { Radius = 3 });
            foreach (SpotlightExplanation e in result.Explanations)
            {
                MutantVerdict verdict = explainer.Evaluate(model.Image(), e.Explanation.Mask, Mode(mode), result.First.Target.Index, e.Explanation.NoiseKey);
                Assert.True(verdict.Passes);
                Assert.Equal(e.Explanation.Confidence, verdict.Confidence);
            }
        }

        [Fact]
        public void A_tie_is_not_a_second_explanation()
        {
            // Class 0 = the larger share, class 1 = exactly 0.5: half of a patch ties and must not pass, so a patch needs 9 of 16.
            PatchModel model = EitherPatch();
            MultipleExplanationResult result = new Explainer(model, OutputKind.Probabilities, null, Small)
                .ExplainMultiple(model.Image(), Perturbation.ActivationDeactivation, new MultipleExplanationOptions { Radius = 3 });
            Assert.All(result.Explanations, e => Assert.True(Math.Max(PatchModel.A.Count(e.Explanation.Mask), PatchModel.B.Count(e.Explanation.Mask)) >= 9));
        }

        [Fact]
        public void One_patch_gives_one_explanation_and_the_search_stops_as_exhausted()
        {
            var model = new PatchModel(share => share(PatchModel.A), _ => 0.5);
            MultipleExplanationResult result = new Explainer(model, OutputKind.Probabilities, null, Small)
                .ExplainMultiple(model.Image(), Perturbation.ActivationDeactivation, new MultipleExplanationOptions { Count = 4, Radius = 3 });
            Assert.Equal(1, result.Count);
            Assert.Equal(SpotlightStop.Exhausted, result.Stop);
            Assert.Equal(0, result.MaxIou);
        }

        [Fact]
        public void Count_one_is_the_ordinary_explanation()
        {
            PatchModel model = EitherPatch();
            var explainer = new Explainer(model, OutputKind.Probabilities, null, Small);
            MultipleExplanationResult result = explainer.ExplainMultiple(model.Image(), Perturbation.ActivationDeactivation, new MultipleExplanationOptions { Count = 1 });
            ExplanationResult ordinary = explainer.Explain(model.Image(), Perturbation.ActivationDeactivation);
            Assert.Equal(SpotlightStop.CountReached, result.Stop);
            Assert.Equal(ordinary.Explanation.ToArray(), result.Explanations.Single().Explanation.ToArray());
            Assert.Equal(0, result.Spotlights);
        }

        [Fact]
        public void Permitted_overlap_lets_a_later_explanation_reuse_pixels_up_to_the_limit()
        {
            // Class 0 needs 9 of patch A's 16 pixels and nothing else: disjoint explanations cannot be two, overlapping ones can.
            var model = new PatchModel(share => share(PatchModel.A), _ => 0.5);
            var explainer = new Explainer(model, OutputKind.Probabilities, null, Small);
            MultipleExplanationResult result = explainer.ExplainMultiple(model.Image(), Perturbation.ActivationDeactivation,
                new MultipleExplanationOptions { Count = 2, Radius = 3, MaxOverlap = 0.9, Steps = 10, Move = SpotlightMove.Random });
            Assert.Equal(2, result.Count);
            Assert.InRange(result.MaxSharedFraction, 0.01, 0.9);
        }

        [Fact]
        public void Options_are_checked()
        {
            PatchModel model = EitherPatch();
            var explainer = new Explainer(model, OutputKind.Probabilities, null, Small);
            Assert.Throws<ArgumentException>(() => explainer.ExplainMultiple(model.Image(), Perturbation.ActivationDeactivation, new MultipleExplanationOptions { Count = 0 }));
            Assert.Throws<ArgumentException>(() => explainer.ExplainMultiple(model.Image(), Perturbation.ActivationDeactivation, new MultipleExplanationOptions { MaxOverlap = 1.5 }));
            Assert.Throws<ArgumentException>(() => explainer.ExplainMultiple(model.Image(), Perturbation.ActivationDeactivation, new MultipleExplanationOptions { Radius = 0 }));
        }

        [Fact]
        public void Overlap_measures_follow_their_definitions()
        {
            float[] a = { 1, 1, 1, 1, 0, 0 }, b = { 0, 0, 1, 1, 1, 0 };
            Assert.Equal(2 / 5.0, ExplanationOverlap.Iou(a, b), 12);
            Assert.Equal(2 / 3.0, ExplanationOverlap.SharedFraction(a, b), 12);
            Assert.Equal(0, ExplanationOverlap.Iou(new float[6], new float[6]));
        }
    }
}
