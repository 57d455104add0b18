using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>
    /// The layers of a model on the device, one public method per ONNX op (named as the op) plus the ConvAD
    /// mask, checkpoint and correction steps. A forward pass (<see cref="GpuForward"/>: generated C#, or the
    /// plan interpreter) calls them once per batch size; each call allocates its output once and records its
    /// kernel launches, which <see cref="GpuConvAdModel"/> then replays for every batch. In step-through mode
    /// the launches also run as they are recorded, so a debugger shows real values at every line.
    /// </summary>
    /// <remarks>
    /// Layer methods take the node's name and its activation inputs in order (weights are resolved from the
    /// node), then, for an aggregating node the plan corrects, the mask of its input. Mask methods return null
    /// for null sources and checkpoints return their input unchanged without a mask: the same code runs the
    /// plain forward (mask = null) and the ConvAD forward. Not thread-safe: one instance records one batch size, under the
    /// model's lock.
    /// </remarks>
    public sealed partial class GpuLayers
    {
        private readonly GpuConvAdModel _model;
        private readonly KernelSet _kernels;
        private readonly int _batch;
        private readonly bool _eager;
        private readonly List<Action> _steps = new List<Action>();
        private readonly List<IDisposable> _owned = new List<IDisposable>();
        private readonly Dictionary<DeviceTensor, ConvLaunch> _convOutputs = new Dictionary<DeviceTensor, ConvLaunch>(ReferenceEqualityComparer.Instance);

        internal GpuLayers(GpuConvAdModel model, int count, bool eager)
        {
            _model = model;
            _kernels = model.Kernels;
            _batch = count;
            _eager = eager;
        }

        /// <summary>The batch size these layers were built for.</summary>
        public int BatchSize => _batch;

        private ConvAdPlan Plan => _model.Plan;

        /// <summary>Runs <paramref name="forward"/> once to record the launches of one batch size and mode.</summary>
        internal LaunchRecording Record(GpuForward forward, bool masked, ReadOnlySpan<float> eagerImages, ReadOnlySpan<float> eagerMasks)
        {
            try
            {
                ModelInput input = Plan.Input!;
                long[] shape = (long[])input.Shape.Clone();
                shape[input.Layout.BatchAxis] = _batch;
                DeviceTensor images = Allocate(shape);
                images.Source = input.Name;
                DeviceTensor? masks = masked ? Allocate(new long[] { _batch, 1, input.Height, input.Width }) : null;
                if (_eager)
                {
                    images.Buffer.View.SubView(0, images.Length).CopyFromCPU(eagerImages.ToArray());
                    masks?.Buffer.View.SubView(0, masks.Length).CopyFromCPU(eagerMasks.ToArray());
                }

                DeviceTensor output = Applied(forward(this, images, masks));
                if (output.Length != _batch * _model.ClassCount)
                {
                    throw new NotSupportedException($"the forward pass returned a tensor of shape {TensorShape.Format(output.Shape)} for a batch of {_batch}; expected {_batch}×{_model.ClassCount}");
                }

                return new LaunchRecording(images.Buffer, masks?.Buffer, output, _steps.ToArray(), _owned.ToArray());
            }
            catch
            {
                foreach (IDisposable d in _owned)
                {
                    d.Dispose();
                }

                throw;
            }
        }

        private void Launch(Action step)
        {
            _steps.Add(step);
            if (_eager)
            {
                step();
                _model.Accelerator.Synchronize();
            }
        }

        private DeviceTensor Allocate(long[] shape)
        {
            long length = shape.Aggregate(1L, (a, d) => a * d);
            MemoryBuffer1D<float, Stride1D.Dense> buffer = _model.Accelerator.Allocate1D<float>(Math.Max(1, length));
            _owned.Add(buffer);
            return new DeviceTensor(buffer, shape);
        }

        /// <summary>Host values (launch metadata, quantization parameters) on the device, owned by this recording.</summary>
        private ArrayView<T> Upload<T>(T[] values)
            where T : unmanaged
        {
            MemoryBuffer1D<T, Stride1D.Dense> buffer = _model.Accelerator.Allocate1D(values);
            _owned.Add(buffer);
            return buffer.View;
        }

        private ArrayView<float> Dummy => _model.Dummy.View;

        /// <summary>A node's inputs by index: weights resolved from the model, activations from the call's arguments.</summary>
        /// <param name="name">The node's name in the graph.</param>
        /// <param name="arguments">The call's activations (and mask), as the forward pass passes them.</param>
        /// <param name="pendingInput0">The layer applies a pending checkpoint on its input 0 itself (a convolution).</param>
        private LayerInputs Resolve(string name, DeviceTensor?[] arguments, bool pendingInput0 = false)
        {
            OnnxNode node = _model.Node(name);
            var tensors = new DeviceTensor?[node.Inputs.Count];
            int next = 0;
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                string input = node.Inputs[i];
                if (input.Length == 0)
                {
                    continue;
                }

                if (_model.Sequence.IsWeight(input))
                {
                    tensors[i] = _model.Weight(input);
                    continue;
                }

                if (next >= arguments.Length)
                {
                    throw new ArgumentException($"node '{name}' ({node.OpType}) reads '{input}': expected it as argument {next + 1}, got {arguments.Length} arguments");
                }

                DeviceTensor argument = arguments[next++] ?? throw new ArgumentNullException(nameof(arguments), $"node '{name}': activation '{input}' is null");
                tensors[i] = pendingInput0 && i == 0 ? argument : Applied(argument);
            }

            DeviceTensor? mask = next < arguments.Length ? arguments[next++] : null;
            if (next < arguments.Length)
            {
                throw new ArgumentException($"node '{name}' ({node.OpType}): {arguments.Length} arguments given, {next} expected");
            }

            return new LayerInputs(node, tensors, mask);
        }

        /// <summary>The resolved inputs of one layer call.</summary>
        private readonly struct LayerInputs
        {
            public LayerInputs(OnnxNode node, DeviceTensor?[] tensors, DeviceTensor? mask)
            {
                Node = node;
                Tensors = tensors;
                Mask = mask;
            }

            public OnnxNode Node { get; }

            public DeviceTensor?[] Tensors { get; }

            /// <summary>The mask of the input, for a node whose output the plan corrects (null in a plain forward).</summary>
            public DeviceTensor? Mask { get; }

            public DeviceTensor this[int i] => (i < Tensors.Length ? Tensors[i] : null) ??
                throw new NotSupportedException($"node '{Node.Name}' ({Node.OpType}): input {i} ('{Node.Input(i)}') has no floating-point values on the device");

            public DeviceTensor? Optional(int i) => i < Tensors.Length ? Tensors[i] : null;

            public bool Has(int i) => Node.Input(i).Length > 0;
        }
    }
}
