using System;
using System.Collections.Generic;
using System.Linq;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>LayerNormalization over rows of <see cref="Length"/> elements (the product of the normalised trailing axes).</summary>
    internal struct LayerNormParams
    {
        public int Length, HasBias;
        public float Epsilon;
    }

    internal static partial class Kernels
    {
        /// <summary>Reduction op codes. Sum and mean of nothing are 0 and NaN; max of nothing is −∞, min +∞; Max and Min return NaN if any value is NaN.</summary>
        public const int ReduceSum = 0, ReduceMean = 1, ReduceMax = 2, ReduceMin = 3;

        /// <summary>
        /// ReduceSum/Mean/Max/Min over any axes, one thread per output element, the reduced elements visited
        /// in row-major order (sums in float, in that order). Output element i is the i-th of the kept axes
        /// in row-major order, which is the layout with or without keepdims. meta =
        /// [keptRank, reducedRank, keptExtents…, keptStrides…, reducedExtents…, reducedStrides…] (strides in x);
        /// build it with <see cref="ReducePlan"/>.
        /// </summary>
        public static void Reduce(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> y, ArrayView<int> meta, int op)
        {
            int kept = meta[0], reduced = meta[1];
            int rBase = 2 + 2 * kept;
            int count = 1;
            for (int d = 0; d < reduced; d++)
            {
                count *= meta[rBase + d];
            }

            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int rest = i, first = 0;
                for (int d = kept - 1; d >= 0; d--)
                {
                    int extent = meta[2 + d];
                    first += rest % extent * meta[2 + kept + d];
                    rest /= extent;
                }

                float acc = op == ReduceMax ? float.NegativeInfinity : op == ReduceMin ? float.PositiveInfinity : 0f;
                for (int j = 0; j < count; j++)
                {
                    int offset = first;
                    int r = j;
                    for (int d = reduced - 1; d >= 0; d--)
                    {
                        int extent = meta[rBase + d];
                        offset += r % extent * meta[rBase + reduced + d];
                        r /= extent;
                    }

                    float v = x[offset];
                    if (op == ReduceMax)
                    {
                        acc = float.IsNaN(acc) || v <= acc ? acc : v;
                    }
                    else if (op == ReduceMin)
                    {
                        acc = float.IsNaN(acc) || v >= acc ? acc : v;
                    }
                    else
                    {
                        acc += v;
                    }
                }

                y[i] = op == ReduceMean ? acc / count : acc;
            }
        }

        /// <summary>
        /// LayerNormalization, one thread per row of p.Length elements: mean, then the variance as the mean of
        /// squared deviations (two passes, fixed order), y = (x − mean) / √(var + ε) · scale + bias. scale and
        /// bias hold p.Length values (expand a broadcast scale or bias before upload).
        /// </summary>
        public static void LayerNorm(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> bias, ArrayView<float> y, LayerNormParams p)
        {
            for (int row = chunk.First(t), end = chunk.End(t); row < end; row++)
            {
                int first = row * p.Length;
                float sum = 0f;
                for (int k = 0; k < p.Length; k++)
                {
                    sum += x[first + k];
                }

                float mean = sum / p.Length;
                float squares = 0f;
                for (int k = 0; k < p.Length; k++)
                {
                    float d = x[first + k] - mean;
                    squares += d * d;
                }

                float std = MathF.Sqrt(squares / p.Length + p.Epsilon);
                for (int k = 0; k < p.Length; k++)
                {
                    float v = (x[first + k] - mean) / std * scale[k];
                    y[first + k] = p.HasBias != 0 ? v + bias[k] : v;
                }
            }
        }

        /// <summary>
        /// Softmax along an axis of extent <paramref name="axis"/> with <paramref name="inner"/> elements after
        /// it, one thread per row (launch x.Length / axis).
        /// </summary>
        public static void Softmax(Index1D t, Chunk chunk, ArrayView<float> x, ArrayView<float> y, int axis, int inner)
        {
            for (int row = chunk.First(t), end = chunk.End(t); row < end; row++)
            {
                int k0 = row / inner * axis * inner + row % inner;
                float max = float.MinValue;
                for (int k = 0; k < axis; k++)
                {
                    float v = x[k0 + k * inner];
                    max = v > max ? v : max;
                }

                float sum = 0f;
                for (int k = 0; k < axis; k++)
                {
                    sum += Exp(x[k0 + k * inner] - max);
                }

                for (int k = 0; k < axis; k++)
                {
                    y[k0 + k * inner] = Exp(x[k0 + k * inner] - max) / sum;
                }
            }
        }
    }

    /// <summary>
    /// One launch of <see cref="Kernels.Reduce"/> over a dense tensor: launch <see cref="Count"/> threads with
    /// <see cref="Meta"/> uploaded as an int buffer. Axes of extent 1 are dropped and neighbouring axes of the
    /// same kind (kept or reduced) that are contiguous are merged, so reducing the trailing axes, or H and W
    /// of NCHW, runs a single strided loop.
    /// </summary>
    internal sealed class ReducePlan
    {
        private ReducePlan(int[] meta, int count, int reducedCount)
        {
            Meta = meta;
            Count = count;
            ReducedCount = reducedCount;
        }

        public int[] Meta { get; }

        /// <summary>Output elements: the number of threads to launch.</summary>
        public int Count { get; }

        /// <summary>Elements reduced into each output.</summary>
        public int ReducedCount { get; }

        /// <summary>Reduce <paramref name="shape"/> over <paramref name="axes"/> (negative values count from the end; empty = all).</summary>
        public static ReducePlan Build(long[] shape, IReadOnlyCollection<int> axes)
        {
            int rank = shape.Length;
            var reducedAxes = new HashSet<int>(axes.Select(a => a < 0 ? a + rank : a));
            if (reducedAxes.Any(a => a < 0 || a >= rank))
            {
                throw new ArgumentOutOfRangeException(nameof(axes), $"axes [{string.Join(",", axes)}] of a rank-{rank} tensor");
            }

            if (reducedAxes.Count == 0)
            {
                reducedAxes.UnionWith(Enumerable.Range(0, rank));
            }

            long[] strides = StridedCopyPlan.Strides(shape);
            var kept = new List<(long Extent, long Stride)>();
            var reduced = new List<(long Extent, long Stride)>();
            int previousKind = -1;
            for (int d = 0; d < rank; d++)
            {
                if (shape[d] == 1)
                {
                    continue;
                }

                int kind = reducedAxes.Contains(d) ? 1 : 0;
                List<(long Extent, long Stride)> list = kind == 1 ? reduced : kept;
                if (kind == previousKind && list[^1].Stride == strides[d] * shape[d])
                {
                    list[^1] = (list[^1].Extent * shape[d], strides[d]);
                }
                else
                {
                    list.Add((shape[d], strides[d]));
                }

                previousKind = kind;
            }

            var meta = new List<int> { kept.Count, reduced.Count };
            meta.AddRange(kept.Select(a => checked((int)a.Extent)));
            meta.AddRange(kept.Select(a => checked((int)a.Stride)));
            meta.AddRange(reduced.Select(a => checked((int)a.Extent)));
            meta.AddRange(reduced.Select(a => checked((int)a.Stride)));
            long count = kept.Aggregate(1L, (a, d) => a * d.Extent);
            long reducedCount = reduced.Aggregate(1L, (a, d) => a * d.Extent);
            if (shape.Any(d => d == 0))
            {
                count = Enumerable.Range(0, rank).Where(d => !reducedAxes.Contains(d)).Aggregate(1L, (a, d) => a * shape[d]);
                reducedCount = 0;
            }

            return new ReducePlan(meta.ToArray(), checked((int)count), checked((int)reducedCount));
        }
    }
}
