using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>
    /// Runs a model's ConvAD plan with ILGPU kernels: weights are uploaded once (fp32; fp16 widened on
    /// upload), a batch of images and masks goes in, class scores come out. The semantics are those of
    /// the ONNX Runtime engine (<see cref="ConvAdModel"/>), which is the reference. Thread-safe: calls
    /// are serialised on the device.
    /// </summary>
    public sealed partial class GpuConvAdModel : IDisposable
    {
        /// <summary>The ops this runtime executes; anything else throws <see cref="NotSupportedException"/> at load.</summary>
        public static IReadOnlyCollection<string> SupportedOps { get; } = new[]
        {
            "Conv", "Relu", "Clip", "Sigmoid", "Identity", "Dropout", "Add", "Sub", "Mul", "Div", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "Reshape", "Flatten", "Gemm", "MatMul", "BatchNormalization", "Softmax", "Constant",
        };

        private readonly byte[] _bytes;
        private readonly Context _context;
        private readonly Accelerator _accelerator;
        private readonly KernelSet _kernels;
        private readonly object _gate = new object();
        private readonly Dictionary<string, DeviceTensor> _weights = new Dictionary<string, DeviceTensor>(StringComparer.Ordinal);
        private readonly Dictionary<string, float[]> _small = new Dictionary<string, float[]>(StringComparer.Ordinal);
        private readonly Dictionary<string, (DeviceTensor Scale, DeviceTensor Shift)> _batchNorms = new Dictionary<string, (DeviceTensor, DeviceTensor)>(StringComparer.Ordinal);
        private readonly Dictionary<(int Count, bool Masked), Program> _programs = new Dictionary<(int, bool), Program>();
        private readonly Dictionary<int, PlanNode> _planNodes;
        private readonly MemoryBuffer1D<float, Stride1D.Dense> _dummy;
        private bool _disposed;

        private GpuConvAdModel(byte[] bytes, OnnxModel graph, ConvAdPlan plan, DeviceKind device, Context context, Accelerator accelerator)
        {
            _bytes = bytes;
            Graph = graph;
            Plan = plan;
            Input = plan.Input!;
            Device = device;
            _context = context;
            _accelerator = accelerator;
            _kernels = new KernelSet(accelerator);
            _planNodes = plan.Nodes.ToDictionary(n => n.Index);
            _dummy = accelerator.Allocate1D<float>(1);
            ClassCount = checked((int)plan.ClassCount);
        }

        public OnnxModel Graph { get; }

        public ConvAdPlan Plan { get; }

        public ModelInput Input { get; }

        public DeviceKind Device { get; }

        /// <summary>The accelerator's name, as ILGPU reports it.</summary>
        public string DeviceName => _accelerator.Name;

        public int ClassCount { get; }

        /// <summary>Elements of one image (C·H·W, NCHW).</summary>
        public int ImageSize => Input.Channels * Input.Height * Input.Width;

        /// <summary>Elements of one mask (H·W).</summary>
        public int MaskSize => Input.Height * Input.Width;

        public static GpuConvAdModel Load(string path, DeviceKind device, PlanOptions? options = null)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"model file not found: {path}", path);
            }

            return Load(File.ReadAllBytes(path), device, options);
        }

        /// <summary>Reads the model, builds its ConvAD plan, checks every op, opens the device and uploads the weights.</summary>
        /// <exception cref="UnsupportedModelException">The model cannot run under ConvAD at all.</exception>
        /// <exception cref="NotSupportedException">A node's op has no kernel in this runtime yet.</exception>
        /// <exception cref="InvalidOperationException">The device kind is <see cref="DeviceKind.Cuda"/> and no NVIDIA GPU or driver is found.</exception>
        public static GpuConvAdModel Load(byte[] onnx, DeviceKind device, PlanOptions? options = null)
        {
            OnnxModel graph = OnnxReader.Read(onnx);
            ConvAdPlan plan = ConvAdPlanBuilder.Build(graph, options ?? new PlanOptions());
            if (!plan.IsSupported || plan.Input == null)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            if (!plan.Input.Layout.IsNchw)
            {
                throw new NotSupportedException($"input '{plan.Input.Name}' is {plan.Input.Layout}; the GPU runtime runs NCHW models only yet");
            }

            if (plan.Shapes == null)
            {
                throw new NotSupportedException("the model's shapes could not be inferred");
            }

            foreach (OnnxNode node in plan.Order)
            {
                if (!IsHostOnly(plan, node) && (node.Domain.Length != 0 || !SupportedOps.Contains(node.OpType)))
                {
                    throw new NotSupportedException($"node '{node.Name}' ({(node.Domain.Length != 0 ? node.Domain + "." : "")}{node.OpType}) is not supported by the GPU runtime yet");
                }
            }

            (Context context, Accelerator accelerator) = GpuDevice.Create(device);
            GpuConvAdModel? model = null;
            try
            {
                model = new GpuConvAdModel(onnx, graph, plan, device, context, accelerator);
                model.UploadWeights();
                return model;
            }
            catch
            {
                if (model != null)
                {
                    model.Dispose();
                }
                else
                {
                    accelerator.Dispose();
                    context.Dispose();
                }

                throw;
            }
        }

        /// <summary>Plain inference (no masks, no checkpoints) of <paramref name="count"/> NCHW images into count × classes scores.</summary>
        public float[] RunPlain(ReadOnlySpan<float> images, int count) => Execute(images, ReadOnlySpan<float>.Empty, count, masked: false);

        /// <summary>The ConvAD forward of <paramref name="count"/> images with one H×W mask each (1 = present, 0 = occluded).</summary>
        public float[] Run(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count)
        {
            if (masks.Length != count * MaskSize)
            {
                throw new ArgumentException($"expected {count} masks of {Input.Height}×{Input.Width} ({count * MaskSize} values), got {masks.Length}", nameof(masks));
            }

            foreach (float m in masks)
            {
                if (m != 0f && m != 1f)
                {
                    throw new ArgumentException("mask values must be 0 (occluded) or 1 (present)", nameof(masks));
                }
            }

            return Execute(images, masks, count, masked: true);
        }

        private float[] Execute(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, bool masked)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
            if (images.Length != count * ImageSize)
            {
                throw new ArgumentException($"expected {count} images of {ImageSize} values ({count * ImageSize}), got {images.Length}", nameof(images));
            }

            var output = new float[count * ClassCount];
            lock (_gate)
            {
                // A graph that fixes the batch in a way the plan cannot follow runs image by image (as the engine does).
                int batch = Plan.Batch.CanBatch ? count : 1;
                for (int start = 0; start < count; start += batch)
                {
                    Program program = ProgramFor(batch, masked);
                    program.Images.CopyFromCPU(images.Slice(start * ImageSize, batch * ImageSize).ToArray());
                    if (masked)
                    {
                        program.Masks!.CopyFromCPU(masks.Slice(start * MaskSize, batch * MaskSize).ToArray());
                    }

                    foreach (Action step in program.Steps)
                    {
                        step();
                    }

                    _accelerator.Synchronize();
                    float[] scores = program.Output.Buffer.View.SubView(0, batch * ClassCount).GetAsArray1D();
                    scores.CopyTo(output, start * ClassCount);
                }
            }

            return output;
        }

        private Program ProgramFor(int count, bool masked)
        {
            if (!_programs.TryGetValue((count, masked), out Program? program))
            {
                if (_programs.Count >= 4)
                {
                    foreach (Program p in _programs.Values)
                    {
                        p.Dispose();
                    }

                    _programs.Clear();
                }

                program = new ProgramBuilder(this, count, masked).Build();
                _programs[(count, masked)] = program;
            }

            return program;
        }

        /// <summary>A node whose every output is a folded integer constant (shape arithmetic) runs on the host at plan time.</summary>
        private static bool IsHostOnly(ConvAdPlan plan, OnnxNode node) =>
            node.Outputs.Count > 0 && node.Outputs.All(o => o.Length == 0 || plan.Shapes!.ConstantOf(o) != null) &&
            !(node.OpType == "Constant" && FloatConstant(node) != null);

        private static OnnxTensor? FloatConstant(OnnxNode node) =>
            node.Attributes.TryGetValue("value", out OnnxAttribute? a) && a.Tensor != null && IsFloat(a.Tensor.ElementType) ? a.Tensor : null;

        private static bool IsFloat(TensorElementType t) => t == TensorElementType.Float || t == TensorElementType.Float16 || t == TensorElementType.Double;

        private void UploadWeights()
        {
            var batchNormInputs = new HashSet<string>(Plan.Order.Where(n => n.OpType == "BatchNormalization").SelectMany(n => n.Inputs.Skip(1)), StringComparer.Ordinal);
            foreach (OnnxTensor t in Graph.Graph.Initializers.Values)
            {
                if (IsFloat(t.ElementType))
                {
                    float[] values = TensorPayload.ReadFloats(_bytes, t);
                    if (values.Length <= 16 || batchNormInputs.Contains(t.Name))
                    {
                        _small[t.Name] = values;
                    }

                    _weights[t.Name] = Upload(values, t.Dims);
                }
            }

            foreach (OnnxNode node in Plan.Order)
            {
                if (node.OpType == "Constant" && FloatConstant(node) is OnnxTensor c)
                {
                    float[] values = c.FloatValues ?? TensorPayload.ReadFloats(_bytes, c);
                    if (values.Length <= 16)
                    {
                        _small[node.Outputs[0]] = values;
                    }

                    _weights[node.Outputs[0]] = Upload(values, c.Dims);
                }
                else if (node.OpType == "BatchNormalization")
                {
                    FoldBatchNorm(node);
                }
            }
        }

        /// <summary>Inference BatchNormalization as y = x·s + t, s = γ/√(σ²+ε), t = β − μ·s (computed in double).</summary>
        private void FoldBatchNorm(OnnxNode node)
        {
            float[] Values(int i) => _small.TryGetValue(node.Input(i), out float[]? v) ? v :
                throw new NotSupportedException($"node '{node.Name}' (BatchNormalization): input '{node.Input(i)}' is not an initializer");
            float[] gamma = Values(1), beta = Values(2), mean = Values(3), variance = Values(4);
            double eps = node.Float("epsilon", 1e-5f);
            var scale = new float[gamma.Length];
            var shift = new float[gamma.Length];
            for (int c = 0; c < gamma.Length; c++)
            {
                double s = gamma[c] / Math.Sqrt(variance[c] + eps);
                scale[c] = (float)s;
                shift[c] = (float)(beta[c] - mean[c] * s);
            }

            _batchNorms[node.Name] = (Upload(scale, new long[] { scale.Length }), Upload(shift, new long[] { shift.Length }));
        }

        private DeviceTensor Upload(float[] values, long[] dims)
        {
            MemoryBuffer1D<float, Stride1D.Dense> buffer = _accelerator.Allocate1D<float>(Math.Max(1, values.Length));
            if (values.Length > 0)
            {
                buffer.CopyFromCPU(values);
            }

            return new DeviceTensor(buffer, dims);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                foreach (Program p in _programs.Values)
                {
                    p.Dispose();
                }

                var weightBuffers = _weights.Values.Select(w => w.Buffer).Concat(_batchNorms.Values.SelectMany(b => new[] { b.Scale.Buffer, b.Shift.Buffer }));
                foreach (MemoryBuffer1D<float, Stride1D.Dense> b in weightBuffers.Distinct())
                {
                    b.Dispose();
                }

                _dummy.Dispose();
                _accelerator.Dispose();
                _context.Dispose();
            }
        }
    }

    /// <summary>A tensor on the device: a buffer (possibly shared by reshapes) and its shape.</summary>
    internal sealed class DeviceTensor
    {
        public DeviceTensor(MemoryBuffer1D<float, Stride1D.Dense> buffer, long[] shape)
        {
            Buffer = buffer;
            Shape = shape;
        }

        public MemoryBuffer1D<float, Stride1D.Dense> Buffer { get; }

        public long[] Shape { get; }

        public int Length => checked((int)Shape.Aggregate(1L, (a, d) => a * d));

        public ArrayView<float> View => Buffer.View;
    }

    /// <summary>The launch sequence of one batch size and mode, with its buffers allocated once.</summary>
    internal sealed class Program : IDisposable
    {
        public Program(MemoryBuffer1D<float, Stride1D.Dense> images, MemoryBuffer1D<float, Stride1D.Dense>? masks, DeviceTensor output,
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

        public void Dispose()
        {
            foreach (IDisposable d in Owned)
            {
                d.Dispose();
            }
        }
    }

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
