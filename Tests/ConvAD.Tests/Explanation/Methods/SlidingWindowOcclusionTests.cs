using System.Linq;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>Sliding-window occlusion against an additive model, whose score drops are known in closed form.</summary>
    public sealed class SlidingWindowOcclusionTests
    {
        private const int Height = 7;
        private const int Width = 8;

        [Fact]
        public void Windows_cover_the_far_edge()
        {
            Assert.Equal(new[] { 0, 2, 4, 5 }, SlidingWindowOcclusion.Starts(8, 3, 2));
            Assert.Equal(new[] { 0, 2, 4 }, SlidingWindowOcclusion.Starts(7, 3, 2));
            Assert.Equal(new[] { 0 }, SlidingWindowOcclusion.Starts(5, 5, 3));
        }

        [Fact]
        public void One_pixel_windows_give_an_additive_models_weights()
        {
            double[] w = MethodHarness.RandomWeights(Height * Width, 1);
            var model = new PresenceModel(Height, Width, PresenceModel.Linear(0.5, w));
            foreach (Perturbation mode in MethodHarness.PresenceModes)
            {
                float[] map = MethodHarness.Map(model, new OcclusionOptions { Window = 1, Stride = 1 }, mode);
                for (int p = 0; p < w.Length; p++)
                {
                    Assert.Equal(w[p], map[p], 5);
                }
            }
        }

        [Fact]
        public void Each_pixel_gets_the_mean_drop_of_the_windows_that_cover_it()
        {
            double[] w = MethodHarness.RandomWeights(Height * Width, 2);
            var model = new PresenceModel(Height, Width, PresenceModel.Linear(0.5, w));
            // Windows 3×3 at rows 0, 2, 4 and columns 0, 2, 4, 5: removing a window drops the score by its pixels' weights.
            int[] rows = { 0, 2, 4 }, columns = { 0, 2, 4, 5 };
            var sum = new double[Height * Width];
            var covering = new int[Height * Width];
            foreach (int top in rows)
            {
                foreach (int left in columns)
                {
                    var pixels = (from y in Enumerable.Range(top, 3) from x in Enumerable.Range(left, 3) select y * Width + x).ToArray();
                    double drop = pixels.Sum(p => w[p]);
                    foreach (int p in pixels)
                    {
                        sum[p] += drop;
                        covering[p]++;
                    }
                }
            }

            foreach (Perturbation mode in MethodHarness.PresenceModes)
            {
                float[] map = MethodHarness.Map(model, new OcclusionOptions { Window = 3, Stride = 2 }, mode);
                for (int p = 0; p < map.Length; p++)
                {
                    Assert.Equal(sum[p] / covering[p], map[p], 5);
                }
            }
        }

        [Fact]
        public void Defaults_follow_the_image_size()
        {
            var options = new OcclusionOptions();
            Assert.Equal((28, 14), (options.WindowFor(224, 224), options.StrideFor(224, 224)));
            Assert.Equal((4, 2), (options.WindowFor(32, 32), options.StrideFor(32, 32)));
        }

        [Theory]
        [InlineData("ad")]
        [InlineData("noise")]
        public void The_map_is_the_same_for_every_batch_size(string mode)
        {
            Perturbation perturbation = Perturbation.Parse(mode);
            var model = new PresenceModel(Height, Width, p => p.Select((v, i) => (double)v * (i % 5)).Sum());
            float[] reference = MethodHarness.Map(model, new OcclusionOptions { Window = 3, Stride = 1, BatchSize = 1, Seed = 4 }, perturbation, MethodHarness.Ramp(model));
            Assert.Contains(reference, v => v != 0f);
            foreach (int batch in new[] { 7, 64 })
            {
                Assert.Equal(reference, MethodHarness.Map(model, new OcclusionOptions { Window = 3, Stride = 1, BatchSize = batch, Seed = 4 }, perturbation, MethodHarness.Ramp(model)));
            }
        }
    }
}
