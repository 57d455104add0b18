using System.IO;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary><c>--max-batch-mb</c>: the batch memory budget of the engine and the explainer (docs/reliability.md, "Batch memory").</summary>
    public sealed class BatchMemoryCliTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string Cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Fact]
        public void A_model_whose_one_image_exceeds_the_budget_is_refused_in_one_line_before_any_work()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Write("big.onnx", HostileModels.Write(new HostileModels.Spec { Height = 9000, Width = 9000 }));
            foreach (string command in new[] { "predict", "explain" })
            {
                string image = RepoPaths.File("data", "photos", "kitten_224.png");
                (int exit, string output, string error) = command == "predict"
                    ? CliRunner.Run(command, image, "-m", model)
                    : CliRunner.Run(command, image, "-m", model, "--out", scratch.File("out"));
                Assert.Equal(3, exit);
                Assert.StartsWith("convad: one image of model 'big' (3×9000×9000: its input copy, mask and estimated activations) needs ", error.Trim());
                Assert.EndsWith("MiB, over the batch memory budget of 2048 MiB (EngineOptions.MaxBatchBytes, --max-batch-mb)", error.Trim());
                Assert.Single(error.Trim().Split('\n'));
                Assert.Equal("", output);
            }
        }

        [Fact]
        public void A_small_budget_gives_the_same_explanation_files_as_the_default()
        {
            using var scratch = new ScratchDirectory();
            string wide = scratch.File("wide"), tight = scratch.File("tight");
            string[] common = { "explain", Cat, "--model", ResNet, "--iterations", "2", "--seed", "3", "--quiet" };
            Assert.Equal(0, CliRunner.Run([.. common, "--out", wide]).Exit);
            // 1 MiB: the engine splits each batch of mutants into calls of a few CIFAR-10 images.
            Assert.Equal(0, CliRunner.Run([.. common, "--out", tight, "--max-batch-mb", "1"]).Exit);
            OutputFolders.AssertSameFiles(wide, tight);
        }

        /// <summary>predict decodes one engine call's images at a time (8 MiB holds one SqueezeNet image, 6.8 MiB): same lines, same order.</summary>
        [Fact]
        public void Predict_in_chunks_of_one_image_prints_what_one_batch_prints()
        {
            string photos = RepoPaths.File("data", "photos");
            (int exit, string whole, string error) = CliRunner.Run("predict", photos, "--top", "2");
            Assert.True(exit == 0, error);
            (int chunkedExit, string chunked, string chunkedError) = CliRunner.Run("predict", photos, "--top", "2", "--max-batch-mb", "8");
            Assert.True(chunkedExit == 0, chunkedError);
            Assert.Equal(whole, chunked);
            Assert.Equal(9 * 3, whole.Trim().Split('\n').Length);
        }

        [Fact]
        public void A_budget_below_1_MiB_is_a_usage_error()
        {
            (int exit, _, string error) = CliRunner.Run("explain", Cat, "--model", ResNet, "--max-batch-mb", "0");
            Assert.Equal(64, exit);
            Assert.Equal("convad: --max-batch-mb must be at least 1", error.Trim());
        }
    }
}
