using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static ConvAD.Gpu.Tests.KernelData;

namespace ConvAD.Gpu.Tests
{
    /// <summary>Reductions over arbitrary axes, LayerNormalization and Softmax, against plain C# loops.</summary>
    [Collection("kernels")]
    public sealed class KernelReduceTests
    {
        private readonly KernelFixture _f;

        public KernelReduceTests(KernelFixture f) => _f = f;

        private float[] Reduce(float[] x, long[] shape, int[] axes, int op, out ReducePlan plan)
        {
            plan = ReducePlan.Build(shape, axes);
            using var xb = _f.Upload(x);
            using var mb = _f.Upload(plan.Meta);
            using var yb = _f.Allocate(plan.Count);
            _f.Kernels.Reduce(plan.Count, xb.View, yb.View, mb.View, op);
            return _f.Read(yb, plan.Count);
        }

        /// <summary>The reduction by definition: the reduced elements of each output in row-major order, summed in float in that order.</summary>
        private static float[] Reference(float[] x, long[] shape, int[] axes, int op)
        {
            int rank = shape.Length;
            var reduced = new HashSet<int>(axes.Select(a => a < 0 ? a + rank : a));
            if (reduced.Count == 0)
            {
                reduced.UnionWith(Enumerable.Range(0, rank));
            }

            long[] keptShape = Enumerable.Range(0, rank).Where(d => !reduced.Contains(d)).Select(d => shape[d]).ToArray();
            long[] reducedShape = Enumerable.Range(0, rank).Where(d => reduced.Contains(d)).Select(d => shape[d]).ToArray();
            var y = new float[Count(keptShape)];
            int n = Count(reducedShape);
            for (int i = 0; i < y.Length; i++)
            {
                long[] k = Unravel(i, keptShape);
                float acc = op == Kernels.ReduceMax ? float.NegativeInfinity : op == Kernels.ReduceMin ? float.PositiveInfinity : 0f;
                for (int j = 0; j < n; j++)
                {
                    long[] r = Unravel(j, reducedShape);
                    var index = new long[rank];
                    int ki = 0, ri = 0;
                    for (int d = 0; d < rank; d++)
                    {
                        index[d] = reduced.Contains(d) ? r[ri++] : k[ki++];
                    }

                    float v = x[Ravel(index, shape)];
                    acc = op switch
                    {
                        Kernels.ReduceMax => float.IsNaN(acc) || float.IsNaN(v) ? float.NaN : Math.Max(acc, v),
                        Kernels.ReduceMin => float.IsNaN(acc) || float.IsNaN(v) ? float.NaN : Math.Min(acc, v),
                        _ => acc + v,
                    };
                }

                y[i] = op == Kernels.ReduceMean ? acc / n : acc;
            }

            return y;
        }

        [Theory]
        [InlineData(Kernels.ReduceSum)]
        [InlineData(Kernels.ReduceMean)]
        [InlineData(Kernels.ReduceMax)]
        [InlineData(Kernels.ReduceMin)]
        public void Random_axes_of_random_shapes(int op)
        {
            var rng = new Random(30 + op);
            for (int trial = 0; trial < 30; trial++)
            {
                int rank = rng.Next(1, 6);
                long[] shape = Shape(rng, rank, 5);
                int[] axes = Enumerable.Range(0, rank).Where(_ => rng.Next(2) == 0).Select(a => rng.Next(2) == 0 ? a : a - rank).ToArray();
                float[] x = Random(rng, Count(shape), 4f);
                float[] actual = Reduce(x, shape, axes, op, out ReducePlan plan);
                Bitwise(Reference(x, shape, axes, op), actual, $"[{string.Join(",", shape)}] over [{string.Join(",", axes)}]");
            }
        }

        [Fact]
        public void Mean_over_h_and_w_of_nchw_is_one_strided_loop()
        {
            var rng = new Random(40);
            long[] shape = { 2, 8, 7, 7 };
            float[] x = Random(rng, Count(shape));
            float[] actual = Reduce(x, shape, new[] { 2, 3 }, Kernels.ReduceMean, out ReducePlan plan);
            Assert.Equal(new[] { 1, 1, 16, 49, 49, 1 }, plan.Meta); // N and C merge into one kept axis, H and W into one reduced axis
            Assert.Equal(49, plan.ReducedCount);
            Bitwise(Reference(x, shape, new[] { 2, 3 }, Kernels.ReduceMean), actual);
        }

        [Fact]
        public void Max_propagates_nan()
        {
            float[] x = { 1f, float.NaN, 3f, 4f, 5f, 6f };
            float[] actual = Reduce(x, new long[] { 2, 3 }, new[] { 1 }, Kernels.ReduceMax, out _);
            Assert.True(float.IsNaN(actual[0]));
            Assert.Equal(6f, actual[1]);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void Layer_normalization_over_trailing_axes(int normalisedAxes)
        {
            var rng = new Random(50 + normalisedAxes);
            long[] shape = { 2, 3, 4, 6 };
            int length = (int)shape.Skip(shape.Length - normalisedAxes).Aggregate(1L, (a, d) => a * d);
            float[] x = Random(rng, Count(shape), 3f).Select(v => v + 5f).ToArray();
            float[] scale = Random(rng, length);
            float[] bias = Random(rng, length);
            const float eps = 1e-5f;
            foreach (bool hasBias in new[] { true, false })
            {
                var p = new LayerNormParams { Length = length, HasBias = hasBias ? 1 : 0, Epsilon = eps };
                int rows = x.Length / length;
                using var xb = _f.Upload(x);
                using var sb = _f.Upload(scale);
                using var bb = _f.Upload(bias);
                using var yb = _f.Allocate(x.Length);
                _f.Kernels.LayerNorm(rows, xb.View, sb.View, bb.View, yb.View, p);
                float[] actual = _f.Read(yb, x.Length);

                var exact = new float[x.Length];
                var precise = new double[x.Length];
                for (int r = 0; r < rows; r++)
                {
                    float sum = 0f;
                    for (int k = 0; k < length; k++)
                    {
                        sum += x[r * length + k];
                    }

                    float mean = sum / length, squares = 0f;
                    for (int k = 0; k < length; k++)
                    {
                        float d = x[r * length + k] - mean;
                        squares += d * d;
                    }

                    float std = MathF.Sqrt(squares / length + eps);
                    double meanD = Enumerable.Range(0, length).Average(k => (double)x[r * length + k]);
                    double varD = Enumerable.Range(0, length).Average(k => Math.Pow(x[r * length + k] - meanD, 2));
                    for (int k = 0; k < length; k++)
                    {
                        float v = (x[r * length + k] - mean) / std * scale[k];
                        exact[r * length + k] = hasBias ? v + bias[k] : v;
                        precise[r * length + k] = (x[r * length + k] - meanD) / Math.Sqrt(varD + eps) * scale[k] + (hasBias ? bias[k] : 0);
                    }
                }

                Bitwise(exact, actual, hasBias ? "with bias" : "without bias");
                Close(precise, actual, 1e-5, 1e-5);
            }
        }

        [Theory]
        [InlineData(new long[] { 3, 10 }, 1)]
        [InlineData(new long[] { 2, 5, 3, 4 }, 1)]
        [InlineData(new long[] { 2, 5, 3, 4 }, 3)]
        public void Softmax_along_an_axis(long[] shape, int axis)
        {
            var rng = new Random(60 + axis);
            float[] x = Random(rng, Count(shape), 10f);
            int extent = (int)shape[axis];
            int inner = (int)shape.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
            using var xb = _f.Upload(x);
            using var yb = _f.Allocate(x.Length);
            _f.Kernels.Softmax(x.Length / extent, xb.View, yb.View, extent, inner);
            float[] actual = _f.Read(yb, x.Length);
            var expected = new double[x.Length];
            for (int row = 0; row < x.Length / extent; row++)
            {
                int k0 = row / inner * extent * inner + row % inner;
                double max = Enumerable.Range(0, extent).Max(k => (double)x[k0 + k * inner]);
                double sum = Enumerable.Range(0, extent).Sum(k => Math.Exp(x[k0 + k * inner] - max));
                for (int k = 0; k < extent; k++)
                {
                    expected[k0 + k * inner] = Math.Exp(x[k0 + k * inner] - max) / sum;
                }
            }

            Close(expected, actual, 1e-6, 1e-12);
        }
    }
}
