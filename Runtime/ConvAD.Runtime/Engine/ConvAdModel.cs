using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Explanation;
using ConvAD.Imaging;
using ConvAD.IO;
using ConvAD.Onnx;
using ConvAD.Plan;
using Microsoft.ML.OnnxRuntime;

namespace ConvAD.Engine
{
    /// <summary>
    /// A classifier loaded for ConvAD: its graph, its plan, and two ONNX Runtime sessions created on
    /// first use, or all at once by <see cref="WarmUp"/> — the plain model (batch made symbolic) and the ConvAD model (plus a
    /// mask input); layer masking, when asked for, gets a third, under <see cref="PlanOptions.LayerMasking"/>.
    /// Lifetime as ONNX Runtime's <see cref="InferenceSession"/>: thread-safe — concurrent <c>Run</c>/<c>RunPlain</c> calls from
    /// any threads share the two sessions and one <see cref="RunOptions"/>; after <see cref="Dispose"/> every method throws
    /// <see cref="ObjectDisposedException"/>. Dispose only once no call is in flight.
    /// It is an <see cref="IExplainableModel"/> itself: the explainer, the evaluation and the invariant checker take it as is.
    /// </summary>
    public sealed class ConvAdModel : ILayerMaskingModel, IDisposable
    {
        private readonly byte[] _bytes;
        private readonly EngineOptions _options;
        private readonly object _gate = new object();
        private readonly bool _widen;
        private InferenceSession? _plain;
        private InferenceSession? _convAd;
        private ConvAdModel? _layerMasking;
        private readonly RunOptions _runOptions = new RunOptions();
        private bool _disposed;

        private ConvAdModel(byte[] bytes, OnnxModel graph, ConvAdPlan plan, string name, EngineOptions options)
        {
            _bytes = bytes;
            Graph = graph;
            Plan = plan;
            Name = name;
            _options = options;
            if (plan.Input == null)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            Input = plan.Input;
            OutputName = plan.Outputs[0];
            _widen = options.Provider == ExecutionProvider.Cpu && !options.KeepFloat16 && Float16Widening.Applies(graph, plan);
            ClassCount = checked((int)plan.ClassCount);
            BytesPerImage = BatchBytesPerImage(graph, plan);
            // Refused at load, before any image is preprocessed or any session built: one image alone would not fit.
            BatchMemory.Capacity(1, BytesPerImage, options.MaxBatchBytes,
                $"one image of model '{name}' ({plan.Input.Channels}×{plan.Input.Height}×{plan.Input.Width}: its input copy, mask and estimated activations)",
                "EngineOptions.MaxBatchBytes, --max-batch-mb");
        }

        /// <summary>The model's name: the file's name without extension, or the name given to <see cref="Load(byte[], string, EngineOptions?)"/>.</summary>
        public string Name { get; }

        /// <summary>The options the model was loaded with (immutable).</summary>
        public EngineOptions Options => _options;

        internal OnnxModel Graph { get; }

        /// <summary>The model's ConvAD plan (masks, checkpoints, corrections), built at load with <see cref="EngineOptions.Plan"/>.</summary>
        public ConvAdPlan Plan { get; }

        /// <summary>The model's image input: name, layout, height, width and channels.</summary>
        public ModelInput Input { get; }

        /// <summary>The name of the output that is classified (the graph's first).</summary>
        public string OutputName { get; }

        /// <summary>Classes predicted: scores per image in every output buffer.</summary>
        public int ClassCount { get; }

        /// <summary>
        /// True when an fp16 model runs in fp32 (CPU provider): the arithmetic ONNX Runtime's CPU provider
        /// performs anyway, without the casts. Inputs and outputs are float32 either way.
        /// </summary>
        public bool RunsFloat16AsFloat32 => _widen;

        /// <summary>
        /// What one image of a batch costs the engine, in bytes: its input copy (plus an fp16 copy when the model keeps fp16),
        /// its mask and <see cref="ActivationEstimate"/>'s activations. Batches are split so that their sum stays within
        /// <see cref="EngineOptions.MaxBatchBytes"/>.
        /// </summary>
        internal long BytesPerImage { get; }

        /// <summary>
        /// The largest batch one ONNX Runtime call gets: <see cref="EngineOptions.MaxBatch"/>, lowered to fit <see cref="EngineOptions.MaxBatchBytes"/>
        /// and, on the CPU provider, <see cref="EngineOptions.PreferredBatchBytes"/> (never below one image).
        /// </summary>
        internal int BatchStep
        {
            get
            {
                if (!CanBatch)
                {
                    return 1;
                }

                int step = BatchMemory.Capacity(Math.Max(1, _options.MaxBatch), BytesPerImage, _options.MaxBatchBytes, "one image", "EngineOptions.MaxBatchBytes");
                if (_options.Provider != ExecutionProvider.Cpu)
                {
                    return step;
                }

                long preferred = Math.Max(0, _options.PreferredBatchBytes) / Math.Max(1, BytesPerImage);
                return (int)Math.Clamp(preferred, 1, step);
            }
        }

        private long BatchBytesPerImage(OnnxModel graph, ConvAdPlan plan)
        {
            long values = (long)plan.Input!.Channels * plan.Input.Height * plan.Input.Width;
            long mask = (long)plan.Input.Height * plan.Input.Width;
            long image = values * sizeof(float) + (plan.Input.ElementType == TensorElementType.Float16 && !_widen ? values * 2 : 0);
            return image + mask * sizeof(float) + ActivationEstimate.PeakBytesPerImage(graph, plan);
        }

        /// <summary>Elements of one image in the model's input layout (C·H·W).</summary>
        public int ImageSize => Input.Channels * Input.Height * Input.Width;

        /// <summary>Elements of one mask (H·W).</summary>
        public int MaskSize => Input.Height * Input.Width;

        /// <summary>True when N images run in one ONNX Runtime call; otherwise they run one by one (see <see cref="BatchSupport.Reason"/>).</summary>
        public bool CanBatch => Plan.Batch.CanBatch;

        /// <summary>
        /// Loads an ONNX file. The model's payloads are read once, into memory; only a regular file up to
        /// <see cref="EngineOptions.MaxModelBytes"/> is read.
        /// </summary>
        public static ConvAdModel Load(string path, EngineOptions? options = null)
        {
            byte[] bytes = BoundedFile.ReadAllBytes(path, (options ?? new EngineOptions()).MaxModelBytes, "model file");
            return Load(bytes, Path.GetFileNameWithoutExtension(path), options);
        }

        /// <summary>Loads an ONNX model from memory: reads and validates it and builds its ConvAD plan; the sessions are created on first use.</summary>
        /// <param name="onnx">The model file's bytes; kept, not copied.</param>
        /// <param name="name">The model's name, for messages and reports.</param>
        /// <param name="options">The execution provider, plan options and limits; null for the defaults.</param>
        /// <exception cref="OnnxFormatException">The bytes are not a valid ONNX model, or break a rule or limit.</exception>
        /// <exception cref="UnsupportedModelException">The model has no image input ConvAD can run.</exception>
        public static ConvAdModel Load(byte[] onnx, string name, EngineOptions? options = null)
        {
            options ??= new EngineOptions();
            OnnxModel graph = OnnxReader.Read(onnx); // validated as it is read: external data, opsets, attributes, sizes
            ConvAdPlan plan = ConvAdPlanBuilder.Build(graph, options.Plan);
            if (plan.Input == null)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            return new ConvAdModel(onnx, graph, plan, name, options);
        }

        /// <summary>Plain inference of <paramref name="count"/> images (model layout, float32) into count × classes scores.</summary>
        public float[] RunPlain(ReadOnlySpan<float> images, int count)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var output = new float[count * ClassCount];
            RunPlain(images, count, output);
            return output;
        }

        /// <summary>Plain inference of <paramref name="count"/> images (model layout, float32) into <paramref name="output"/> (count × <see cref="ClassCount"/> scores).</summary>
        /// <exception cref="ArgumentException"><paramref name="images"/> does not hold <paramref name="count"/> images, or <paramref name="output"/> is too small.</exception>
        /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
        public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> output)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Execute(PlainSession(), images, ReadOnlySpan<float>.Empty, count, output, withMask: false);
        }

        /// <summary>
        /// The ConvAD forward of <paramref name="count"/> images with one H×W mask each (1 = present, 0 = occluded).
        /// Masks must hold only 0 and 1.
        /// </summary>
        public float[] Run(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var output = new float[count * ClassCount];
            Run(images, masks, count, output);
            return output;
        }

        ImageTensorShape IExplainableModel.Shape => ImageTensorShape.Of(Input);

        void IExplainableModel.RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores) =>
            Run(images, masks, count, scores);

        /// <summary>
        /// The layer-masking forward (<see cref="PlanOptions.LayerMasking"/>): the same model under the layer-masking plan,
        /// built on first use; a model loaded with that plan runs its own ConvAD forward.
        /// </summary>
        public void RunLayerMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores)
        {
            ConvAdModel layerMasking;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                // The stated input size travels with the method: a symbolic-H/W model runs at the same size under both.
                var options = PlanOptions.LayerMasking with { InputSize = Plan.Options.InputSize };
                layerMasking = _layerMasking ??= Plan.Options == options
                    ? this
                    : new ConvAdModel(_bytes, Graph, ConvAdPlanBuilder.Build(Graph, options), Name, _options with { Plan = options });
            }

            layerMasking.Run(images, masks, count, scores);
        }

        /// <summary>
        /// The ConvAD forward of <paramref name="count"/> images with one H×W mask each (1 = present, 0 = occluded) into
        /// <paramref name="output"/> (count × <see cref="ClassCount"/> scores).
        /// </summary>
        /// <exception cref="ArgumentException">The masks are not <paramref name="count"/> × H×W values of 0 or 1, the images not <paramref name="count"/> images, or <paramref name="output"/> is too small.</exception>
        /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
        public void Run(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> output)
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

            Execute(ConvAdSession(), images, masks, count, output, withMask: true);
        }

        private void Execute(InferenceSession session, ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> output, bool withMask)
        {
            if (count < 0 || images.Length != count * ImageSize)
            {
                throw new ArgumentException($"expected {count} images of {ImageSize} values ({Input.Layout} {Input.Channels}×{Input.Height}×{Input.Width}), got {images.Length}", nameof(images));
            }

            if (output.Length < count * ClassCount)
            {
                throw new ArgumentException("output is too small", nameof(output));
            }

            int step = BatchStep;
            for (int start = 0; start < count; start += step)
            {
                int n = Math.Min(step, count - start);
                RunChunk(session, images.Slice(start * ImageSize, n * ImageSize), withMask ? masks.Slice(start * MaskSize, n * MaskSize) : masks, n,
                    output.Slice(start * ClassCount, n * ClassCount), withMask);
            }
        }

        private void RunChunk(InferenceSession session, ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int n, Span<float> output, bool withMask)
        {
            long[] imageShape = Input.Shape.ToArray();
            imageShape[Input.Layout.BatchAxis] = n;
            var values = new List<OrtValue>(2);
            float[]? imageBuffer = null;
            float[]? maskBuffer = null;
            try
            {
                imageBuffer = ArrayPool<float>.Shared.Rent(images.Length);
                Span<float> copy = imageBuffer.AsSpan(0, images.Length);
                if (withMask)
                {
                    // Occluded pixels never enter the graph: the graph zeroes them at its first checkpoint anyway, but a
                    // NaN or infinity there would survive a multiplication by 0. This makes the no-leak guarantee hold
                    // for any values, not only finite ones.
                    MaskedBatch.CopyZeroingOccluded(images, masks, copy, n, Input.Channels, Input.Layout.IsNchw);
                }
                else
                {
                    images.CopyTo(copy);
                }

                if (Input.ElementType == TensorElementType.Float16 && !_widen)
                {
                    var half = new Float16[copy.Length];
                    for (int i = 0; i < half.Length; i++)
                    {
                        half[i] = (Float16)copy[i];
                    }

                    values.Add(OrtValue.CreateTensorValueFromMemory(half, imageShape));
                }
                else
                {
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, imageBuffer.AsMemory(0, images.Length), imageShape));
                }

                var names = new List<string> { Input.Name };
                if (withMask)
                {
                    maskBuffer = ArrayPool<float>.Shared.Rent(masks.Length);
                    masks.CopyTo(maskBuffer);
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, maskBuffer.AsMemory(0, masks.Length), new long[] { n, 1, Input.Height, Input.Width }));
                    names.Add(GraphRewriter.MaskInputName);
                }

                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(_runOptions, names, values, new[] { OutputName });
                // ONNX Runtime's Run passes only the handles down: without these, a model its caller no longer references
                // could have its run options or session finalized (released natively) while the native run still reads them.
                GC.KeepAlive(_runOptions);
                GC.KeepAlive(session);
                CopyScores(results[0], output);
            }
            finally
            {
                foreach (OrtValue v in values)
                {
                    v.Dispose();
                }

                if (imageBuffer != null)
                {
                    ArrayPool<float>.Shared.Return(imageBuffer);
                }

                if (maskBuffer != null)
                {
                    ArrayPool<float>.Shared.Return(maskBuffer);
                }
            }
        }

        private static void CopyScores(OrtValue value, Span<float> output)
        {
            var info = value.GetTensorTypeAndShape();
            if (info.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16)
            {
                ReadOnlySpan<Float16> half = value.GetTensorDataAsSpan<Float16>();
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = half[i].ToFloat();
                }
            }
            else
            {
                value.GetTensorDataAsSpan<float>().Slice(0, output.Length).CopyTo(output);
            }
        }

        private InferenceSession PlainSession()
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this); // a session is never rebuilt after Dispose
                return _plain ??= CreateSession(() => GraphRewriter.Plain(_bytes, Graph, Plan, _widen), "plain");
            }
        }

        private InferenceSession ConvAdSession()
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _convAd ??= CreateSession(() => GraphRewriter.ConvAd(_bytes, Graph, Plan, _widen, imageZeroedByCaller: true), "convad"); // RunChunk zeroes
            }
        }

        /// <summary>
        /// Creates both ONNX Runtime sessions now and runs one blank image through each, instead of leaving that to the first
        /// <see cref="RunPlain(ReadOnlySpan{float}, int)"/> and <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>;
        /// thread-safe, and harmless to repeat. Creating a session optimises the whole graph (a large share of a second for
        /// SqueezeNet, seconds for a ResNet-50), and a session's first run allocates its buffers (tens of milliseconds): both
        /// would otherwise land on whichever call comes first.
        /// </summary>
        public void WarmUp()
        {
            var image = new float[ImageSize];
            var mask = new float[MaskSize];
            Array.Fill(mask, 1f);
            RunPlain(image, 1);
            Run(image, mask, 1);
        }

        /// <summary>The rewritten ConvAD model as ONNX bytes (for inspection, or to run elsewhere).</summary>
        public byte[] ExportConvAdModel()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return GraphRewriter.ConvAd(_bytes, Graph, Plan, _widen);
        }

        /// <summary>How each checkpoint is realised in this engine's ConvAD session (<c>convad info --explain-rewrites</c>); builds no session.</summary>
        internal RewriteLog ExplainRewrites()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return GraphRewriter.Explain(_bytes, Graph, Plan, _widen, imageZeroedByCaller: true);
        }

        /// <summary>The original model with a symbolic batch dimension where possible.</summary>
        public byte[] ExportPlainModel()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return GraphRewriter.Plain(_bytes, Graph, Plan, _widen);
        }

        /// <summary>
        /// A session of a rewritten graph. The rewrite is as large as the weights, and once ONNX Runtime has read it, it is garbage
        /// the collector would keep committed (it is large-object heap, collected late) beside the session's own copy: for a
        /// ResNet-50, the two sessions' rewrites left hundreds of MB of such arrays committed in the process. So for a large model (<see cref="LargeRewriteBytes"/>)
        /// the process's garbage is collected, and its memory returned, before the session reads the graph (the rewrite's
        /// working buffer) and after (the graph itself): milliseconds, once per session, against seconds of session creation.
        /// </summary>
        private InferenceSession CreateSession(Func<byte[]> rewrite, string kind)
        {
            byte[]? model = rewrite();
            bool large = model.Length >= LargeRewriteBytes;
            if (large)
            {
                ReturnGarbage();
            }

            InferenceSession session = CreateSession(model, kind);
            model = null;
            if (large)
            {
                ReturnGarbage();
            }

            return session;
        }

        /// <summary>Rewritten graphs from this size on are collected as soon as their session has read them (<see cref="CreateSession(Func{byte[]}, string)"/>).</summary>
        internal const int LargeRewriteBytes = 32 << 20;

        // Aggressive: a blocking, compacting collection that also decommits the freed memory, so that the process's resident
        // size drops now rather than whenever the collector next trims its heap.
        private static void ReturnGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        private InferenceSession CreateSession(byte[] model, string kind)
        {
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = _options.Optimization,
                IntraOpNumThreads = _options.IntraOpThreads,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            if (_options.ProfileDirectory is string profile)
            {
                Directory.CreateDirectory(profile);
                options.ProfileOutputPathPrefix = Path.Combine(profile, kind); // before enabling: enabling passes the prefix on
                options.EnableProfiling = true;
                options.OptimizedModelFilePath = Path.Combine(profile, kind + ".optimized.onnx");
            }

            switch (_options.Provider)
            {
                case ExecutionProvider.Cuda:
                    options.AppendExecutionProvider_CUDA(_options.DeviceId);
                    break;
                case ExecutionProvider.DirectML:
                    options.AppendExecutionProvider_DML(_options.DeviceId);
                    break;
            }

            try
            {
                return new InferenceSession(model, options);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidOperationException($"ONNX Runtime could not load '{Name}': {e.Message}", e);
            }
        }

        /// <summary>Releases the sessions (and the layer-masking model's); idempotent. Every later call throws <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _runOptions.Dispose();
                if (_options.ProfileDirectory != null)
                {
                    // The traces are written when profiling ends.
                    _plain?.EndProfiling();
                    _convAd?.EndProfiling();
                }

                _plain?.Dispose();
                _convAd?.Dispose();
                if (_layerMasking != this)
                {
                    _layerMasking?.Dispose();
                }

                _layerMasking = null;
                _plain = null;
                _convAd = null;
            }
        }
    }
}
