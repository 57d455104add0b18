using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Imaging;
using ConvAD.Onnx;
using ConvAD.Plan;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>
    /// Runs a model's ConvAD plan with ILGPU kernels: weights are uploaded once (fp32; fp16 widened on
    /// upload), a batch of images and masks goes in, class scores come out. The semantics are those of
    /// the ONNX Runtime engine (<c>ConvAdModel</c> in ConvAD.Runtime), which is the reference. Thread-safe: calls
    /// are serialised on the device. It owns its accelerator: after <see cref="Dispose"/> (idempotent) every
    /// <c>Run</c>/<c>RunPlain</c> throws <see cref="ObjectDisposedException"/>. It is an <see cref="IExplainableModel"/> itself:
    /// the explainer evaluates its mutants on it, and the invariant checker checks it against the engine.
    /// </summary>
    public sealed partial class GpuConvAdModel : IExplainableModel, IDisposable
    {
        /// <summary>The ops this runtime executes (<see cref="GpuLayers.Ops"/>); anything else throws <see cref="NotSupportedException"/> at load.</summary>
        public static IReadOnlyCollection<string> SupportedOps => GpuLayers.Ops;

        private readonly byte[] _bytes;
        private readonly Context _context;
        private readonly Accelerator _accelerator;
        private readonly KernelSet _kernels;
        private readonly object _gate = new object();
        private readonly Dictionary<string, DeviceTensor> _weights = new Dictionary<string, DeviceTensor>(StringComparer.Ordinal);
        private readonly Dictionary<string, float[]> _small = new Dictionary<string, float[]>(StringComparer.Ordinal);
        private readonly Dictionary<string, (DeviceTensor Scale, DeviceTensor Shift)> _batchNorms = new Dictionary<string, (DeviceTensor, DeviceTensor)>(StringComparer.Ordinal);
        private readonly Dictionary<(int Count, bool Masked), LaunchRecording> _recordings = new Dictionary<(int, bool), LaunchRecording>();
        /// <summary>Recordings (batch size × plain/ConvAD) kept at once; each holds all its activation buffers.</summary>
        private const int MaxRecordings = 4;

        private readonly Dictionary<string, OnnxNode> _nodes;
        private readonly Dictionary<string, int> _readers = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly HashSet<string> _literals = new HashSet<string>(StringComparer.Ordinal);
        private long _uses;
        private readonly Dictionary<string, OnnxNode> _producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        private readonly Dictionary<string, SpatialLayout> _layouts = new Dictionary<string, SpatialLayout>(StringComparer.Ordinal);
        private readonly GpuForward _forward;
        private readonly MemoryBuffer1D<float, Stride1D.Dense> _dummy;
        private bool _disposed;

        private GpuConvAdModel(byte[] bytes, OnnxModel graph, ConvAdPlan plan, LayerSequence sequence, Dictionary<string, OnnxNode> nodes,
            GpuForward? forward, DeviceKind device, Context context, Accelerator accelerator)
        {
            _bytes = bytes;
            Graph = graph;
            Plan = plan;
            Input = plan.Input!;
            Device = device;
            _context = context;
            _accelerator = accelerator;
            _kernels = new KernelSet(accelerator);
            Sequence = sequence;
            _nodes = nodes;
            _forward = forward ?? GpuLayers.Interpret;
            foreach (OnnxNode node in plan.Order)
            {
                foreach (string output in node.Outputs.Where(o => o.Length > 0))
                {
                    _producers[output] = node;
                }

                foreach (string input in node.Inputs)
                {
                    _readers[input] = _readers.TryGetValue(input, out int n) ? n + 1 : 1;
                }

                if (node.OpType == "Constant" && node.Outputs.Count > 0)
                {
                    _literals.Add(node.Outputs[0]);
                }
            }

            foreach (string output in plan.Outputs)
            {
                _readers[output] = _readers.TryGetValue(output, out int n) ? n + 1 : 1; // the caller reads it too
            }

            _literals.UnionWith(graph.Graph.Initializers.Keys);

            // The spatial layout of every tensor a checkpoint or correction may see (NCHW, NHWC, a channel shuffle's rank-5 view…).
            _layouts[plan.Input!.Name] = plan.Input.Layout;
            Dictionary<int, OnnxNode> byIndex = plan.Order.ToDictionary(n => n.Index);
            foreach (PlanNode p in plan.Nodes)
            {
                if (p.OutputLayout != null && byIndex.TryGetValue(p.Index, out OnnxNode? produced) && produced.Outputs.Count > 0)
                {
                    _layouts[produced.Outputs[0]] = p.OutputLayout;
                }

                foreach (PlanCheckpoint c in p.Checkpoints)
                {
                    _layouts[c.Tensor] = c.Layout;
                }
            }
            _dummy = accelerator.Allocate1D<float>(1);
            ClassCount = checked((int)plan.ClassCount);
        }

        internal OnnxModel Graph { get; }

        /// <summary>The model's ConvAD plan (masks, checkpoints, corrections), built at load with the given options.</summary>
        public ConvAdPlan Plan { get; }

        /// <summary>The model's image input: name, layout, height, width and channels.</summary>
        public ModelInput Input { get; }

        /// <summary>The forward pass as a list of layer calls (what the interpreter runs and the generator writes).</summary>
        internal LayerSequence Sequence { get; }

        /// <summary>
        /// Runs every launch as the forward pass records it and waits for it, rebuilding the launches on each call,
        /// so that stepping through a generated ForwardLayers in a debugger shows each tensor's values
        /// (<see cref="DeviceTensor.ToArray"/>). Slow; for debugging only.
        /// </summary>
        public bool StepThrough { get; set; }

        /// <summary>Where the kernels run: an NVIDIA GPU or ILGPU's CPU emulation of one.</summary>
        public DeviceKind Device { get; }

        /// <summary>The accelerator's name, as ILGPU reports it.</summary>
        public string DeviceName => _accelerator.Name;

        /// <summary>Classes predicted: the number of values per image in the first output.</summary>
        public int ClassCount { get; }

        /// <summary>Elements of one image (C·H·W, NCHW).</summary>
        public int ImageSize => Input.Channels * Input.Height * Input.Width;

        /// <summary>Elements of one mask (H·W).</summary>
        public int MaskSize => Input.Height * Input.Width;

        /// <summary>Reads the ONNX file at <paramref name="path"/> (at most the model-size limit) and loads it as <see cref="Load(byte[], DeviceKind, PlanOptions?, GpuForward?)"/> does.</summary>
        /// <param name="path">The ONNX model file.</param>
        /// <param name="device">Where the kernels run.</param>
        /// <param name="options">The ConvAD plan's options; null for <see cref="PlanOptions.Default"/>.</param>
        /// <param name="forward">The forward pass (a generated ForwardLayers); null interprets the plan.</param>
        /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
        /// <exception cref="UnsupportedModelException">The model cannot run under ConvAD at all.</exception>
        /// <exception cref="NotSupportedException">A node's op has no kernel in this runtime yet.</exception>
        /// <exception cref="InvalidOperationException">The device kind is <see cref="DeviceKind.Cuda"/> and no NVIDIA GPU or driver is found.</exception>
        public static GpuConvAdModel Load(string path, DeviceKind device, PlanOptions? options = null, GpuForward? forward = null)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"model file not found: {path}", path);
            }

            return Load(ConvAD.IO.BoundedFile.ReadAllBytes(path, ConvAD.IO.BoundedFile.DefaultMaxModelBytes, "model file"), device, options, forward);
        }

        /// <summary>Reads the model, builds its ConvAD plan, checks every op, opens the device and uploads the weights.</summary>
        /// <exception cref="UnsupportedModelException">The model cannot run under ConvAD at all.</exception>
        /// <exception cref="NotSupportedException">A node's op has no kernel in this runtime yet.</exception>
        /// <exception cref="InvalidOperationException">The device kind is <see cref="DeviceKind.Cuda"/> and no NVIDIA GPU or driver is found.</exception>
        /// <param name="onnx">The model file's bytes.</param>
        /// <param name="device">Where the kernels run.</param>
        /// <param name="options">The ConvAD plan's options; null for <see cref="PlanOptions.Default"/>.</param>
        /// <param name="forward">The forward pass (a generated ForwardLayers); null interprets the plan.</param>
        public static GpuConvAdModel Load(byte[] onnx, DeviceKind device, PlanOptions? options = null, GpuForward? forward = null)
        {
            OnnxModel graph = OnnxReader.Read(onnx);
            ConvAdPlan plan = ConvAdPlanBuilder.Build(graph, options ?? PlanOptions.Default);
            if (!plan.IsSupported || plan.Input == null)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            if (!plan.Input.Layout.IsNchw && !plan.Input.Layout.Equals(SpatialLayout.Nhwc))
            {
                throw new NotSupportedException($"input '{plan.Input.Name}' is {plan.Input.Layout}; the GPU runtime runs NCHW and NHWC inputs");
            }

            if (plan.Shapes == null)
            {
                throw new NotSupportedException("the model's shapes could not be inferred");
            }

            LayerSequence sequence = LayerSequence.Build(graph, plan);
            var nodes = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
            foreach (OnnxNode node in plan.Order.Where(n => !sequence.IsLoadTime(n)))
            {
                if (!nodes.TryAdd(node.Name, node))
                {
                    throw new NotSupportedException($"node name '{node.Name}' is used by more than one node; the GPU runtime finds layers by name");
                }
            }

            foreach (LayerCall call in sequence.Layers.Where(c => c.Kind == LayerCallKind.Layer))
            {
                OnnxNode node = nodes[call.Node!];
                if ((node.Domain.Length != 0 && !QuantizationFormat.IsContribQuantizedOp(node.Domain, node.OpType)) || !GpuLayers.Ops.Contains(call.Method))
                {
                    throw new NotSupportedException($"node '{node.Name}' ({(node.Domain.Length != 0 ? node.Domain + "." : "")}{node.OpType}) is not supported by the GPU runtime yet");
                }
            }

            (Context context, Accelerator accelerator) = GpuDevice.Create(device);
            GpuConvAdModel? model = null;
            try
            {
                model = new GpuConvAdModel(onnx, graph, plan, sequence, nodes, forward, device, context, accelerator);
                model.UploadWeights();
                model.CheckIntegerGrids();
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

        ImageTensorShape IExplainableModel.Shape => ImageTensorShape.Of(Input);

        void IExplainableModel.RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => RunPlain(images, count).CopyTo(scores);

        void IExplainableModel.RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores) =>
            Run(images, masks, count).CopyTo(scores);

        /// <summary>The ConvAD forward of <paramref name="count"/> images with one H×W mask each (1 = present, 0 = occluded).</summary>
        public float[] Run(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (masks.Length != count * MaskSize)
            {
                throw new ArgumentException($"expected {count} masks of {Input.Height}×{Input.Width} ({count * MaskSize} values), got {masks.Length}", nameof(masks));
            }

            if (!MaskedBatch.AllBinary(masks))
            {
                throw new ArgumentException("mask values must be 0 (occluded) or 1 (present)", nameof(masks));
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
                    ReadOnlySpan<float> batchImages = images.Slice(start * ImageSize, batch * ImageSize);
                    ReadOnlySpan<float> batchMasks = masked ? masks.Slice(start * MaskSize, batch * MaskSize) : ReadOnlySpan<float>.Empty;
                    if (StepThrough)
                    {
                        using LaunchRecording traced = new GpuLayers(this, batch, eager: true).Record(_forward, masked, batchImages, batchMasks);
                        traced.Output.ToArray().AsSpan(0, batch * ClassCount).CopyTo(output.AsSpan(start * ClassCount));
                        continue;
                    }

                    LaunchRecording recording = RecordingFor(batch, masked);
                    // Straight from the caller's spans: a managed copy of each would be one more pass over every pixel.
                    recording.Images.View.CopyFromCPU(_accelerator.DefaultStream, batchImages);
                    if (masked)
                    {
                        recording.Masks!.View.CopyFromCPU(_accelerator.DefaultStream, batchMasks);
                    }

                    foreach (Action step in recording.Steps)
                    {
                        step();
                    }

                    _accelerator.Synchronize();
                    float[] scores = recording.Output.Buffer.View.SubView(0, batch * ClassCount).GetAsArray1D();
                    scores.CopyTo(output, start * ClassCount);
                }
            }

            return output;
        }

        private LaunchRecording RecordingFor(int count, bool masked)
        {
            if (!_recordings.TryGetValue((count, masked), out LaunchRecording? recording))
            {
                if (_recordings.Count >= MaxRecordings)
                {
                    // The least recently used goes: an explanation's full batches stay while its odd-sized last ones come and go.
                    var oldest = _recordings.OrderBy(p => p.Value.LastUsed).First();
                    oldest.Value.Dispose();
                    _recordings.Remove(oldest.Key);
                }

                recording = new GpuLayers(this, count, eager: false).Record(_forward, masked, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty);
                _recordings[(count, masked)] = recording;
            }

            recording.LastUsed = ++_uses;
            return recording;
        }

        internal Accelerator Accelerator => _accelerator;

        internal KernelSet Kernels => _kernels;

        internal MemoryBuffer1D<float, Stride1D.Dense> Dummy => _dummy;

        /// <summary>Float weights of up to 16 values (and BatchNorm statistics), on the host: bounds and constants read at record time.</summary>
        internal IReadOnlyDictionary<string, float[]> SmallValues => _small;

        /// <summary>Whether a tensor is written in the file (an initializer or a Constant), as opposed to computed from shapes.</summary>
        internal bool IsLiteral(string name) => _literals.Contains(name);

        /// <summary>The spatial layout of a tensor, as the plan tracks it; NCHW for a tensor the plan does not track.</summary>
        internal SpatialLayout LayoutOf(string? tensor) => tensor != null && _layouts.TryGetValue(tensor, out SpatialLayout? layout) ? layout : SpatialLayout.Nchw;

        /// <summary>How many nodes read a tensor (a graph output counts as a reader).</summary>
        internal int ReaderCount(string tensor) => _readers.TryGetValue(tensor, out int n) ? n : 0;

        /// <summary>The node that writes a tensor, or null for the model input and weights.</summary>
        internal OnnxNode? Producer(string tensor) => _producers.TryGetValue(tensor, out OnnxNode? node) ? node : null;

        internal OnnxNode Node(string name) => _nodes.TryGetValue(name, out OnnxNode? node) ? node :
            throw new ArgumentException($"the model has no node '{name}': was the forward pass generated from this model?", nameof(name));

        /// <summary>A weight on the device, or null for an integer tensor (shape arithmetic, read on the host).</summary>
        internal DeviceTensor? Weight(string name) => _weights.TryGetValue(name, out DeviceTensor? w) ? w : null;

        internal (DeviceTensor Scale, DeviceTensor Shift) BatchNorm(string node) => _batchNorms.TryGetValue(node, out var folded) ? folded :
            throw new NotSupportedException($"node '{node}' (BatchNormalization) was not folded at load");

        /// <summary>Frees the recorded launches, the weights on the device and the accelerator; calling it again does nothing.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                foreach (LaunchRecording p in _recordings.Values)
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
}
