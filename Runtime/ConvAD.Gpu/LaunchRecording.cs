using System;
using System.Collections.Generic;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>The recorded kernel launches of one batch size and mode (plain or ConvAD), with their buffers allocated once; replayed per batch.</summary>
    internal sealed class LaunchRecording : IDisposable
    {
        public LaunchRecording(MemoryBuffer1D<float, Stride1D.Dense> images, MemoryBuffer1D<float, Stride1D.Dense>? masks, DeviceTensor output,
            IReadOnlyList<Action> steps, IReadOnlyList<IDisposable> owned)
        {
            Images = images;
            Masks = masks;
            Output = output;
            Steps = steps;
            Owned = owned;
        }

        public MemoryBuffer1D<float, Stride1D.Dense> Images { get; }

        public MemoryBuffer1D<float, Stride1D.Dense>? Masks { get; }

        public DeviceTensor Output { get; }

        public IReadOnlyList<Action> Steps { get; }

        public IReadOnlyList<IDisposable> Owned { get; }

        /// <summary>When it was last used, in the model's count of uses (for least-recently-used eviction).</summary>
        public long LastUsed { get; set; }

        public void Dispose()
        {
            foreach (IDisposable d in Owned)
            {
                d.Dispose();
            }
        }
    }
}
