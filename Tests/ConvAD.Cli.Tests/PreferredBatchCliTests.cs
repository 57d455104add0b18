using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary><c>--preferred-batch-mb</c>: the memory one engine call's batch aims at on the CPU (docs/performance.md, "Memory").</summary>
    public sealed class PreferredBatchCliTests
    {
        [Fact]
        public void The_default_split_of_squeezenets_batches_gives_the_same_files_as_whole_batches()
        {
            // The embedded SqueezeNet at 224×224 needs about 7 MB a image: the default 128 MiB splits the explainer's batches of
            // 64 into calls of 18, 2048 MiB leaves them whole. Only memory and calls differ: every file is byte for byte the same.
            using var scratch = new ScratchDirectory();
            string split = scratch.File("split"), whole = scratch.File("whole");
            string[] common = { "explain", RepoPaths.File("data", "photos", "kitten_224.png"), "--iterations", "1", "--budget", "150", "--quiet" };
            Assert.Equal(0, CliRunner.Run([.. common, "--out", split]).Exit);
            Assert.Equal(0, CliRunner.Run([.. common, "--out", whole, "--preferred-batch-mb", "2048"]).Exit);
            OutputFolders.AssertSameFiles(split, whole);
        }

        [Fact]
        public void A_preference_below_1_MiB_is_a_usage_error()
        {
            (int exit, _, string error) = CliRunner.Run("explain", RepoPaths.File("data", "photos", "kitten_224.png"), "--preferred-batch-mb", "0");
            Assert.Equal(64, exit);
            Assert.Equal("convad: --preferred-batch-mb must be at least 1", error.Trim());
        }
    }
}
