using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>Where ONNX Runtime executes the model.</summary>
    public enum ExecutionProvider
    {
        /// <summary>ONNX Runtime's CPU provider (the default; what this repository tests).</summary>
        Cpu,

        /// <summary>NVIDIA CUDA: needs the Microsoft.ML.OnnxRuntime.Gpu package, CUDA and cuDNN (docs/execution-providers.md).</summary>
        Cuda,

        /// <summary>DirectML on Windows: needs the Microsoft.ML.OnnxRuntime.DirectML package.</summary>
        DirectML,
    }

    /// <summary>
    /// Options of a <see cref="ConvAdModel"/>. Immutable: derive a variant with <c>with</c>
    /// (<c>options with { MaxBatch = 128 }</c>), which keeps every other option; safe to share across threads.
    /// </summary>
    public sealed record EngineOptions
    {
        /// <summary>The ConvAD plan's options (propagation threshold, branch combination).</summary>
        public PlanOptions Plan { get; init; } = PlanOptions.Default;

        /// <summary>Where ONNX Runtime executes the model (default the CPU).</summary>
        public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

        /// <summary>The GPU to use with CUDA or DirectML.</summary>
        public int DeviceId { get; init; }

        /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
        public int IntraOpThreads { get; init; }

        /// <summary>
        /// Keep an fp16 model in fp16 on the CPU. By default it runs in fp32 there, as ONNX Runtime's CPU
        /// provider computes it anyway (docs/architecture.md); GPU providers always keep fp16.
        /// </summary>
        public bool KeepFloat16 { get; init; }

        /// <summary>ONNX Runtime's graph optimisation level for both sessions.</summary>
        public Microsoft.ML.OnnxRuntime.GraphOptimizationLevel Optimization { get; init; } = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL;

        /// <summary>
        /// A folder for ONNX Runtime's profiler (null: no profiling, the default). Each session writes its trace there
        /// (<c>plain_*.json</c>, <c>convad_*.json</c>, per-node kernel times, written when the model is disposed) and the graph as
        /// ONNX Runtime optimised it (<c>plain.optimized.onnx</c>, <c>convad.optimized.onnx</c>), to see which fusions each keeps.
        /// Profiling slows every run a little: for finding where time goes, not for timing.
        /// </summary>
        public string? ProfileDirectory { get; init; }

        /// <summary>The largest batch sent to ONNX Runtime in one call; larger requests are split.</summary>
        public int MaxBatch { get; init; } = 64;

        /// <summary>
        /// The most bytes one ONNX Runtime call's batch may take (default 2 GiB): per image, the copy of its input the
        /// engine makes, its mask and an estimate of the activations from the plan's shapes (the largest node's inputs and
        /// outputs). A batch is split below <see cref="MaxBatch"/> when that many would not fit; results do not change. A
        /// model whose one image alone does not fit is refused at load (<see cref="BatchMemoryException"/>), before any
        /// input is made. The explainer has its own budget for its buffers (ExplainerOptions.MaxBatchBytes).
        /// </summary>
        public long MaxBatchBytes { get; init; } = BatchMemory.DefaultMaxBatchBytes;

        /// <summary>
        /// The bytes one ONNX Runtime call's batch aims at on the CPU provider (default 128 MiB), counted as for
        /// <see cref="MaxBatchBytes"/>: batches are split below <see cref="MaxBatch"/> to stay under it, down to one image,
        /// and a model whose one image is larger still runs (one image a call). ONNX Runtime keeps the memory of the largest
        /// batch it has run, and for a large model that memory dwarfs the weights (a ResNet-50 at 224×224 takes about 12 MB of
        /// activations per image: 0.8 GB at 64 images a call), while its explanations in calls of 12 images were no slower
        /// (docs/performance.md, "Memory").
        /// Small models are untouched (a ResNet-20 on CIFAR-10 needs 0.2 MB per image, so 64 fit). Results do not change.
        /// GPU providers ignore it: their batches are bounded by <see cref="MaxBatchBytes"/> alone.
        /// </summary>
        public long PreferredBatchBytes { get; init; } = DefaultPreferredBatchBytes;

        /// <summary>The default of <see cref="PreferredBatchBytes"/>: 128 MiB.</summary>
        public const long DefaultPreferredBatchBytes = 128L << 20;

        /// <summary>The largest model file read (default 2 × 10⁹ bytes, the most one protobuf file can hold).</summary>
        public long MaxModelBytes { get; init; } = ConvAD.IO.BoundedFile.DefaultMaxModelBytes;
    }
}
