using System;
using System.IO;
using ConvAD.Description;
using Xunit;

namespace ConvAD.Tests.Description
{
    /// <summary>
    /// A sidecar names files in its own folder or below, as text within size limits: one that came with a downloaded model
    /// cannot make the tool print (or the generator compile) any other readable file.
    /// </summary>
    public sealed class SidecarPathTests : IDisposable
    {
        private readonly ScratchDirectory _outer = new ScratchDirectory();
        private readonly string _folder;

        public SidecarPathTests()
        {
            _folder = Path.Combine(_outer.Path, "model");
            Directory.CreateDirectory(_folder);
            File.WriteAllText(Path.Combine(_folder, "m.onnx"), "only its existence is checked");
            File.WriteAllText(Path.Combine(_outer.Path, "outside.onnx"), "only its existence is checked");
            File.WriteAllText(Path.Combine(_outer.Path, "secret.txt"), "line one\nline two\n");
        }

        public void Dispose() => _outer.Dispose();

        [Theory]
        [InlineData("\"labels\": \"../secret.txt\"", "labels file '../secret.txt' resolves outside the sidecar's folder")]
        [InlineData("\"labels\": \"/etc/hostname\"", "labels file '/etc/hostname' resolves outside the sidecar's folder")]
        public void Labels_outside_the_sidecars_folder_are_refused(string field, string message)
        {
            string sidecar = Write($"{{ \"model\": \"m.onnx\", {field} }}");
            Assert.Contains(message, Assert.Throws<ModelDescriptionException>(() => ModelDescription.Load(sidecar)).Message);
        }

        [Fact]
        public void A_model_outside_the_folder_is_refused_unless_allowed()
        {
            string sidecar = Write("{ \"model\": \"../outside.onnx\" }");
            ModelDescriptionException e = Assert.Throws<ModelDescriptionException>(() => ModelDescription.Load(sidecar));
            Assert.Contains("model file '../outside.onnx' resolves outside the sidecar's folder", e.Message);
            Assert.Contains("--allow-outside-paths", e.Message);

            ModelDescription allowed = ModelDescription.Load(sidecar, allowPathsOutsideFolder: true);
            Assert.Equal(Path.Combine(_outer.Path, "outside.onnx"), allowed.ModelPath);
        }

        [Fact]
        public void A_labels_file_below_the_folder_is_fine()
        {
            Directory.CreateDirectory(Path.Combine(_folder, "meta"));
            File.WriteAllText(Path.Combine(_folder, "meta", "labels.txt"), "a\nb\n");
            ModelDescription d = ModelDescription.Load(Write("{ \"model\": \"m.onnx\", \"labels\": \"meta/labels.txt\" }"));
            Assert.Equal(new[] { "a", "b" }, d.Labels);
        }

        [Fact]
        public void A_labels_file_that_is_not_UTF8_is_refused()
        {
            File.WriteAllBytes(Path.Combine(_folder, "labels.txt"), new byte[] { (byte)'c', (byte)'a', 0xFF, 0xFE, (byte)'\n' });
            ModelDescriptionException e = Assert.Throws<ModelDescriptionException>(() =>
                ModelDescription.Load(Write("{ \"model\": \"m.onnx\", \"labels\": \"labels.txt\" }")));
            Assert.Contains("is not UTF-8 text", e.Message);
        }

        [Fact]
        public void A_labels_link_to_a_device_is_refused_without_reading_it()
        {
            File.CreateSymbolicLink(Path.Combine(_folder, "labels.txt"), "/dev/zero");
            ModelDescriptionException e = Assert.Throws<ModelDescriptionException>(() =>
                ModelDescription.Load(Write("{ \"model\": \"m.onnx\", \"labels\": \"labels.txt\" }")));
            Assert.Contains("not a regular file", e.Message);
        }

        [Fact]
        public void A_sidecar_over_its_size_limit_is_refused()
        {
            string sidecar = Write("{ \"model\": \"m.onnx\", \"name\": \"" + new string('x', (int)ModelDescription.MaxSidecarBytes) + "\" }");
            Assert.Contains("over the 4 MiB limit", Assert.Throws<ModelDescriptionException>(() => ModelDescription.Load(sidecar)).Message);
        }

        private string Write(string json)
        {
            string path = Path.Combine(_folder, "m.convad.json");
            File.WriteAllText(path, json);
            return path;
        }
    }
}
