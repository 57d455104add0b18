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

    /// <summary>Options of a <see cref="ConvAdModel"/>.</summary>
    public sealed class EngineOptions
    {
        /// <summary>The ConvAD plan's options (propagation threshold, branch combination).</summary>
        public PlanOptions Plan { get; set; } = new PlanOptions();

        public ExecutionProvider Provider { get; set; } = ExecutionProvider.Cpu;

        /// <summary>The GPU to use with CUDA or DirectML.</summary>
        public int DeviceId { get; set; }

        /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
        public int IntraOpThreads { get; set; }

        /// <summary>
        /// Keep an fp16 model in fp16 on the CPU. By default it runs in fp32 there, as ONNX Runtime's CPU
        /// provider computes it anyway (docs/architecture.md); GPU providers always keep fp16.
        /// </summary>
        public bool KeepFloat16 { get; set; }

        /// <summary>ONNX Runtime's graph optimisation level for both sessions.</summary>
        public Microsoft.ML.OnnxRuntime.GraphOptimizationLevel Optimization { get; set; } = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL;

        /// <summary>The largest batch sent to ONNX Runtime in one call; larger requests are split.</summary>
        public int MaxBatch { get; set; } = 64;
    }
}
