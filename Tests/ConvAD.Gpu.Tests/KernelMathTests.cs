using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// The float math of Kernels.Math.cs (the kernels' own exp, log, tanh, erf, pow and rounding, which the
    /// PTX backend can compile) against double precision, over dense sweeps. On the CPU accelerator a kernel
    /// runs this very .NET code, so calling it on the host checks what the kernels compute.
    /// </summary>
    public sealed class KernelMathTests
    {
        /// <summary>erf in double: Maclaurin series below 3, Lentz's continued fraction for erfc above (error far below 1e-12).</summary>
        internal static double ReferenceErf(double x)
        {
            double a = Math.Abs(x);
            double r;
            if (a < 3)
            {
                double term = a, sum = a;
                for (int n = 1; n < 200 && Math.Abs(term) > 1e-18 * Math.Abs(sum); n++)
                {
                    term *= -a * a / n;
                    sum += term / (2 * n + 1);
                }

                r = 2 / Math.Sqrt(Math.PI) * sum;
            }
            else
            {
                double k = a;
                for (int n = 80; n >= 1; n--)
                {
                    k = a + n / 2.0 / k;
                }

                r = 1 - Math.Exp(-a * a) / Math.Sqrt(Math.PI) / k;
            }

            return x < 0 ? -r : r;
        }

        private static IEnumerable<float> Sweep(float from, float to, int steps, int seed)
        {
            var rng = new Random(seed);
            for (int i = 0; i <= steps; i++)
            {
                yield return from + (to - from) * i / steps;
                yield return (float)(from + (to - from) * rng.NextDouble());
            }
        }

        /// <summary>Error of <paramref name="actual"/> in units in the last place of the float nearest <paramref name="expected"/>.</summary>
        private static double Ulps(float actual, double expected)
        {
            float e = (float)expected;
            double ulp = Math.Max(MathF.BitIncrement(MathF.Abs(e)) - MathF.Abs(e), float.Epsilon);
            return Math.Abs(actual - expected) / ulp;
        }

        [Fact]
        public void Exp_is_within_2_ulp_from_underflow_to_overflow()
        {
            double worst = 0;
            foreach (float x in Sweep(-103.9f, 88.72f, 200_000, 1).Concat(Sweep(-1f, 1f, 20_000, 2)))
            {
                worst = Math.Max(worst, Ulps(Kernels.Exp(x), Math.Exp(x)));
            }

            Assert.True(worst <= 2, $"worst {worst:F2} ulp");
            Assert.Equal(float.PositiveInfinity, Kernels.Exp(88.73f));
            Assert.Equal(float.PositiveInfinity, Kernels.Exp(float.PositiveInfinity));
            Assert.Equal(0f, Kernels.Exp(-104f));
            Assert.Equal(0f, Kernels.Exp(float.NegativeInfinity));
            Assert.Equal(1f, Kernels.Exp(0f));
            Assert.True(float.IsNaN(Kernels.Exp(float.NaN)));
        }

        [Fact]
        public void Log_is_within_2_ulp()
        {
            double worst = 0;
            foreach (float x in Sweep(1e-6f, 4f, 100_000, 3).Concat(Sweep(4f, 1e30f, 50_000, 4)).Concat(new[] { 1e-40f, 1e-45f, 1.17e-38f, float.MaxValue }))
            {
                worst = Math.Max(worst, Ulps(Kernels.Log(x), Math.Log(x)));
            }

            Assert.True(worst <= 2, $"worst {worst:F2} ulp");
            Assert.Equal(0f, Kernels.Log(1f));
            Assert.Equal(float.NegativeInfinity, Kernels.Log(0f));
            Assert.Equal(float.PositiveInfinity, Kernels.Log(float.PositiveInfinity));
            Assert.True(float.IsNaN(Kernels.Log(-1f)));
            Assert.True(float.IsNaN(Kernels.Log(float.NaN)));
        }

        [Fact]
        public void Tanh_is_within_3e_7_relative()
        {
            double worst = 0;
            foreach (float x in Sweep(-12f, 12f, 200_000, 5).Concat(Sweep(-1e-3f, 1e-3f, 2_000, 6)))
            {
                double expected = Math.Tanh(x);
                worst = Math.Max(worst, Math.Abs(Kernels.Tanh(x) - expected) / Math.Max(Math.Abs(expected), 1e-30));
            }

            Assert.True(worst <= 3e-7, $"worst {worst:E2}");
            Assert.Equal(1f, Kernels.Tanh(float.PositiveInfinity));
            Assert.Equal(-1f, Kernels.Tanh(float.NegativeInfinity));
            Assert.Equal(0f, Kernels.Tanh(0f));
            Assert.True(float.IsNaN(Kernels.Tanh(float.NaN)));
        }

        [Fact]
        public void Erf_is_within_4e_7_absolute()
        {
            double worst = 0, worstSmall = 0;
            foreach (float x in Sweep(-6f, 6f, 200_000, 7))
            {
                double expected = ReferenceErf(x);
                double error = Math.Abs(Kernels.Erf(x) - expected);
                worst = Math.Max(worst, error);
                if (Math.Abs(x) < 0.5f && x != 0f)
                {
                    worstSmall = Math.Max(worstSmall, error / Math.Abs(expected));
                }
            }

            Assert.True(worst <= 4e-7, $"worst {worst:E2}");
            Assert.True(worstSmall <= 3e-7, $"worst relative below 0.5: {worstSmall:E2}");
            Assert.Equal(1f, Kernels.Erf(float.PositiveInfinity));
            Assert.Equal(-1f, Kernels.Erf(float.NegativeInfinity));
            Assert.True(float.IsNaN(Kernels.Erf(float.NaN)));
        }

        [Theory]
        [InlineData(2f)]
        [InlineData(3f)]
        [InlineData(-1f)]
        [InlineData(-2f)]
        [InlineData(0.5f)]
        [InlineData(1.5f)]
        [InlineData(-0.5f)]
        [InlineData(0.3333333f)]
        [InlineData(2.7f)]
        [InlineData(-7.5f)]
        [InlineData(40.5f)]
        public void Pow_with_a_constant_exponent(float y)
        {
            double worst = 0;
            foreach (float x in Sweep(-8f, 8f, 20_000, 8).Concat(Sweep(1e-30f, 1e-3f, 2_000, 9)).Concat(Sweep(8f, 1e6f, 2_000, 10)))
            {
                double expected = Math.Pow(x, y);
                if (Math.Abs(expected) > float.MaxValue || (expected != 0 && Math.Abs(expected) < 1.17549435e-38))
                {
                    continue; // overflows or leaves the normal range in float
                }

                float actual = Kernels.Pow(x, y);
                if (double.IsNaN(expected) || double.IsInfinity(expected))
                {
                    Assert.Equal(expected, actual);
                    continue;
                }

                worst = Math.Max(worst, Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-30));
            }

            Assert.True(worst <= 1e-6, $"worst {worst:E2}");
        }

        [Fact]
        public void Pow_special_cases_are_exact()
        {
            var rng = new Random(9);
            for (int i = 0; i < 10_000; i++)
            {
                float x = (float)(rng.NextDouble() * 20 - 10);
                Assert.Equal(x * x, Kernels.Pow(x, 2f));
                Assert.True(MathF.Sqrt(x).Equals(Kernels.Pow(x, 0.5f)));
                Assert.Equal(x, Kernels.Pow(x, 1f));
            }

            Assert.Equal(1f, Kernels.Pow(float.NaN, 0f));
            Assert.Equal(1f, Kernels.Pow(1f, float.NaN));
            Assert.Equal(0f, Kernels.Pow(0f, 2.5f));
            Assert.Equal(float.PositiveInfinity, Kernels.Pow(0f, -1f));
            Assert.Equal(-8f, Kernels.Pow(-2f, 3f));
            Assert.Equal(MathF.Pow(-2f, 65f), Kernels.Pow(-2f, 65f));
            Assert.Equal(float.PositiveInfinity, Kernels.Pow(float.NegativeInfinity, 1.5f));
            Assert.Equal(0f, Kernels.Pow(float.NegativeInfinity, -1.5f));
            Assert.Equal(float.NegativeInfinity, Kernels.Pow(float.NegativeInfinity, 3f));
            Assert.Equal(1f, Kernels.Pow(-1f, float.PositiveInfinity));
            Assert.Equal(0f, Kernels.Pow(0.5f, float.PositiveInfinity));
            Assert.Equal(float.PositiveInfinity, Kernels.Pow(0.5f, float.NegativeInfinity));
            Assert.True(float.IsNaN(Kernels.Pow(-2f, 1.5f)));
            Assert.True(float.IsNaN(Kernels.Pow(float.NaN, 2f)));
        }

        [Fact]
        public void Round_half_even_matches_nearbyint()
        {
            var values = new List<float> { 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.49999997f, -0.49999997f, 1.4999999f, 254.5f, 255.5f, -127.5f, -128.5f, 0f, 3f, -3f };
            var rng = new Random(10);
            for (int i = 0; i < 100_000; i++)
            {
                values.Add((float)(rng.NextDouble() * 600 - 300));
                values.Add(rng.Next(-600, 600) * 0.5f);
            }

            foreach (float v in values)
            {
                Assert.True(MathF.Round(v, MidpointRounding.ToEven) == Kernels.RoundHalfEven(v), $"{v:R}: {Kernels.RoundHalfEven(v):R}");
            }

            Assert.True(float.IsNaN(Kernels.RoundHalfEven(float.NaN)));
        }
    }
}
