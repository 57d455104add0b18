using System;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>The metrics' pure functions on hand-made inputs whose answers are worked out by hand.</summary>
    public sealed class MetricFunctionTests
    {
        [Fact]
        public void Size_is_the_share_of_non_zero_mask_pixels()
        {
            var mask = new float[12];
            mask[0] = mask[5] = mask[11] = 1f;
            Assert.Equal(3, ExplanationSize.Area(mask));
            Assert.Equal(0.25, ExplanationSize.Fraction(mask));
            Assert.Equal(0.0, ExplanationSize.Fraction(new float[4]));
            Assert.Throws<ArgumentException>(() => ExplanationSize.Fraction(Array.Empty<float>()));
        }

        [Fact]
        public void Drop_off_is_the_difference_and_the_ratio_to_the_original_confidence()
        {
            var d = new ConfidenceDropOff(0.8, 0.6);
            Assert.Equal(0.2, d.Difference, 12);
            Assert.Equal(0.75, d.Ratio, 12);
            Assert.Equal(-0.1, new ConfidenceDropOff(0.5, 0.6).Difference, 12);
            Assert.True(double.IsNaN(new ConfidenceDropOff(0, 0.3).Ratio));
        }

        [Fact]
        public void Robustness_counts_backgrounds_that_keep_the_class_above_gamma_times_p()
        {
            // p = 0.8, so the bars are 0, 0.2 and 0.4. The third composite is confident but not the top class: it never counts.
            MutantVerdict[] verdicts = { new(true, 0.9f), new(true, 0.3f), new(false, 0.95f), new(true, 0.1f) };
            RobustnessScore r = BackgroundRobustness.Score(verdicts, 0.8, new[] { 0.0, 0.25, 0.5 });
            Assert.Equal(new[] { 0.75, 0.5, 0.25 }, r.Shares);
            Assert.Equal(0.5, r.At(0.25));
            Assert.Throws<ArgumentException>(() => r.At(0.3));
            Assert.Throws<ArgumentOutOfRangeException>(() => BackgroundRobustness.Score(verdicts, 0.8, new[] { 1.5 }));
        }

        [Fact]
        public void Rho_robust_share_includes_r_equal_to_rho()
        {
            double[] r = { 0, 4 / 20.0, 0.4, 1.0 };
            Assert.Equal(1.0, RobustnessProfile.ShareRobust(r, 0));
            Assert.Equal(0.75, RobustnessProfile.ShareRobust(r, 0.2));
            Assert.Equal(0.5, RobustnessProfile.ShareRobust(r, 0.4));
            Assert.Equal(0.25, RobustnessProfile.ShareRobust(r, 0.6));
            Assert.Equal(0.25, RobustnessProfile.ShareRobust(r, 1.0));

            // 3/5 computed in double is 0.6 exactly as typed; 0.1 * 6 is not, and must still count as 0.6.
            Assert.Equal(1.0, RobustnessProfile.ShareRobust(new[] { 3 / 5.0 }, 0.1 * 6));
            Assert.Equal(new[] { 1.0, 0.75, 0.5, 0.25, 0.25, 0.25 }, RobustnessProfile.Shares(r, RobustnessProfile.DefaultRhos));
            Assert.True(double.IsNaN(RobustnessProfile.ShareRobust(Array.Empty<double>(), 0.2)));
        }

        [Fact]
        public void Curve_steps_cover_zero_to_all_pixels()
        {
            Assert.Equal(0, InsertionDeletion.PixelsAt(0, 3, 10));
            Assert.Equal(3, InsertionDeletion.PixelsAt(1, 3, 10));
            Assert.Equal(6, InsertionDeletion.PixelsAt(2, 3, 10));
            Assert.Equal(10, InsertionDeletion.PixelsAt(3, 3, 10));
        }

        [Fact]
        public void Curve_masks_follow_the_ranking()
        {
            int[] order = { 2, 0, 3, 1 };
            float[] insertion = InsertionDeletion.Masks(order, 2, insertion: true);
            Assert.Equal(new float[] { 0, 0, 0, 0, /* k=1: pixels 2 and 0 */ 1, 0, 1, 0, /* k=2 */ 1, 1, 1, 1 }, insertion);
            float[] deletion = InsertionDeletion.Masks(order, 2, insertion: false);
            Assert.Equal(new float[] { 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0 }, deletion);
        }

        [Fact]
        public void Auc_is_the_trapezoid_area_normalised_by_p()
        {
            Assert.Equal(0.5, InsertionDeletion.Auc(new[] { 0.0, 0.5, 1.0 }, 1.0), 12);
            Assert.Equal(1.0, InsertionDeletion.Auc(new[] { 0.0, 0.5, 1.0 }, 0.5), 12);

            // A step that jumps to p at the first quarter: 0.5·¼ + ¾ = 0.875.
            Assert.Equal(0.875, InsertionDeletion.Auc(new[] { 0.0, 0.6, 0.6, 0.6, 0.6 }, 0.6), 12);
            Assert.True(double.IsNaN(InsertionDeletion.Auc(new[] { 0.0, 1.0 }, 0)));
            Assert.Throws<ArgumentException>(() => InsertionDeletion.Auc(new[] { 1.0 }, 1));
        }
    }
}
