using System;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>
    /// Which outputs one launched thread computes: <c>[t·Size, min((t+1)·Size, Total))</c>.
    /// On a GPU <see cref="Size"/> is 1, i.e. one thread per output. ILGPU's CPU accelerator runs every
    /// lane of a group on its own OS thread and makes them meet at a barrier after each group, which
    /// costs far more than a kernel body; there each lane takes one contiguous run of outputs instead, so
    /// a launch costs one barrier. Either way every output is computed by one thread with the same
    /// arithmetic, so the geometry never changes a result (see <see cref="KernelSet"/>).
    /// </summary>
    internal struct Chunk
    {
        public int Size, Total;

        public Chunk(int size, int total)
        {
            Size = size;
            Total = total;
        }

        public int First(Index1D t) => t * Size;

        public int End(Index1D t) => Math.Min(t * Size + Size, Total);
    }

    /// <summary>
    /// The ILGPU kernels of the runtime, one partial file per idea (convolution, pooling, masks,
    /// element-wise ops, layout copies, reductions, fake quantisation, GEMM, and the float math they
    /// share). Each output element (or output row, for row kernels) is computed by one thread with a
    /// fixed loop order and no atomics, so results are deterministic: the no-leak invariant is checked
    /// bitwise. Every kernel takes a <see cref="Chunk"/> after its index; <see cref="KernelSet"/> hides
    /// it and exposes the kernels as <c>Action&lt;Index1D, …&gt;</c> launched with the number of outputs.
    /// Only operations the PTX backend of ILGPU 1.5.3 compiles without ILGPU.Algorithms may appear here:
    /// no MathF.Exp/Log/Pow/Tanh (see Kernels.Math.cs), no throwing helpers.
    /// </summary>
    internal static partial class Kernels
    {
    }
}
