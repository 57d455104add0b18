using System;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// One CPU accelerator (DeviceKind.CudaEmulated) and its compiled kernels, shared by the kernel unit tests,
    /// which run one after another in the "kernels" collection (an accelerator runs one launch at a time).
    /// </summary>
    public sealed class KernelFixture : IDisposable
    {
        public KernelFixture()
        {
            (Context, Accelerator) = GpuDevice.Create(DeviceKind.CudaEmulated);
            Kernels = new KernelSet(Accelerator);
        }

        internal Context Context { get; }

        internal Accelerator Accelerator { get; }

        internal KernelSet Kernels { get; }

        internal MemoryBuffer1D<float, Stride1D.Dense> Upload(float[] values) => Accelerator.Allocate1D(values.Length == 0 ? new float[1] : values);

        internal MemoryBuffer1D<int, Stride1D.Dense> Upload(int[] values) => Accelerator.Allocate1D(values.Length == 0 ? new int[1] : values);

        internal MemoryBuffer1D<float, Stride1D.Dense> Allocate(int length) => Accelerator.Allocate1D<float>(Math.Max(1, length));

        /// <summary>Waits for the launches, then copies the first <paramref name="length"/> values back.</summary>
        internal float[] Read(MemoryBuffer1D<float, Stride1D.Dense> buffer, int length)
        {
            Accelerator.Synchronize();
            return buffer.GetAsArray1D().Take(length).ToArray();
        }

        public void Dispose()
        {
            Accelerator.Dispose();
            Context.Dispose();
        }
    }

    [CollectionDefinition("kernels")]
    public sealed class KernelCollection : ICollectionFixture<KernelFixture>
    {
    }

    /// <summary>Random tensors and the comparisons the kernel tests share.</summary>
    internal static class KernelData
    {
        public static float[] Random(Random rng, int length, float scale = 1f) =>
            Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();

        public static long[] Shape(Random rng, int rank, int maxExtent = 4) =>
            Enumerable.Range(0, rank).Select(_ => (long)rng.Next(1, maxExtent + 1)).ToArray();

        public static int Count(long[] shape) => checked((int)shape.Aggregate(1L, (a, d) => a * d));

        /// <summary>The multi-index of element <paramref name="i"/> of a dense row-major tensor.</summary>
        public static long[] Unravel(long i, long[] shape)
        {
            var index = new long[shape.Length];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = i % shape[d];
                i /= shape[d];
            }

            return index;
        }

        public static long Ravel(long[] index, long[] shape)
        {
            long i = 0;
            for (int d = 0; d < shape.Length; d++)
            {
                i = i * shape[d] + index[d];
            }

            return i;
        }

        /// <summary>Bitwise equality (NaN equals NaN, −0 differs from +0).</summary>
        public static void Bitwise(float[] expected, float[] actual, string what = "")
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]) && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                {
                    Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
                }
            }
        }

        /// <summary>|actual − expected| ≤ relative·|expected| + absolute for every element (NaN only where NaN is expected).</summary>
        public static void Close(double[] expected, float[] actual, double relative, double absolute = 0, string what = "")
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                if (double.IsNaN(expected[i]) || double.IsInfinity(expected[i]))
                {
                    Assert.True(expected[i].Equals((double)actual[i]), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
                    continue;
                }

                double error = Math.Abs(actual[i] - expected[i]);
                if (error > relative * Math.Abs(expected[i]) + absolute)
                {
                    Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2})");
                }
            }
        }
    }
}
