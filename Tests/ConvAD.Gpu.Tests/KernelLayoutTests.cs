using System;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using Xunit;
using static ConvAD.Gpu.Tests.KernelData;

namespace ConvAD.Gpu.Tests
{
    /// <summary>Transpose, Slice, Split and Concat through the one strided-copy kernel, against index loops.</summary>
    [Collection("kernels")]
    public sealed class KernelLayoutTests
    {
        private readonly KernelFixture _f;

        public KernelLayoutTests(KernelFixture f) => _f = f;

        private float[] Copy(StridedCopyPlan plan, float[] x, int outLength, float[]? into = null)
        {
            using var xb = _f.Upload(x);
            using var yb = _f.Upload(into ?? new float[outLength]);
            using var mb = _f.Upload(plan.Meta);
            _f.Kernels.StridedCopy(plan.Count, xb.View, yb.View, mb.View, plan.InOffset, plan.OutOffset);
            return _f.Read(yb, outLength);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        public void Transpose_any_permutation_up_to_rank_6(int rank)
        {
            var rng = new Random(100 + rank);
            for (int trial = 0; trial < 8; trial++)
            {
                long[] shape = Shape(rng, rank);
                int[] perm = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).ToArray();
                float[] x = Random(rng, Count(shape));
                StridedCopyPlan plan = StridedCopyPlan.Transpose(shape, perm);
                long[] outShape = perm.Select(a => shape[a]).ToArray();
                Assert.Equal(outShape, plan.OutShape);

                var expected = new float[x.Length];
                for (int i = 0; i < expected.Length; i++)
                {
                    long[] o = Unravel(i, outShape);
                    var src = new long[rank];
                    for (int d = 0; d < rank; d++)
                    {
                        src[perm[d]] = o[d];
                    }

                    expected[i] = x[Ravel(src, shape)];
                }

                Bitwise(expected, Copy(plan, x, expected.Length), $"perm [{string.Join(",", perm)}] of [{string.Join(",", shape)}]");
            }
        }

        [Fact]
        public void Transpose_of_nchw_to_nhwc_merges_axes()
        {
            StridedCopyPlan plan = StridedCopyPlan.Transpose(new long[] { 2, 3, 4, 5 }, new[] { 0, 2, 3, 1 });
            Assert.Equal(new long[] { 2, 4, 5, 3 }, plan.OutShape);
            Assert.Equal(3, plan.Meta[0]); // H and W are contiguous in both tensors: one axis
        }

        /// <summary>
        /// ONNX Slice by its definition: negative bounds count from the end; going forward, start and end are
        /// clamped to [0, dim]; going backward, start to [0, dim − 1] and end to [−1, dim − 1]; the slice takes
        /// start, start + step, … while before end.
        /// </summary>
        private static float[] SliceReference(float[] x, long[] shape, long[] starts, long[] ends, long[] axes, long[] steps, out long[] outShape)
        {
            int rank = shape.Length;
            var first = new long[rank];
            var step = Enumerable.Repeat(1L, rank).ToArray();
            outShape = shape.ToArray();
            for (int j = 0; j < axes.Length; j++)
            {
                int a = (int)(axes[j] < 0 ? axes[j] + rank : axes[j]);
                long dim = shape[a];
                long s = steps[j];
                long b = starts[j] < 0 ? starts[j] + dim : starts[j];
                long e = ends[j] < 0 ? ends[j] + dim : ends[j];
                var taken = new System.Collections.Generic.List<long>();
                if (s > 0)
                {
                    for (long k = Math.Max(b, 0); k < Math.Min(e, dim); k += s)
                    {
                        taken.Add(k);
                    }
                }
                else
                {
                    for (long k = Math.Clamp(b, 0, dim - 1); k > Math.Clamp(e, -1, dim - 1); k += s)
                    {
                        taken.Add(k);
                    }
                }

                outShape[a] = taken.Count;
                first[a] = taken.Count > 0 ? taken[0] : 0;
                step[a] = s;
            }

            var y = new float[Count(outShape)];
            for (int i = 0; i < y.Length; i++)
            {
                long[] o = Unravel(i, outShape);
                var src = new long[rank];
                for (int d = 0; d < rank; d++)
                {
                    src[d] = first[d] + o[d] * step[d];
                }

                y[i] = x[Ravel(src, shape)];
            }

            return y;
        }

        [Theory]
        [InlineData(new long[] { 7 }, new long[] { 1 }, new long[] { 5 }, new long[] { 0 }, new long[] { 1 })]
        [InlineData(new long[] { 7 }, new long[] { -1 }, new long[] { long.MinValue }, new long[] { 0 }, new long[] { -1 })] // reverse
        [InlineData(new long[] { 7 }, new long[] { 6 }, new long[] { 0 }, new long[] { 0 }, new long[] { -2 })]
        [InlineData(new long[] { 4, 5, 6 }, new long[] { 1, -100 }, new long[] { long.MaxValue, 4 }, new long[] { 0, 2 }, new long[] { 2, 1 })]
        [InlineData(new long[] { 4, 5, 6 }, new long[] { 10, -2 }, new long[] { -10, 0 }, new long[] { -1, 1 }, new long[] { -3, -1 })]
        [InlineData(new long[] { 2, 3, 4, 5, 2, 3 }, new long[] { 1, 3, 0 }, new long[] { 3, -1, 100 }, new long[] { 1, 3, 5 }, new long[] { 1, 2, 2 })]
        [InlineData(new long[] { 3, 4 }, new long[] { 2 }, new long[] { 2 }, new long[] { 1 }, new long[] { 1 })] // empty
        public void Onnx_slice_with_negative_and_clamped_bounds(long[] shape, long[] starts, long[] ends, long[] axes, long[] steps)
        {
            var rng = new Random(7);
            float[] x = Random(rng, Count(shape));
            float[] expected = SliceReference(x, shape, starts, ends, axes, steps, out long[] outShape);
            StridedCopyPlan plan = StridedCopyPlan.OnnxSlice(shape, starts, ends, axes, steps);
            Assert.Equal(outShape, plan.OutShape);
            Assert.Equal(expected.Length, plan.Count);
            Bitwise(expected, Copy(plan, x, expected.Length));
        }

        [Fact]
        public void Random_slices_with_negative_steps()
        {
            var rng = new Random(11);
            for (int trial = 0; trial < 40; trial++)
            {
                int rank = rng.Next(1, 7);
                long[] shape = Shape(rng, rank, 5);
                long[] axes = Enumerable.Range(0, rank).Where(_ => rng.Next(2) == 0).Select(a => (long)a).ToArray();
                long[] steps = axes.Select(_ => (long)(rng.Next(2) == 0 ? rng.Next(1, 3) : -rng.Next(1, 3))).ToArray();
                long[] starts = axes.Select(a => (long)rng.Next(-6, 7)).ToArray();
                long[] ends = axes.Select(a => (long)rng.Next(-7, 8)).ToArray();
                float[] x = Random(rng, Count(shape));
                float[] expected = SliceReference(x, shape, starts, ends, axes, steps, out long[] outShape);
                StridedCopyPlan plan = StridedCopyPlan.OnnxSlice(shape, starts, ends, axes, steps);
                Assert.Equal(outShape, plan.OutShape);
                Bitwise(expected, Copy(plan, x, expected.Length), $"trial {trial}");
            }
        }

        [Fact]
        public void Split_is_a_slice_along_one_axis()
        {
            var rng = new Random(12);
            long[] shape = { 2, 7, 3, 4 };
            float[] x = Random(rng, Count(shape));
            long start = 0;
            foreach (long part in new long[] { 2, 4, 1 })
            {
                StridedCopyPlan plan = StridedCopyPlan.Split(shape, 1, start, part);
                float[] expected = SliceReference(x, shape, new[] { start }, new[] { start + part }, new long[] { 1 }, new long[] { 1 }, out long[] outShape);
                Assert.Equal(outShape, plan.OutShape);
                Bitwise(expected, Copy(plan, x, expected.Length));
                start += part;
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public void Concat_launches_once_per_input(int axis)
        {
            var rng = new Random(20 + axis);
            long[] baseShape = { 2, 3, 2, 4, 3 };
            long[] extents = { 1, 3, 2 };
            long[][] shapes = extents.Select(e => baseShape.Select((d, i) => i == axis ? e : d).ToArray()).ToArray();
            float[][] inputs = shapes.Select(s => Random(rng, Count(s))).ToArray();
            long[] outShape = baseShape.Select((d, i) => i == axis ? extents.Sum() : d).ToArray();

            var expected = new float[Count(outShape)];
            for (int i = 0; i < expected.Length; i++)
            {
                long[] o = Unravel(i, outShape);
                long k = o[axis];
                int input = 0;
                while (k >= extents[input])
                {
                    k -= extents[input++];
                }

                o[axis] = k;
                expected[i] = inputs[input][Ravel(o, shapes[input])];
            }

            using var yb = _f.Allocate(expected.Length);
            long offset = 0;
            for (int j = 0; j < inputs.Length; j++)
            {
                StridedCopyPlan plan = StridedCopyPlan.Concat(shapes[j], outShape, axis, offset);
                Assert.Equal(outShape, plan.OutShape);
                using var xb = _f.Upload(inputs[j]);
                using var mb = _f.Upload(plan.Meta);
                _f.Kernels.StridedCopy(plan.Count, xb.View, yb.View, mb.View, plan.InOffset, plan.OutOffset);
                _f.Accelerator.Synchronize();
                offset += extents[j];
            }

            Bitwise(expected, _f.Read(yb, expected.Length));
        }

        [Fact]
        public void Plans_reject_what_does_not_fit()
        {
            Assert.Throws<ArgumentException>(() => StridedCopyPlan.Transpose(new long[] { 2, 3 }, new[] { 0, 0 }));
            Assert.Throws<ArgumentException>(() => StridedCopyPlan.Concat(new long[] { 2, 3 }, new long[] { 2, 4 }, 1, 2));
            Assert.Throws<ArgumentException>(() => StridedCopyPlan.Slice(new long[] { 4 }, new long[] { 0 }, new long[] { 0 }, new long[] { 2 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => StridedCopyPlan.Slice(new long[] { 4 }, new long[] { 1 }, new long[] { 2 }, new long[] { 3 }));
        }
    }
}
