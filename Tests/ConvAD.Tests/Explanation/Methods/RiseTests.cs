using System;
using System.Linq;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>RISE against models whose saliency is known: a one-pixel indicator and a linear model over pixels.</summary>
    public sealed class RiseTests
    {
        private const int Side = 16;

        [Fact]
        public void Masks_keep_each_pixel_with_probability_p()
        {
            var options = new RiseOptions { Masks = 2000, Cells = 4, KeepProbability = 0.3, Seed = 1 };
            var masks = new RiseMasks(Side, Side, options);
            var mask = new float[Side * Side];
            var kept = new double[Side * Side];
            for (int i = 0; i < options.Masks; i++)
            {
                masks.WriteMask(i, mask);
                Assert.All(mask, v => Assert.True(v == 0f || v == 1f));
                for (int p = 0; p < mask.Length; p++)
                {
                    kept[p] += mask[p];
                }
            }

            Assert.InRange(kept.Average() / options.Masks, 0.28, 0.32);
            Assert.All(kept, k => Assert.InRange(k / options.Masks, 0.24, 0.36));
        }

        [Fact]
        public void A_pixel_the_score_depends_on_has_saliency_one_and_an_unrelated_one_p()
        {
            // score = whether pixel q is present: saliency(q) = E[m_q] / p = 1. A pixel whose grid cells are independent of q's
            // gets P(m_q | m_p): p for independent masks, somewhat more here, because one level cuts the whole smooth mask.
            int q = 2 * Side + 2;
            var model = new PresenceModel(Side, Side, present => present[q]);
            foreach (Perturbation mode in MethodHarness.PresenceModes)
            {
                float[] map = MethodHarness.Map(model, new RiseOptions { Masks = 2000, Cells = 4, Seed = 5 }, mode);
                Assert.InRange(map[q], 0.92, 1.08);
                Assert.InRange(map[Side * Side - 1], 0.45, 0.7);
                Assert.Equal(q, Array.IndexOf(map, map.Max()));
            }
        }

        [Fact]
        public void Saliency_is_the_score_weighted_mean_of_the_masks_over_N_p()
        {
            double[] w = MethodHarness.RandomWeights(Side * Side, 3);
            var model = new PresenceModel(Side, Side, PresenceModel.Linear(0.2, w));
            var options = new RiseOptions { Masks = 50, Cells = 3, KeepProbability = 0.4, Seed = 9 };
            var masks = new RiseMasks(Side, Side, options);
            var mask = new float[Side * Side];
            var expected = new double[Side * Side];
            for (int i = 0; i < options.Masks; i++)
            {
                masks.WriteMask(i, mask);
                double score = 0.2 + mask.Select((m, p) => m * w[p]).Sum();
                for (int p = 0; p < mask.Length; p++)
                {
                    expected[p] += score * mask[p] / (options.Masks * options.KeepProbability);
                }
            }

            float[] map = MethodHarness.Map(model, options, Perturbation.ActivationDeactivation);
            for (int p = 0; p < map.Length; p++)
            {
                Assert.Equal(expected[p], map[p], 4);
            }
        }

        [Theory]
        [InlineData("ad")]
        [InlineData("random")]
        public void The_map_is_the_same_for_every_batch_size(string mode)
        {
            var model = new PresenceModel(Side, Side, p => p.Select((v, i) => (double)v * (i % 7)).Sum());
            float[] image = MethodHarness.Ramp(model);
            float[] reference = MethodHarness.Map(model, new RiseOptions { Masks = 100, Cells = 5, BatchSize = 1, Seed = 2 }, Perturbation.Parse(mode), image);
            Assert.Contains(reference, v => v != 0f);
            foreach (int batch in new[] { 13, 64 })
            {
                Assert.Equal(reference, MethodHarness.Map(model, new RiseOptions { Masks = 100, Cells = 5, BatchSize = batch, Seed = 2 }, Perturbation.Parse(mode), image));
            }
        }
    }
}
