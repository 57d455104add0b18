using System;
using System.IO;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>The invariants of ConvAD on the real, pre-trained models shipped in models/.</summary>
    public sealed class RealModelInvariantTests
    {
        private readonly ITestOutputHelper _output;

        public RealModelInvariantTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static TheoryData<string, string> Models => new TheoryData<string, string>
        {
            { "models/squeezenet1.1/squeezenet1.1-fp16.onnx", "any" },
            { "models/squeezenet1.1/squeezenet1.1-fp16.onnx", "all" },
            { "models/shufflenet-v2/shufflenet-v2-12-qdq.onnx", "0.5" },
            { "models/cifar10/resnet20.onnx", "0.5" },
            { "models/cifar10/resnet32.onnx", "any" },
            { "models/cifar10/small-cnn.onnx", "0.5" },
            { "models/mnist/mnist-8.onnx", "all" },
        };

        [Theory]
        [MemberData(nameof(Models))]
        public void Invariants_hold_on_random_inputs(string relativePath, string threshold)
        {
            var options = new EngineOptions { Plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) } };
            using ConvAdModel model = ConvAdModel.Load(Path.Combine(TestPaths.Root, relativePath), options);
            var rng = new Random(7);
            float[] images = Enumerable.Range(0, 2 * model.ImageSize).Select(_ => (float)rng.NextDouble()).ToArray();
            InvariantReport report = InvariantChecker.Check(model, images, maskCount: 12, seed: 3);
            _output.WriteLine(report.ToString());
            Assert.True(report.IdentityPass, $"identity: {report.IdentityMaxAbsDiff} > {report.IdentityTolerance}");
            Assert.True(report.NoLeakPass, $"leak {report.NoLeakMaxAbsDiff} under mask '{report.NoLeakWorstMask}'");
            Assert.True(report.BatchPass, $"batch {report.BatchMaxAbsDiff}");
            Assert.True(report.AllFinite);
        }
    }

    internal static class TestPaths
    {
        public static string Root { get; } = FindRoot();

        private static string FindRoot()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "ConvAD.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("ConvAD.sln not found above the test binaries");
        }
    }
}
