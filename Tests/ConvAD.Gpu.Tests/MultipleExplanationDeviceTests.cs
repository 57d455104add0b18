using System.Linq;
using ConvAD.Explanation;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// Several and contrastive explanations with the GPU runtime's kernels on ILGPU's CPU accelerator (cuda-emulated), on the
    /// MNIST CNN and a real digit: each explanation passes when evaluated again on the device, and batch sizes do not matter.
    /// </summary>
    public sealed class MultipleExplanationDeviceTests : IClassFixture<ModelCache>
    {
        private static readonly ExplainerOptions Small = new ExplainerOptions { Iterations = 3, Seed = 5 };
        private readonly ModelCache _models;

        public MultipleExplanationDeviceTests(ModelCache models) => _models = models;

        [Fact]
        public void Several_explanations_on_the_device_pass_again_and_ignore_the_batch_size()
        {
            ModelPair m = _models.Get("mnist", PropagationThreshold.Default);
            float[] image = m.Images.Take(m.Reference.InputShape.Length).ToArray();
            var options = new MultipleExplanationOptions { Count = 3, Steps = 4 };
            var explainer = new Explainer(m.Gpu, m.Reference.Description.Output, null, Small with { BatchSize = 16 });
            MultipleExplanationResult result = explainer.ExplainMultiple(image, Perturbation.ActivationDeactivation, options);
            MultipleExplanationResult other = new Explainer(m.Gpu, m.Reference.Description.Output, null, Small with { BatchSize = 5 })
                .ExplainMultiple(image, Perturbation.ActivationDeactivation, options);

            Assert.True(result.Count >= 1);
            Assert.Equal(result.Count, other.Count);
            for (int k = 0; k < result.Count; k++)
            {
                SufficientExplanation e = result.Explanations[k].Explanation;
                Assert.Equal(e.ToArray(), other.Explanations[k].Explanation.ToArray());
                Assert.True(explainer.Evaluate(image, e.Mask, Perturbation.ActivationDeactivation, result.First.Target.Index).Passes);
            }
        }

        [Fact]
        public void A_contrastive_region_on_the_device_flips_the_digit_under_a_masking_value()
        {
            ModelPair m = _models.Get("mnist", PropagationThreshold.Default);
            float[] image = m.Images.Take(m.Reference.InputShape.Length).ToArray();
            int runnerUp = m.Reference.Predict(image, 1, 2)[0][1].Index;
            var explainer = new Explainer(m.Gpu, m.Reference.Description.Output, null, Small with { BatchSize = 16 });
            Perturbation zero = Perturbation.Occlusion(MaskingValue.Zero);
            ContrastiveExplanationResult result = explainer.ExplainContrastive(image, zero, runnerUp);
            ContrastiveExplanationResult other = new Explainer(m.Gpu, m.Reference.Description.Output, null, Small with { BatchSize = 7 })
                .ExplainContrastive(image, zero, runnerUp);

            Assert.Equal(result.Region.ToArray(), other.Region.ToArray());
            Assert.True(result.Found);
            Assert.True(explainer.Evaluate(image, result.KeepMask(), zero, runnerUp, result.NoiseKey).Passes);
        }
    }
}
