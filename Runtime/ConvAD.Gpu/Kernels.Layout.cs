using System;
using System.Collections.Generic;
using System.Linq;
using ILGPU;

namespace ConvAD.Gpu
{
    internal static partial class Kernels
    {
        /// <summary>
        /// The copy behind the layout ops (Transpose, Slice, Split, Concat): for every index k of the index
        /// space <c>shape</c> (one thread per element, row-major), y[outOffset + Σ k_d·outStride_d] =
        /// x[inOffset + Σ k_d·inStride_d]. meta = [rank, shape…, inStrides…, outStrides…]; strides may be
        /// negative (slices with negative steps). Build meta and offsets with <see cref="StridedCopyPlan"/>.
        /// </summary>
        public static void StridedCopy(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> y, ArrayView<int> meta, int inOffset, int outOffset)
        {
            int rank = meta[0];
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int rest = i;
                int ix = inOffset, iy = outOffset;
                for (int d = rank - 1; d >= 0; d--)
                {
                    int extent = meta[1 + d];
                    int k = rest % extent;
                    rest /= extent;
                    ix += k * meta[1 + rank + d];
                    iy += k * meta[1 + 2 * rank + d];
                }

                y[iy] = x[ix];
            }
        }
    }

    internal static partial class Kernels
    {
        public const int PadConstant = 0;
        public const int PadEdge = 1;
        public const int PadReflect = 2;

        /// <summary>
        /// ONNX Pad of a dense tensor, one thread per output element: y[k] = x[j] with j_d = k_d − before_d, mapped into
        /// bounds by the mode (edge: clamped; reflect: mirrored about the edge, which is not repeated), or
        /// <paramref name="value"/> where a constant padding leaves the input. meta = [rank, y's shape…, x's shape…, before…];
        /// every padding is non-negative and, for reflect, shorter than its axis.
        /// </summary>
        public static void Pad(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> y, ArrayView<int> meta, int mode, float value)
        {
            int rank = meta[0];
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int rest = i;
                int ix = 0, stride = 1, outside = 0;
                for (int d = rank - 1; d >= 0; d--)
                {
                    int extent = meta[1 + d], inExtent = meta[1 + rank + d];
                    int j = rest % extent - meta[1 + 2 * rank + d];
                    rest /= extent;
                    if (j < 0 || j >= inExtent)
                    {
                        if (mode == PadConstant)
                        {
                            outside = 1;
                            j = 0;
                        }
                        else if (mode == PadEdge)
                        {
                            j = j < 0 ? 0 : inExtent - 1;
                        }
                        else
                        {
                            j = j < 0 ? -j : 2 * (inExtent - 1) - j;
                        }
                    }

                    ix += j * stride;
                    stride *= inExtent;
                }

                y[i] = outside != 0 ? value : x[ix];
            }
        }
    }

    /// <summary>
    /// One launch of <see cref="Kernels.StridedCopy"/>: launch <see cref="Count"/> threads with
    /// <see cref="Meta"/> (uploaded as an int buffer), <see cref="InOffset"/> and <see cref="OutOffset"/>.
    /// Axes of extent 1 are dropped and axes contiguous in both tensors are merged, so the kernel's index
    /// arithmetic runs over as few axes as the copy needs. Shapes are of dense (row-major) tensors.
    /// </summary>
    internal sealed class StridedCopyPlan
    {
        private StridedCopyPlan(int[] meta, int inOffset, int outOffset, long[] outShape, int count)
        {
            Meta = meta;
            InOffset = inOffset;
            OutOffset = outOffset;
            OutShape = outShape;
            Count = count;
        }

        public int[] Meta { get; }

        public int InOffset { get; }

        public int OutOffset { get; }

        /// <summary>The output tensor's shape (for Concat: the whole output, which the plan fills in part).</summary>
        public long[] OutShape { get; }

        /// <summary>Elements copied: the number of threads to launch.</summary>
        public int Count { get; }

        /// <summary>Transpose: output axis d is input axis perm[d].</summary>
        public static StridedCopyPlan Transpose(long[] inShape, int[] perm)
        {
            if (perm.Length != inShape.Length || perm.OrderBy(a => a).Where((a, i) => a != i).Any())
            {
                throw new ArgumentException($"[{string.Join(",", perm)}] is not a permutation of {inShape.Length} axes", nameof(perm));
            }

            long[] inStrides = Strides(inShape);
            long[] outShape = perm.Select(a => inShape[a]).ToArray();
            return Build(outShape, perm.Select(a => inStrides[a]).ToArray(), Strides(outShape), 0, 0, outShape);
        }

        /// <summary>
        /// Slice with per-axis start (already in range: 0 ≤ start &lt; extent when the axis is not empty) and
        /// step (nonzero, may be negative), giving <paramref name="outShape"/>.
        /// </summary>
        public static StridedCopyPlan Slice(long[] inShape, long[] starts, long[] steps, long[] outShape)
        {
            int rank = inShape.Length;
            if (starts.Length != rank || steps.Length != rank || outShape.Length != rank)
            {
                throw new ArgumentException("starts, steps and the output shape need one value per axis");
            }

            long[] inStrides = Strides(inShape);
            long offset = 0;
            var strides = new long[rank];
            for (int d = 0; d < rank; d++)
            {
                if (steps[d] == 0)
                {
                    throw new ArgumentException($"axis {d}: a slice step cannot be 0", nameof(steps));
                }

                if (outShape[d] > 0 && (starts[d] < 0 || starts[d] >= inShape[d] || starts[d] + (outShape[d] - 1) * steps[d] < 0 || starts[d] + (outShape[d] - 1) * steps[d] >= inShape[d]))
                {
                    throw new ArgumentOutOfRangeException(nameof(starts), $"axis {d}: {outShape[d]} elements from {starts[d]} by {steps[d]} leave 0..{inShape[d] - 1}");
                }

                offset += starts[d] * inStrides[d];
                strides[d] = steps[d] * inStrides[d];
            }

            return Build(outShape, strides, Strides(outShape), offset, 0, outShape);
        }

        /// <summary>
        /// ONNX Slice (opset 10+): starts/ends/axes/steps as in the node (negative values count from the end,
        /// out-of-range values are clamped); axes and steps may be null (all axes, step 1).
        /// </summary>
        public static StridedCopyPlan OnnxSlice(long[] inShape, long[] starts, long[] ends, long[]? axes = null, long[]? steps = null)
        {
            int rank = inShape.Length;
            var start = new long[rank];
            var step = Enumerable.Repeat(1L, rank).ToArray();
            long[] outShape = inShape.ToArray();
            for (int j = 0; j < starts.Length; j++)
            {
                int axis = (int)(axes == null ? j : axes[j] < 0 ? axes[j] + rank : axes[j]);
                long dim = inShape[axis];
                long s = steps == null ? 1 : steps[j];
                long b = starts[j] < 0 ? starts[j] + dim : starts[j];
                long e = ends[j] < 0 ? ends[j] + dim : ends[j];
                if (s > 0)
                {
                    b = Math.Clamp(b, 0, dim);
                    e = Math.Clamp(e, 0, dim);
                }
                else
                {
                    b = Math.Clamp(b, 0, dim - 1);
                    e = Math.Clamp(e, -1, dim - 1);
                }

                long count = s > 0 ? (e - b + s - 1) / s : (b - e + -s - 1) / -s;
                outShape[axis] = Math.Max(0, count);
                start[axis] = outShape[axis] > 0 ? b : 0;
                step[axis] = s;
            }

            return Slice(inShape, start, step, outShape);
        }

        /// <summary>Split = a slice of <paramref name="length"/> elements from <paramref name="start"/> along one axis.</summary>
        public static StridedCopyPlan Split(long[] inShape, int axis, long start, long length)
        {
            long[] starts = new long[inShape.Length];
            long[] outShape = inShape.ToArray();
            starts[axis] = start;
            outShape[axis] = length;
            return Slice(inShape, starts, Enumerable.Repeat(1L, inShape.Length).ToArray(), outShape);
        }

        /// <summary>
        /// One input of a Concat: copies a tensor of <paramref name="inShape"/> into the output of
        /// <paramref name="outShape"/> at <paramref name="axisOffset"/> along <paramref name="axis"/>
        /// (the sum of the extents of the inputs before it). Launch once per input.
        /// </summary>
        public static StridedCopyPlan Concat(long[] inShape, long[] outShape, int axis, long axisOffset)
        {
            if (inShape.Length != outShape.Length || axisOffset < 0 || axisOffset + inShape[axis] > outShape[axis] ||
                Enumerable.Range(0, inShape.Length).Any(d => d != axis && inShape[d] != outShape[d]))
            {
                throw new ArgumentException($"an input of shape [{string.Join(",", inShape)}] does not fit [{string.Join(",", outShape)}] at {axisOffset} along axis {axis}");
            }

            long[] outStrides = Strides(outShape);
            return Build(inShape, Strides(inShape), outStrides, 0, axisOffset * outStrides[axis], outShape);
        }

        /// <summary>Row-major strides of a dense tensor.</summary>
        public static long[] Strides(long[] shape)
        {
            var strides = new long[shape.Length];
            long s = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                strides[d] = s;
                s *= shape[d];
            }

            return strides;
        }

        private static StridedCopyPlan Build(long[] shape, long[] inStrides, long[] outStrides, long inOffset, long outOffset, long[] outShape)
        {
            long count = shape.Aggregate(1L, (a, d) => a * d);
            var axes = new List<(long Extent, long In, long Out)>();
            for (int d = 0; d < shape.Length; d++)
            {
                if (shape[d] == 1)
                {
                    continue;
                }

                if (axes.Count > 0 && axes[^1].In == inStrides[d] * shape[d] && axes[^1].Out == outStrides[d] * shape[d])
                {
                    axes[^1] = (axes[^1].Extent * shape[d], inStrides[d], outStrides[d]);
                }
                else
                {
                    axes.Add((shape[d], inStrides[d], outStrides[d]));
                }
            }

            if (axes.Count == 0)
            {
                axes.Add((1, 0, 0));
            }

            int rank = axes.Count;
            var meta = new int[1 + 3 * rank];
            meta[0] = rank;
            for (int d = 0; d < rank; d++)
            {
                meta[1 + d] = checked((int)axes[d].Extent);
                meta[1 + rank + d] = checked((int)axes[d].In);
                meta[1 + 2 * rank + d] = checked((int)axes[d].Out);
            }

            return new StridedCopyPlan(meta, checked((int)inOffset), checked((int)outOffset), outShape.ToArray(), checked((int)count));
        }
    }
}
