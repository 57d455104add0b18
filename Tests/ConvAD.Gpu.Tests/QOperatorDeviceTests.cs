using System;
using System.IO;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Plan;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;
using ConvAD.Tests;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// QOperator int8 models (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger, the com.microsoft QLinear ops, QGemm) on the device, against
    /// ONNX Runtime running its int8 kernels: identity and agreement under the quantized rule (same top class, within 5%
    /// of the logit scale; how many masks agree closely is printed), no leak bitwise, batch independence.
    /// </summary>
    public sealed class QOperatorDeviceTests
    {
        private readonly ITestOutputHelper _output;

        public QOperatorDeviceTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void ResNet20_int8_keeps_the_invariants_and_agrees_with_onnx_runtime_on_real_images()
        {
            string sidecar = RepoPaths.File("models", "cifar10", "resnet20-int8.convad.json");
            var plan = new PlanOptions { Threshold = PropagationThreshold.Default };
            using var reference = ImageClassifier.Load(sidecar, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(Path.ChangeExtension(Path.ChangeExtension(sidecar, null), ".onnx"), DeviceKind.CudaEmulated, plan);
            float[] images = reference.LoadInputs(new[]
            {
                RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg"),
                RepoPaths.File("data", "cifar10-test", "ship", "0000.jpg"),
            });

            InvariantReport r = Check(gpu, reference.Model, images, masks: 8, "resnet20-int8");
            // Measured when written: the plain output bitwise that of ONNX Runtime's int8 kernels; 7 of the 8 masks too, the
            // checkerboard one a quantum away (1.2% of the logit scale), where the engine's masked corrections round otherwise.
            Assert.True(r.IdentityRelativeDiff <= 1e-4, $"identity {r.IdentityRelativeDiff:E3} relative: more than float rounding");
            Assert.True(r.Agreement!.MasksWithinTolerance >= r.Agreement.Masks / 2, $"only {r.Agreement.MasksWithinTolerance} of {r.Agreement.Masks} masks agree closely");
        }

        public static TheoryData<string, string, string> Fixtures()
        {
            var data = new TheoryData<string, string, string>();
            foreach (string threshold in new[] { "any", "0.5", "all" })
            {
                data.Add("qoperator", "qoperator_qgemm.onnx", threshold);
                data.Add("qoperator", "qoperator_qgemm_float.onnx", threshold);
                data.Add("qoperator", "qoperator_pools.onnx", threshold);
                // ConvInteger (3×3, padded: a checkpoint at the zero point) and MatMulInteger, each with Cast and Mul after it.
                data.Add("qoperator", "qoperator_ops.onnx", threshold);
                data.Add("special", "qlinear_cnn.onnx", threshold);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void Fixtures_keep_the_invariants_and_agree_with_onnx_runtime(string folder, string file, string threshold)
        {
            string path = RepoPaths.File("Tests", "Fixtures", "models", folder, file);
            var plan = new PlanOptions { Threshold = PropagationThreshold.Parse(threshold) };
            using ConvAdModel engine = ConvAdModel.Load(path, new EngineOptions { Plan = plan, IntraOpThreads = 1 });
            using GpuConvAdModel gpu = GpuConvAdModel.Load(path, DeviceKind.CudaEmulated, plan);
            var rng = new Random(4);
            float[] images = Enumerable.Range(0, 2 * gpu.ImageSize).Select(_ => (float)rng.NextDouble()).ToArray();
            Check(gpu, engine, images, masks: 12, $"{file} (τ = {threshold})", expectInformative: !plan.Threshold.IsAll);
        }

        private InvariantReport Check(GpuConvAdModel gpu, ConvAdModel engine, float[] images, int masks, string name, bool expectInformative = true)
        {
            // As convad verify --device checks a quantized model: the engine is the reference.
            InvariantReport r = InvariantChecker.Check(gpu, images, new InvariantCheckOptions
            {
                Masks = masks,
                Seed = 3,
                IdentityRelativeTolerance = 1e-4,
                Reference = engine,
                AgreementRelativeTolerance = 1e-4,
                Quantized = true,
                OneCall = true,
            }, name);
            _output.WriteLine(r.ToString());
            Assert.True(r.IdentityPass, $"{name}: identity {r.IdentityMaxAbsDiff} > {r.IdentityTolerance}");
            Assert.True(r.NoLeakPass, $"{name}: leak {r.NoLeakMaxAbsDiff} under '{r.NoLeakWorstMask}'");
            // With τ = all a mask must keep a whole window present to survive; at these sizes none may reach the head.
            Assert.True(!expectInformative || r.NoLeakInformativeMasks > 0, $"{name}: every mask emptied before the head");
            Assert.True(r.Agreement!.Pass, $"{name}: agreement {r.Agreement.MaxAbsDiff} under '{r.Agreement.WorstMask}'");
            Assert.True(r.BatchPass, $"{name}: batch {r.BatchMaxAbsDiff}");
            Assert.True(r.AllFinite, $"{name}: a non-finite output");
            return r;
        }
    }
}
