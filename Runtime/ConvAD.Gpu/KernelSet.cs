using System;
using System.Collections.Generic;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>The kernels, compiled once per accelerator.</summary>
    internal sealed class KernelSet
    {
        public KernelSet(Accelerator a)
        {
            Conv = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvParams>(Kernels.Conv);
            MaxPool = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, PoolParams>(Kernels.MaxPool);
            AveragePool = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolParams>(Kernels.AveragePool);
            GlobalPool = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(Kernels.GlobalPool);
            Deactivate = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float>(Kernels.Deactivate);
            PropagateMask = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, MaskParams>(Kernels.PropagateMask);
            Binary = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int>(Kernels.Binary);
            Unary = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, float, float>(Kernels.Unary);
            ScaleShift = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(Kernels.ScaleShift);
            Gemm = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmParams>(Kernels.Gemm);
            Softmax = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(Kernels.Softmax);
        }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvParams> Conv { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, PoolParams> MaxPool { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolParams> AveragePool { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> GlobalPool { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float> Deactivate { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, MaskParams> PropagateMask { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int> Binary { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, float, float> Unary { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> ScaleShift { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmParams> Gemm { get; }

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> Softmax { get; }
    }
}
