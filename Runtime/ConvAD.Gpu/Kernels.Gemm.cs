using System;
using ILGPU;

namespace ConvAD.Gpu
{
    internal struct GemmParams
    {
        public int M, N, K, TransA, TransB, HasC, CRowStride, CColStride;
        public float Alpha, Beta;
    }

    internal static partial class Kernels
    {
        /// <summary>Y = α·op(A)·op(B) + β·C, one thread per output element, k ascending.</summary>
        public static void Gemm(Index1D t, Chunk chunk, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> y, GemmParams p)
        {
            for (int i = chunk.First(t), end = chunk.End(t); i < end; i++)
            {
                int row = i / p.N;
                int col = i % p.N;
                float sum = 0f;
                for (int k = 0; k < p.K; k++)
                {
                    float u = p.TransA != 0 ? a[k * p.M + row] : a[row * p.K + k];
                    float v = p.TransB != 0 ? b[col * p.K + k] : b[k * p.N + col];
                    sum += u * v;
                }

                float r = p.Alpha * sum;
                if (p.HasC != 0)
                {
                    r += p.Beta * c[row * p.CRowStride + col * p.CColStride];
                }

                y[i] = r;
            }
        }
    }
}
