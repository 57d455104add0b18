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
    /// Each attribution method on ResNet-20 (CIFAR-10) under AD: the map is finite, and deactivating the cells it ranks highest
    /// lowers the target's confidence more than deactivating random cells does.
    /// </summary>
    public sealed class RealModelAttributionTests
    {
        // 4×4 cells of 8×8 pixels; a quarter of them are deleted.
        private const int GridSize = 4;
        private const int Deleted = 4;
        private const int RandomDraws = 20;

        public static IEnumerable<object[]> Methods() => new[]
        {
            new object[] { new OcclusionOptions { Seed = 1 } },
            new object[] { new RiseOptions { Masks = 1000, Seed = 1 } },
            new object[] { new KernelShapOptions { GridSize = 4, Samples = 512, Seed = 1 } },
        };

        [Theory]
        [MemberData(nameof(Methods))]
        public void Deleting_the_top_cells_lowers_the_score_more_than_deleting_random_ones(AttributionOptions options)
        {
            ImageClassifier model = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            var explainer = model.CreateExplainer(new ExplainerOptions());
            AttributionResult result = explainer.Attribute(input, Perturbation.ActivationDeactivation, options);
            float[] map = result.Attribution.ToArray();
            Assert.All(map, v => Assert.True(float.IsFinite(v)));
            Assert.Contains(map, v => v != 0f);

            var grid = new CellGrid(result.Attribution.Height, result.Attribution.Width, GridSize);
            var cellScore = new double[grid.Count];
            for (int p = 0; p < map.Length; p++)
            {
                cellScore[grid.CellOf(p)] += map[p];
            }

            int[] top = Enumerable.Range(0, grid.Count).OrderByDescending(c => cellScore[c]).Take(Deleted).ToArray();
            float topConfidence = ConfidenceWithout(explainer, input, grid, top, result.Target.Index);
            var random = new Random(7);
            double randomConfidence = Enumerable.Range(0, RandomDraws)
                .Average(_ => ConfidenceWithout(explainer, input, grid, Enumerable.Range(0, grid.Count).OrderBy(_ => random.Next()).Take(Deleted).ToArray(), result.Target.Index));
            Assert.True(topConfidence < randomConfidence, $"{options.Method}: without its top cells {topConfidence:0.000}, without random cells {randomConfidence:0.000}");
        }

        private static float ConfidenceWithout(Explainer explainer, float[] input, CellGrid grid, int[] cells, int target)
        {
            var mask = new float[grid.Height * grid.Width];
            grid.WriteMask(c => !cells.Contains(c), mask);
            return explainer.Evaluate(input, mask, Perturbation.ActivationDeactivation, target).Confidence;
        }
    }
}
