using System.IO;
using System.Security.Cryptography;
using ConvAD.Cli;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>The embedded default model is checked against its embedded bytes every time it is used.</summary>
    public sealed class DefaultModelTests
    {
        [Fact]
        public void A_tampered_cached_default_of_the_same_length_is_rewritten_before_use()
        {
            // A folder of its own: other tests run the shared cache's copy at the same time.
            using var scratch = new ScratchDirectory();
            string sidecar = ModelResolver.ExtractDefault(scratch.Path);
            string onnx = Path.Combine(Path.GetDirectoryName(sidecar)!, ModelResolver.DefaultModelName + ".onnx");
            byte[] original = File.ReadAllBytes(onnx);
            File.WriteAllBytes(onnx, new byte[original.Length]); // same length, zeroed weights

            Assert.Equal(sidecar, ModelResolver.ExtractDefault(scratch.Path));
            Assert.Equal(SHA256.HashData(original), SHA256.HashData(File.ReadAllBytes(onnx)));
        }

        [Fact]
        public void The_default_lives_in_a_per_user_folder_not_the_shared_temp_folder() =>
            Assert.False(ModelResolver.ExtractDefault().StartsWith(Path.GetTempPath(), System.StringComparison.Ordinal));
    }
}
