using System;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using Xunit;
using static ConvAD.Gpu.Tests.KernelData;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// The launch geometry never changes a result: the CudaEmulated device (one lane per core, each lane
    /// computing a run of outputs) and a CPU accelerator emulating NVIDIA's 32-lane warps with one thread per
    /// output, as a GPU launches them, give bitwise the same outputs.
    /// </summary>
    public sealed class KernelGeometryTests : IDisposable
    {
        private readonly Context _fastContext, _warpContext;
        private readonly Accelerator _fast, _warp;
        private readonly KernelSet _fastKernels, _warpKernels;

        public KernelGeometryTests()
        {
            (_fastContext, _fast) = GpuDevice.Create(DeviceKind.CudaEmulated);
            _fastKernels = new KernelSet(_fast);
            var warpDevice = new CPUDevice(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 1, numMultiprocessors: 1);
            _warpContext = Context.Create(b => b.CPU(warpDevice));
            _warp = warpDevice.CreateCPUAccelerator(_warpContext);
            _warpKernels = new KernelSet(_warp, lanes: 0);
        }

        public void Dispose()
        {
            _warp.Dispose();
            _warpContext.Dispose();
            _fast.Dispose();
            _fastContext.Dispose();
        }

        /// <summary>Runs <paramref name="launch"/> on both accelerators with the same inputs; returns both outputs.</summary>
        private (float[] Fast, float[] Warp) Both(int outLength, float[][] inputs, int[] meta, Action<KernelSet, ArrayView<float>[], ArrayView<int>, ArrayView<float>> launch)
        {
            float[] Run(Accelerator a, KernelSet k)
            {
                var buffers = inputs.Select(v => a.Allocate1D(v)).ToArray();
                using var mb = a.Allocate1D(meta.Length == 0 ? new int[1] : meta);
                using var yb = a.Allocate1D<float>(outLength);
                launch(k, buffers.Select(b => (ArrayView<float>)b.View).ToArray(), mb.View, yb.View);
                a.Synchronize();
                float[] y = yb.GetAsArray1D();
                foreach (var b in buffers)
                {
                    b.Dispose();
                }

                return y;
            }

            return (Run(_fast, _fastKernels), Run(_warp, _warpKernels));
        }

        [Fact]
        public void Conv_unary_binary_and_softmax()
        {
            var rng = new Random(90);
            float[] x = Random(rng, 2 * 6 * 9 * 7, 4f), w = Random(rng, 4 * 3 * 3 * 3), b = Random(rng, 4);
            var p = new ConvParams { C = 6, H = 9, W = 7, M = 4, OH = 5, OW = 4, KH = 3, KW = 3, SH = 2, SW = 2, PH = 1, PW = 1, DH = 1, DW = 1, Groups = 2, HasBias = 1 };
            int convOut = 2 * 4 * 5 * 4;
            var conv = Both(convOut, new[] { x, w, b }, Array.Empty<int>(), (k, v, m, y) => k.Conv(convOut, v[0], v[0], v[1], v[2], y, p));
            Bitwise(conv.Fast, conv.Warp, "Conv");

            foreach (int op in new[] { Kernels.UnarySigmoid, Kernels.UnaryTanh, Kernels.UnaryErf, Kernels.UnaryHardSwish, Kernels.UnaryExp })
            {
                var u = Both(x.Length, new[] { x }, Array.Empty<int>(), (k, v, m, y) => k.Unary(x.Length, v[0], y, op, 0.2f, 0.5f));
                Bitwise(u.Fast, u.Warp, $"Unary {op}");
            }

            int[] meta = { 2, 2 * 6 * 9, 7, 7, 1, 0, 1 };
            var pow = Both(x.Length, new[] { x, new[] { 1.5f, 3f, 0.5f, 2f, -1f, 2.5f, 4f } }, meta, (k, v, m, y) => k.Binary(x.Length, v[0], v[1], y, m, Kernels.OpPow));
            Bitwise(pow.Fast, pow.Warp, "Pow");

            var softmax = Both(x.Length, new[] { x }, Array.Empty<int>(), (k, v, m, y) => k.Softmax(x.Length / 6, v[0], y, 6, 9 * 7));
            Bitwise(softmax.Fast, softmax.Warp, "Softmax");
        }

        [Fact]
        public void Layout_reduction_normalisation_and_quantisation()
        {
            var rng = new Random(91);
            long[] shape = { 2, 3, 4, 5, 6 };
            float[] x = Random(rng, Count(shape), 5f);

            StridedCopyPlan t = StridedCopyPlan.Transpose(shape, new[] { 4, 2, 0, 3, 1 });
            var copy = Both(t.Count, new[] { x }, t.Meta, (k, v, m, y) => k.StridedCopy(t.Count, v[0], y, m, t.InOffset, t.OutOffset));
            Bitwise(copy.Fast, copy.Warp, "Transpose");

            ReducePlan r = ReducePlan.Build(shape, new[] { 1, 3 });
            var mean = Both(r.Count, new[] { x }, r.Meta, (k, v, m, y) => k.Reduce(r.Count, v[0], y, m, Kernels.ReduceMean));
            Bitwise(mean.Fast, mean.Warp, "ReduceMean");

            var ln = new LayerNormParams { Length = 30, HasBias = 1, Epsilon = 1e-5f };
            var norm = Both(x.Length, new[] { x, Random(rng, 30), Random(rng, 30) }, Array.Empty<int>(), (k, v, m, y) => k.LayerNorm(x.Length / 30, v[0], v[1], v[2], y, ln));
            Bitwise(norm.Fast, norm.Warp, "LayerNorm");

            var q = new QuantParams { ChannelStride = 4 * 5 * 6, Channels = 3, QMin = -128, QMax = 127 };
            float[] Quantised(Accelerator a, KernelSet k)
            {
                using var xb = a.Allocate1D(x);
                using var sb = a.Allocate1D(new[] { 0.02f, 0.05f, 0.1f });
                using var zb = a.Allocate1D(new[] { 0, 3, -7 });
                using var yb = a.Allocate1D<float>(x.Length);
                k.FakeQuantize(x.Length, xb.View, sb.View, zb.View, yb.View, q);
                a.Synchronize();
                return yb.GetAsArray1D();
            }

            Bitwise(Quantised(_fast, _fastKernels), Quantised(_warp, _warpKernels), "FakeQuantize");

            float[] mask = Enumerable.Range(0, 2 * 4 * 5).Select(i => i % 3 == 0 ? 0f : 1f).ToArray();
            AxesParams axes = AxesParams.Of(shape, 0, 2, 3);
            var deactivated = Both(x.Length, new[] { x, mask }, Array.Empty<int>(), (k, v, m, y) => k.DeactivateAxes(x.Length, v[0], v[1], y, axes, 0f));
            Bitwise(deactivated.Fast, deactivated.Warp, "DeactivateAxes");
        }
    }
}
