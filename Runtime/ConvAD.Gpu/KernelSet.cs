using System;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

// The kernel unit tests (Tests/ConvAD.Gpu.Tests/Kernel*Tests.cs) launch the kernels directly.
[assembly: InternalsVisibleTo("ConvAD.Gpu.Tests")]

namespace ConvAD.Gpu
{
    /// <summary>
    /// The kernels, compiled once per accelerator. Each property is launched with the number of outputs
    /// (elements, or rows for the row kernels) and the kernel's arguments after its <see cref="Chunk"/>.
    /// On a GPU that launches one thread per output; on ILGPU's CPU accelerator it launches one thread per
    /// emulated lane, each computing a contiguous run of outputs (see <see cref="Chunk"/>), which is the
    /// difference between paying one barrier per launch and one per 32 outputs there.
    /// </summary>
    internal sealed class KernelSet
    {
        private readonly int _lanes;

        /// <param name="a">The accelerator.</param>
        /// <param name="lanes">
        /// At most this many threads per launch; null: all lanes of a CPU accelerator, and one thread per
        /// output on a GPU; 0: one thread per output everywhere (tests compare the two geometries with it).
        /// </param>
        public KernelSet(Accelerator a, int? lanes = null)
        {
            _lanes = lanes ?? (a.AcceleratorType == AcceleratorType.CPU ? a.NumMultiprocessors * a.MaxNumThreadsPerMultiprocessor : 0);

            var conv = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvParams>(Kernels.Conv);
            Conv = (n, x, m, w, b, y, p) => { int k = Threads(n, out Chunk c); if (k > 0) { conv(k, c, x, m, w, b, y, p); } };

            var maxPool = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, PoolParams>(Kernels.MaxPool);
            MaxPool = (n, x, y, p) => { int k = Threads(n, out Chunk c); if (k > 0) { maxPool(k, c, x, y, p); } };

            var averagePool = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolParams>(Kernels.AveragePool);
            AveragePool = (n, x, m, y, p) => { int k = Threads(n, out Chunk c); if (k > 0) { averagePool(k, c, x, m, y, p); } };

            var globalPool = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(Kernels.GlobalPool);
            GlobalPool = (n, x, m, y, ch, hw, flags) => { int k = Threads(n, out Chunk c); if (k > 0) { globalPool(k, c, x, m, y, ch, hw, flags); } };

            var globalPoolNhwc = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(Kernels.GlobalPoolNhwc);
            GlobalPoolNhwc = (n, x, m, y, ch, hw, flags) => { int k = Threads(n, out Chunk c); if (k > 0) { globalPoolNhwc(k, c, x, m, y, ch, hw, flags); } };

            var deactivate = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float>(Kernels.Deactivate);
            Deactivate = (n, x, m, y, chw, hw, neutral) => { int k = Threads(n, out Chunk c); if (k > 0) { deactivate(k, c, x, m, y, chw, hw, neutral); } };

            var deactivateAxes = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, AxesParams, float>(Kernels.DeactivateAxes);
            DeactivateAxes = (n, x, m, y, axes, neutral) => { int k = Threads(n, out Chunk c); if (k > 0) { deactivateAxes(k, c, x, m, y, axes, neutral); } };

            var propagateMask = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, MaskParams>(Kernels.PropagateMask);
            PropagateMask = (n, s, d, p) => { int k = Threads(n, out Chunk c); if (k > 0) { propagateMask(k, c, s, d, p); } };

            var binary = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int>(Kernels.Binary);
            Binary = (n, u, v, y, meta, op) => { int k = Threads(n, out Chunk c); if (k > 0) { binary(k, c, u, v, y, meta, op); } };

            var unary = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, int, float, float>(Kernels.Unary);
            Unary = (n, x, y, op, low, high) => { int k = Threads(n, out Chunk c); if (k > 0) { unary(k, c, x, y, op, low, high); } };

            var scaleShift = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(Kernels.ScaleShift);
            ScaleShift = (n, x, s, b, y, ch, hw) => { int k = Threads(n, out Chunk c); if (k > 0) { scaleShift(k, c, x, s, b, y, ch, hw); } };

            var gemm = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmParams>(Kernels.Gemm);
            Gemm = (n, u, v, w, y, p) => { int k = Threads(n, out Chunk c); if (k > 0) { gemm(k, c, u, v, w, y, p); } };

            var softmax = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, int, int>(Kernels.Softmax);
            Softmax = (n, x, y, axis, inner) => { int k = Threads(n, out Chunk c); if (k > 0) { softmax(k, c, x, y, axis, inner); } };

            var stridedCopy = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(Kernels.StridedCopy);
            StridedCopy = (n, x, y, meta, inOffset, outOffset) => { int k = Threads(n, out Chunk c); if (k > 0) { stridedCopy(k, c, x, y, meta, inOffset, outOffset); } };

            var pad = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, float>(Kernels.Pad);
            Pad = (n, x, y, meta, mode, value) => { int k = Threads(n, out Chunk c); if (k > 0) { pad(k, c, x, y, meta, mode, value); } };

            var fakeQuantize = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, QuantParams>(Kernels.FakeQuantize);
            FakeQuantize = (n, x, s, z, y, p) => { int k = Threads(n, out Chunk c); if (k > 0) { fakeQuantize(k, c, x, s, z, y, p); } };

            var gridIntegers = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, float, float, float>(Kernels.GridIntegers);
            GridIntegers = (n, x, y, s, low, high) => { int k = Threads(n, out Chunk c); if (k > 0) { gridIntegers(k, c, x, y, s, low, high); } };

            var reduce = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<int>, int>(Kernels.Reduce);
            Reduce = (n, x, y, meta, op) => { int k = Threads(n, out Chunk c); if (k > 0) { reduce(k, c, x, y, meta, op); } };

            var layerNorm = a.LoadAutoGroupedStreamKernel<Index1D, Chunk, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LayerNormParams>(Kernels.LayerNorm);
            LayerNorm = (n, x, s, b, y, p) => { int k = Threads(n, out Chunk c); if (k > 0) { layerNorm(k, c, x, s, b, y, p); } };
        }

        /// <summary>
        /// (count, x, mask, w, bias, y, p): N×C×H×W ∗ M×(C/G)×KH×KW (+ bias of M) → N×M×OH×OW; count = y's length; mask
        /// (N×1×H×W) is read only when p.Masked.
        /// </summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvParams> Conv { get; }

        /// <summary>(count, x, y, p): N×C×H×W → N×C×OH×OW; count = y's length.</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, PoolParams> MaxPool { get; }

        /// <summary>(count, x, mask, y, p): as MaxPool; mask N×1×H×W read when p.Masked is set.</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolParams> AveragePool { get; }

        /// <summary>(count = N·C, x N×C×H×W, mask N×H×W, y N×C, c, hw = H·W, flags: 1 masked, 2 max).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> GlobalPool { get; }

        /// <summary>(count = N·C, x N×H×W×C, mask N×H×W, y N×C, c, hw = H·W, flags: 1 masked, 2 max).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> GlobalPoolNhwc { get; }

        /// <summary>(count = x's length, x N×C×H×W, mask N×H×W, y (may be x), chw = C·H·W, hw = H·W, neutral).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float> Deactivate { get; }

        /// <summary>(count = x's length, x of any dense layout, mask N×H×W, y (may be x), axes = AxesParams.Of(shape, n, h, w), neutral).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, AxesParams, float> DeactivateAxes { get; }

        /// <summary>(count = dst's length, src N×1×H×W mask, dst N×1×OH×OW mask, p).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, MaskParams> PropagateMask { get; }

        /// <summary>(count = y's length, a, b, y, meta = [rank, outDims…, aStrides…, bStrides…], op = Kernels.Op*).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int> Binary { get; }

        /// <summary>(count, x, y, op = Kernels.Unary*, low, high): see the op codes for low/high.</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, float, float> Unary { get; }

        /// <summary>(count, x, scale of C, shift of C, y, c, hw = elements per channel).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> ScaleShift { get; }

        /// <summary>(count = M·N, a, b, c, y M×N, p).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmParams> Gemm { get; }

        /// <summary>(rows = length / axis, x, y, axis = extent of the softmax axis, inner = elements after it).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> Softmax { get; }

        /// <summary>(plan.Count, x, y (not overlapping x), meta = plan.Meta on the device, plan.InOffset, plan.OutOffset) with a <see cref="StridedCopyPlan"/>.</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int> StridedCopy { get; }

        /// <summary>(y's length, x, y, meta = [rank, y's shape…, x's shape…, pads before…], mode = Kernels.Pad*, constant value).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, float> Pad { get; }

        /// <summary>(count = x's length, x, scale of p.Channels, zeroPoint of p.Channels, y (may be x), p).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, QuantParams> FakeQuantize { get; }

        /// <summary>(count = x's length, x, y (may be x), scale, low = qmin − z, high = qmax − z): the integers of dequantized values.</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, float, float, float> GridIntegers { get; }

        /// <summary>(plan.Count, x, y, meta = plan.Meta on the device, op = Kernels.Reduce*) with a <see cref="ReducePlan"/>.</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int> Reduce { get; }

        /// <summary>(rows = length / p.Length, x, scale of p.Length, bias of p.Length (any view when p.HasBias = 0), y, p).</summary>
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, LayerNormParams> LayerNorm { get; }

        /// <summary>Threads to launch for <paramref name="n"/> outputs, and the run of outputs each computes.</summary>
        private int Threads(Index1D n, out Chunk chunk)
        {
            int total = n;
            int size = _lanes <= 0 || total <= _lanes ? 1 : (total + _lanes - 1) / _lanes;
            chunk = new Chunk(size, total);
            return total <= 0 ? 0 : (total + size - 1) / size;
        }
    }
}
