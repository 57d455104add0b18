using System;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>
    /// Float math for the kernels, in plain arithmetic. ILGPU 1.5.3's PTX backend has no implementation of
    /// MathF.Exp/Log/Pow (they need ILGPU.Algorithms or libdevice) and maps MathF.Tanh to tanh.approx
    /// (sm_75+, about 2⁻¹¹ relative error), so a kernel calling them does not compile for CUDA at all. These
    /// run identically on the CPU accelerator and on a GPU (up to the GPU's fused multiply-adds), so the
    /// emulated device tests the arithmetic the GPU runs. Accuracy against double precision (measured
    /// worst case over dense sweeps; KernelMathTests asserts the bound in brackets): Exp 1.2 ulp [2];
    /// Log 0.8 ulp [2]; Tanh 1.2·10⁻⁷ relative [3·10⁻⁷]; Sigmoid 1.3·10⁻⁷ relative; Erf 3.1·10⁻⁷ absolute
    /// [4·10⁻⁷]; Pow (general exponent) 6·10⁻⁸ relative [10⁻⁶].
    /// </summary>
    internal static partial class Kernels
    {
        private const float Log2E = 1.44269504f;
        private const float Ln2High = 0.693145752f; // ln 2 = Ln2High + Ln2Low (Cody–Waite): Ln2High has 15 significant bits, so n·Ln2High is exact for |n| < 2⁹
        private const float Ln2Low = 1.42860682e-6f;

        /// <summary>
        /// eˣ: x = n·ln 2 + r with |r| ≤ ln2/2 (Cody–Waite), e^r by its degree-7 Taylor polynomial (truncation
        /// below 6·10⁻⁹), then scaled by 2ⁿ in two exact steps so subnormal and near-overflow results are right.
        /// </summary>
        internal static float Exp(float x)
        {
            if (x > 88.7228394f)
            {
                return float.PositiveInfinity;
            }

            if (x < -103.972084f)
            {
                return 0f;
            }

            float n = MathF.Floor(x * Log2E + 0.5f);
            float r = x - n * Ln2High - n * Ln2Low;
            float p = 1f / 5040f;
            p = p * r + 1f / 720f;
            p = p * r + 1f / 120f;
            p = p * r + 1f / 24f;
            p = p * r + 1f / 6f;
            p = p * r + 0.5f;
            p = p * r + 1f;
            p = p * r + 1f;
            int k = (int)n;
            int k1 = k / 2;
            return p * PowerOfTwo(k1) * PowerOfTwo(k - k1);
        }

        /// <summary>2ᵏ for −126 ≤ k ≤ 127, built from its exponent bits.</summary>
        private static float PowerOfTwo(int k) => Interop.IntAsFloat((uint)(k + 127) << 23);

        /// <summary>
        /// Natural logarithm as fdlibm computes it: x = (1 + f)·2ᵉ with 1 + f in [√½, √2), s = f/(2 + f),
        /// ln(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))) with R the series of 2·atanh(s)/s − 2 (to s¹⁰; truncation
        /// below 10⁻¹⁰ relative). ln 0 = −∞, ln of a negative number or NaN = NaN, ln ∞ = ∞.
        /// </summary>
        internal static float Log(float x)
        {
            if (!(x > 0f) || x == float.PositiveInfinity)
            {
                return x == 0f ? float.NegativeInfinity : x > 0f ? x : float.NaN;
            }

            int e = 0;
            if (x < 1.17549435e-38f)
            {
                x *= 16777216f; // subnormal: make it normal first (×2²⁴)
                e = -24;
            }

            int bits = (int)Interop.FloatAsInt(x);
            e += ((bits >> 23) & 0xFF) - 127;
            float m = Interop.IntAsFloat((uint)((bits & 0x007FFFFF) | 0x3F800000));
            if (m > 1.41421356f)
            {
                m *= 0.5f;
                e++;
            }

            float f = m - 1f;
            float hfsq = 0.5f * f * f;
            float s = f / (2f + f);
            float z = s * s;
            float r = 2f / 11f;
            r = r * z + 2f / 9f;
            r = r * z + 2f / 7f;
            r = r * z + 2f / 5f;
            r = r * z + 2f / 3f;
            r *= z;
            return e * Ln2High - ((hfsq - (s * (hfsq + r) + e * Ln2Low)) - f);
        }

        /// <summary>
        /// e^{y·ln x} for Pow's general case, in double so that the product (up to ±89 for a finite float
        /// result) loses nothing: ln x by the atanh series to s²¹, eᵗ by Cody–Waite and Taylor to r¹³.
        /// </summary>
        private static float ExpOfProductLog(float x, float y)
        {
            int bits = (int)Interop.FloatAsInt(x);
            int e = ((bits >> 23) & 0xFF) - 127;
            double m = Interop.IntAsFloat((uint)((bits & 0x007FFFFF) | 0x3F800000));
            if (e == -127)
            {
                m -= 1.0; // subnormal: x = 0.mantissa·2⁻¹²⁶
                e = -126;
                while (m < 1.0)
                {
                    m *= 2.0;
                    e--;
                }
            }

            if (m > 1.4142135623730951)
            {
                m *= 0.5;
                e++;
            }

            double s = (m - 1.0) / (m + 1.0);
            double s2 = s * s;
            double q = 1.0 / 21;
            for (int k = 19; k >= 1; k -= 2)
            {
                q = q * s2 + 1.0 / k;
            }

            double t = y * (e * 0.6931471805599453 + 2.0 * s * q);
            if (t > 89.0)
            {
                return float.PositiveInfinity;
            }

            if (t < -104.0)
            {
                return 0f;
            }

            double n = Math.Floor(t * 1.4426950408889634 + 0.5);
            double r = t - n * 0.6931471803691238 - n * 1.9082149292705877e-10;
            double p = 1.0 / 6227020800.0;
            for (int j = 12; j >= 0; j--)
            {
                p = p * r + 1.0 / Factorial(j);
            }

            int ni = (int)n;
            int n1 = ni / 2;
            return (float)(p * PowerOfTwo(n1) * PowerOfTwo(ni - n1));
        }

        private static double Factorial(int k)
        {
            double f = 1.0;
            for (int i = 2; i <= k; i++)
            {
                f *= i;
            }

            return f;
        }

        /// <summary>
        /// tanh: Lambert's continued fraction x/(1 + x²/(3 + x²/(5 + …))) to depth 17 for |x| &lt; 1 (exact to
        /// float precision there and free of the cancellation of the exponential form), 1 − 2/(e^{2|x|} + 1)
        /// above, ±1 beyond 9.1 (where tanh rounds to 1).
        /// </summary>
        internal static float Tanh(float x)
        {
            float a = MathF.Abs(x);
            float r;
            if (a < 1f)
            {
                float x2 = a * a;
                float d = 17f;
                for (int k = 15; k >= 1; k -= 2)
                {
                    d = k + x2 / d;
                }

                r = a / d;
            }
            else if (a < 9.1f)
            {
                r = 1f - 2f / (Exp(2f * a) + 1f);
            }
            else
            {
                r = a > 0f ? 1f : a; // keeps NaN
            }

            return x < 0f ? -r : r;
        }

        /// <summary>
        /// erf (for GELU). |x| &lt; 0.5: its Maclaurin series to x¹⁵ (relative error below 10⁻⁹ before rounding);
        /// 0.5 ≤ |x| &lt; 4: Abramowitz &amp; Stegun 7.1.26, 1 − (a₁t + … + a₅t⁵)·e^{−x²}, t = 1/(1 + 0.3275911|x|),
        /// absolute error ≤ 1.5·10⁻⁷ (≤ 4·10⁻⁷ with float rounding); ±1 beyond 4 (erfc(4) ≈ 1.5·10⁻⁸).
        /// </summary>
        internal static float Erf(float x)
        {
            float a = MathF.Abs(x);
            float r;
            if (a < 0.5f)
            {
                float x2 = a * a;
                float q = -1f / 75600f;
                q = q * x2 + 1f / 9360f;
                q = q * x2 - 1f / 1320f;
                q = q * x2 + 1f / 216f;
                q = q * x2 - 1f / 42f;
                q = q * x2 + 1f / 10f;
                q = q * x2 - 1f / 3f;
                q = q * x2 + 1f;
                r = 1.12837917f * a * q;
            }
            else if (a < 4f)
            {
                float u = 1f / (1f + 0.3275911f * a);
                float q = 1.061405429f;
                q = q * u - 1.453152027f;
                q = q * u + 1.421413741f;
                q = q * u - 0.284496736f;
                q = q * u + 0.254829592f;
                r = 1f - q * u * Exp(-a * a);
            }
            else
            {
                r = a > 0f ? 1f : a; // keeps NaN
            }

            return x < 0f ? -r : r;
        }

        /// <summary>
        /// ONNX Pow for float operands, with C pow's special cases. Exponent 0 or base 1 gives 1 (even with a
        /// NaN), 1 gives x, 2 gives x·x, 0.5 gives √x (+0 for −0, +∞ for −∞), other integers up to ±64
        /// repeated squaring (a negative base keeps its sign for odd exponents), ±∞ the limits, and anything
        /// else e^{y·ln|x|} evaluated in double (with the sign of an odd integer exponent; NaN for a negative
        /// base with a non-integer exponent).
        /// </summary>
        internal static float Pow(float x, float y)
        {
            if (y == 0f || x == 1f)
            {
                return 1f;
            }

            if (float.IsNaN(x) || float.IsNaN(y))
            {
                return float.NaN;
            }

            if (y == 1f)
            {
                return x;
            }

            if (y == 2f)
            {
                return x * x;
            }

            if (y == 0.5f)
            {
                return x == float.NegativeInfinity ? float.PositiveInfinity : MathF.Sqrt(x) + 0f;
            }

            float ax = MathF.Abs(x);
            if (float.IsInfinity(y))
            {
                return ax == 1f ? 1f : (ax > 1f) == (y > 0f) ? float.PositiveInfinity : 0f;
            }

            float ay = MathF.Abs(y);
            bool integer = MathF.Floor(ay) == ay;
            if (integer && ay <= 64f)
            {
                int e = (int)ay;
                float result = 1f, b = x;
                while (e > 0)
                {
                    if ((e & 1) != 0)
                    {
                        result *= b;
                    }

                    b *= b;
                    e >>= 1;
                }

                return y < 0f ? 1f / result : result;
            }

            float r;
            if (ax == 0f || ax == float.PositiveInfinity)
            {
                r = (ax == 0f) == (y > 0f) ? 0f : float.PositiveInfinity;
            }
            else if (x < 0f && !integer)
            {
                return float.NaN;
            }
            else
            {
                r = ExpOfProductLog(ax, y);
            }

            bool odd = integer && ay < 16777216f && ((int)ay & 1) == 1;
            return x < 0f && odd ? -r : r;
        }

        /// <summary>
        /// Rounds to the nearest integer, ties to even (nearbyint in the default rounding mode). v − ⌊v⌋ is
        /// exact, so unlike ⌊v + ½⌋ this never rounds 0.49999997 up.
        /// </summary>
        internal static float RoundHalfEven(float v)
        {
            float r = MathF.Floor(v);
            float d = v - r;
            if (d > 0.5f || (d == 0.5f && r - 2f * MathF.Floor(r * 0.5f) != 0f))
            {
                r += 1f;
            }

            return r;
        }
    }
}
