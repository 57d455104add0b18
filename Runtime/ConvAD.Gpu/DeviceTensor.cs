using System.Linq;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>
    /// A tensor on the device: a buffer (shared by reshapes and other views) and its shape. Generated forward
    /// passes hand these from layer to layer; <see cref="ToArray"/> copies one back, for a debugger's watch window.
    /// </summary>
    public sealed class DeviceTensor
    {
        internal DeviceTensor(MemoryBuffer1D<float, Stride1D.Dense> buffer, long[] shape)
        {
            Buffer = buffer;
            Shape = shape;
        }

        /// <summary>The dimensions (batch first for activations).</summary>
        public long[] Shape { get; }

        /// <summary>The number of elements.</summary>
        public int Length => checked((int)Shape.Aggregate(1L, (a, d) => a * d));

        internal MemoryBuffer1D<float, Stride1D.Dense> Buffer { get; }

        /// <summary>The ONNX tensor this holds (the input or a node's output), which gives its spatial layout.</summary>
        internal string? Source { get; set; }

        /// <summary>
        /// A checkpoint not yet applied: this tensor is <see cref="Buffer"/> with positions where this N×1×H×W mask is 0
        /// read as 0. A convolution applies it as it reads its input; any other reader gets a deactivated copy.
        /// </summary>
        internal DeviceTensor? PendingMask { get; set; }

        /// <summary>The deactivated copy of a tensor with a pending checkpoint, once one was needed.</summary>
        internal DeviceTensor? Materialized { get; set; }

        internal ArrayView<float> View => Buffer.View;

        /// <summary>The values, in row-major order. Waits for the device; meant for inspection, not for the hot path.</summary>
        public float[] ToArray()
        {
            Buffer.Accelerator.Synchronize();
            float[] values = Length == 0 ? new float[0] : Buffer.View.SubView(0, Length).GetAsArray1D();
            if (PendingMask != null)
            {
                // What the convolution reading this sees: the checkpoint applied (NCHW, as pending checkpoints are).
                float[] mask = PendingMask.ToArray();
                int hw = checked((int)(Shape[2] * Shape[3])), chw = checked((int)(Shape[1] * hw));
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = mask[i / chw * hw + i % hw] > 0f ? values[i] : 0f;
                }
            }

            return values;
        }

        /// <summary>The tensor's shape, e.g. <c>[1, 64, 56, 56]</c>.</summary>
        public override string ToString() => Shapes.TensorShape.Format(Shape);
    }

    /// <summary>
    /// A model's forward pass written against <see cref="GpuLayers"/>: the source generator emits one per
    /// [ConvAdModel] class (ForwardLayers); without one the runtime interprets the plan's layer sequence.
    /// <paramref name="mask"/> is null in a plain forward. A hand-written one must read each tensor as the graph
    /// does: the runtime fuses an activation into the convolution before it when the graph gives the convolution's
    /// output no other reader.
    /// </summary>
    public delegate DeviceTensor GpuForward(GpuLayers layers, DeviceTensor input, DeviceTensor? mask);
}
