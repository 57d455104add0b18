using System.IO;
using System.Text.RegularExpressions;
using ConvAD.Description;
using ConvAD.Engine;
using ConvAD.Fingerprint;
using ConvAD.Generated;
using ConvAD.Generator.Tests.Infrastructure;
using ConvAD.Imaging;
using ConvAD.Plan;
using Xunit;
using ConvAD.Tests;

namespace ConvAD.Generator.Tests
{
    /// <summary>What the generated code relies on at run time: the same fingerprint, and a clear refusal of another file.</summary>
    public sealed class RuntimeContractTests
    {
        [Fact]
        public void The_generator_and_the_runtime_compute_the_same_fingerprint()
        {
            string folder = RepoPaths.File("models", "squeezenet1.1");
            string model = Path.Combine(folder, "squeezenet1.1-fp16.onnx");
            GeneratorRun run = new GeneratorHarness(folder, model).Run("namespace App { [ConvAD.ConvAdModel(\"squeezenet1.1-fp16.onnx\")] public partial class Net { } }");
            string generated = Regex.Match(run.SingleSource, "ModelFingerprint = \"([^\"]+)\"").Groups[1].Value;
            Assert.StartsWith(ModelFingerprint.Scheme + ":", generated);
            Assert.Equal(ModelFingerprint.Compute(model), generated);
        }

        [Fact]
        public void The_fingerprint_changes_with_the_graph_and_with_the_weights()
        {
            byte[] original = File.ReadAllBytes(RepoPaths.File("models", "cifar10", "small-cnn.onnx"));
            string fingerprint = ModelFingerprint.Compute(original);
            Assert.Equal(fingerprint, ModelFingerprint.Compute((byte[])original.Clone()));

            byte[] lastByte = (byte[])original.Clone();
            lastByte[^1] ^= 1; // the end of the file: graph outputs, or the last sample of the last weight
            Assert.NotEqual(fingerprint, ModelFingerprint.Compute(lastByte));

            // An extra unknown field (number 100, varint 1) keeps the file valid protobuf.
            byte[] longer = new byte[original.Length + 3];
            original.CopyTo(longer, 0);
            (longer[^3], longer[^2], longer[^1]) = ((byte)0xA0, (byte)0x06, (byte)0x01);
            Assert.NotEqual(fingerprint, ModelFingerprint.Compute(longer));
        }

        [Fact]
        public void Load_keeps_every_engine_option_of_the_caller_but_the_plan()
        {
            string model = RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.onnx");
            var spec = new GeneratedModelSpec(
                "App.SqueezeNet", "squeezenet1.1-fp16.onnx", ModelFingerprint.Compute(model), "data_0", 3, 224, 224, ImageTensorLayout.Nchw, 1000,
                OutputKind.Probabilities, new Preprocessing(ColorOrder.Rgb, 0, 1), null, PropagationThreshold.Fraction(0.5), MaskCombination.Intersection, 66, 21, 13);
            var options = new EngineOptions
            {
                Plan = PlanOptions.Default with { Threshold = PropagationThreshold.All }, // replaced by the spec's
                KeepFloat16 = true,
                IntraOpThreads = 1,
                MaxBatch = 7,
                Optimization = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_BASIC,
            };

            using GeneratedModel generated = GeneratedModel.Load(spec, model, options);
            Assert.Equal(options with { Plan = spec.PlanOptions }, generated.Engine.Options);
            Assert.False(generated.Engine.RunsFloat16AsFloat32); // KeepFloat16 was dropped once
            Assert.Equal(PropagationThreshold.Default, generated.Engine.Plan.Options.Threshold);
        }

        [Fact]
        public void Loading_another_model_file_says_to_rebuild()
        {
            using var scratch = new ScratchDirectory();
            string model = scratch.Copy(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            var spec = new GeneratedModelSpec(
                "App.Mnist", "mnist-8.onnx", ModelFingerprint.Scheme + ":0000", "Input3", 1, 28, 28, ImageTensorLayout.Nchw, 10,
                OutputKind.Logits, new Preprocessing(ColorOrder.Gray, 0, 255), null, PropagationThreshold.Default, MaskCombination.Intersection, 12, 5, 5);

            var e = Assert.Throws<ModelFingerprintMismatchException>(() => GeneratedModel.Load(spec, model));
            Assert.Contains("Rebuild", e.Message);
            Assert.Contains("App.Mnist", e.Message);
            Assert.Throws<FileNotFoundException>(() => GeneratedModel.Load(spec, scratch.File("absent.onnx")));
        }
    }
}
