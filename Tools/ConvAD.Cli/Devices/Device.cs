using System.CommandLine;
using System.Text.RegularExpressions;
using ConvAD.Description;
using ConvAD.Gpu;
using ConvAD.Plan;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Cli.Devices
{
    /// <summary>
    /// <c>--device cpu|cuda|cuda-emulated</c>: where verify and bench run. <c>cpu</c> is the ONNX Runtime engine;
    /// the other two are ConvAD's own runtime (<see cref="GpuConvAdModel"/>) on an NVIDIA GPU or on ILGPU's CPU accelerator.
    /// </summary>
    public static class Device
    {
        public const string Cpu = "cpu";
        public const string Cuda = "cuda";
        public const string CudaEmulated = "cuda-emulated";

        /// <summary>What <c>deviceName</c> reports for the ONNX Runtime CPU engine.</summary>
        public const string CpuName = "ONNX Runtime (CPU)";

        /// <summary>ConvAD's own runtime is checked against the engine to 1e-4 relative to the logit scale (docs/gpu-runtime.md).</summary>
        public const double RelativeTolerance = 1e-4;

        public static Option<string> Option() => Option(
            "cpu (ONNX Runtime, default), cuda (ConvAD's GPU runtime on an NVIDIA GPU) or cuda-emulated (the same kernels on the CPU)");

        public static Option<string> Option(string description)
        {
            var option = new Option<string>("--device", "-d")
            {
                Description = description,
                DefaultValueFactory = _ => Cpu,
            };
            option.AcceptOnlyFromAmong(Cpu, Cuda, CudaEmulated);
            return option;
        }

        /// <summary>The GPU runtime's device for a <c>--device</c> value; null for <c>cpu</c>.</summary>
        public static DeviceKind? Kind(string device) => device switch
        {
            Cpu => null,
            Cuda => DeviceKind.Cuda,
            CudaEmulated => DeviceKind.CudaEmulated,
            _ => throw new CliUsageException($"--device '{device}' is not valid: use cpu, cuda or cuda-emulated"),
        };

        /// <summary>The ONNX file of a model argument that may be a sidecar (which names its ONNX file).</summary>
        public static string OnnxPath(string modelPath, bool allowOutsidePaths)
        {
            if (!File.Exists(modelPath))
            {
                throw new FileNotFoundException($"model not found: {modelPath}", modelPath);
            }

            return modelPath.EndsWith(ModelDescription.SidecarSuffix, StringComparison.OrdinalIgnoreCase)
                ? ModelDescription.Load(modelPath, allowOutsidePaths).ModelPath
                : modelPath;
        }

        /// <summary>
        /// How the model is quantized ("QDQ int8", "QOperator int8") or null for a float model: the reference of a quantized
        /// model runs on ONNX Runtime unoptimised, so a QDQ graph is not fused into int8 kernels the device does not have.
        /// </summary>
        public static string? QuantizationOf(string modelPath, bool allowOutsidePaths)
        {
            string onnx = OnnxPath(modelPath, allowOutsidePaths);
            return File.Exists(onnx) ? Plan.QuantizationFormat.Of(Onnx.OnnxReader.Read(IO.BoundedFile.ReadAllBytes(onnx, IO.BoundedFile.DefaultMaxModelBytes, "model file"))) : null;
        }

        /// <summary>
        /// Loads the model on the device. A model or op the GPU runtime cannot run becomes a
        /// <see cref="DeviceUnsupportedException"/> (exit 2); a missing GPU or driver stays the runtime's
        /// <see cref="InvalidOperationException"/> ("no NVIDIA GPU or driver found: …", exit 3).
        /// </summary>
        public static GpuConvAdModel Load(string onnxPath, DeviceKind kind, PlanOptions plan, string device) =>
            OnDevice(() => GpuConvAdModel.Load(onnxPath, kind, plan), device, "loading the model");

        /// <summary>
        /// Runs one call on the device. Launch sequences are built at a batch size's first call, so an op or shape the
        /// runtime cannot handle may surface here; device failures (out of memory) become one clear line.
        /// </summary>
        public static T OnDevice<T>(Func<T> call, string device, string what)
        {
            try
            {
                return call();
            }
            catch (NotSupportedException e)
            {
                throw DeviceUnsupportedException.From(e, device);
            }
            catch (Exception e) when (e is AcceleratorException || e is OutOfMemoryException || e is InternalCompilerException)
            {
                string hint = e.Message.Contains("memory", StringComparison.OrdinalIgnoreCase) || e is OutOfMemoryException
                    ? " (out of device memory? try a smaller --batch)"
                    : "";
                throw new DeviceFailedException($"{device} failed while {what}: {e.Message}{hint}", e);
            }
        }
    }

    /// <summary>A model or op that ConvAD's GPU runtime cannot run (yet): reported like an unsupported model, exit 2.</summary>
    public sealed class DeviceUnsupportedException : Exception
    {
        private static readonly Regex NodeAndOp = new Regex(@"node '(?<node>[^']*)' \((?<op>[^)\s]*)\)", RegexOptions.CultureInvariant);

        public DeviceUnsupportedException(string device, string? node, string? op, string reason, Exception inner)
            : base($"unsupported on {device}: {reason}", inner)
        {
            Device = device;
            Node = node;
            Op = op;
            Reason = reason;
        }

        public string Device { get; }

        /// <summary>The node the runtime named, when it named one.</summary>
        public string? Node { get; }

        public string? Op { get; }

        public string Reason { get; }

        /// <summary>The runtime's NotSupportedException names the node and op as <c>node 'NAME' (OP)</c>: picked out for the JSON.</summary>
        public static DeviceUnsupportedException From(NotSupportedException e, string device)
        {
            string reason = e.Message.Replace("\r", " ").Replace("\n", " ").Trim();
            Match m = NodeAndOp.Match(reason);
            return m.Success
                ? new DeviceUnsupportedException(device, m.Groups["node"].Value, m.Groups["op"].Value, reason, e)
                : new DeviceUnsupportedException(device, null, null, reason, e);
        }
    }

    /// <summary>The device failed (out of memory, a driver error): one line, exit 3, like a missing device.</summary>
    public sealed class DeviceFailedException : InvalidOperationException
    {
        public DeviceFailedException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
