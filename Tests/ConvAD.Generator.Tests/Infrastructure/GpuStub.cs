using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>
    /// The source of a stand-in for ConvAD's GPU runtime (the public surface of ConvAD.Gpu the generated forward
    /// pass uses), with exactly the op methods a test chooses: for what the real runtime cannot show, such as an
    /// op it lacks today but may have tomorrow. Used in a compilation that does not reference the real ConvAD.Gpu.
    /// </summary>
    internal static class GpuStub
    {
        /// <summary>Every op of the four golden models.</summary>
        public static readonly string[] AllOps =
        {
            "Add", "Concat", "Conv", "DequantizeLinear", "Dropout", "Gemm", "GlobalAveragePool", "MatMul", "MaxPool", "QuantizeLinear",
            "ReduceMean", "Relu", "Reshape", "Softmax", "Transpose",
        };

        /// <param name="ops">Op methods returning one tensor.</param>
        /// <param name="multiOps">Op methods returning several (Split).</param>
        /// <param name="steps">The mask, checkpoint and correction methods to declare (all by default).</param>
        /// <param name="loader">Whether to declare ConvAD.Gpu.Generated.GeneratedGpuModel.</param>
        public static string Source(IEnumerable<string> ops, IEnumerable<string>? multiOps = null, IEnumerable<string>? steps = null, bool loader = true)
        {
            var all = new HashSet<string>(steps ?? new[] { "PropagateMask", "CombineMasks", "Deactivate", "DeactivateLowest", "ResetDeactivated" });
            var sb = new StringBuilder();
            sb.AppendLine("#pragma warning disable CS1591");
            sb.AppendLine("namespace ConvAD.Gpu");
            sb.AppendLine("{");
            sb.AppendLine("    public enum DeviceKind { CudaEmulated, Cuda }");
            sb.AppendLine("    public sealed class DeviceTensor { public long[] Shape { get; } = new long[0]; }");
            sb.AppendLine("    public delegate DeviceTensor GpuForward(GpuLayers layers, DeviceTensor input, DeviceTensor? mask);");
            sb.AppendLine("    public sealed class GpuConvAdModel : System.IDisposable { public void Dispose() { } }");
            sb.AppendLine("    public sealed partial class GpuLayers");
            sb.AppendLine("    {");
            Step(sb, all, "PropagateMask", "public DeviceTensor? PropagateMask(int maskId, DeviceTensor? source) => source;");
            Step(sb, all, "CombineMasks", "public DeviceTensor? CombineMasks(int maskId, params DeviceTensor?[] sources) => sources[0];");
            Step(sb, all, "Deactivate", "public DeviceTensor Deactivate(DeviceTensor x, DeviceTensor? mask) => x;");
            Step(sb, all, "DeactivateLowest", "public DeviceTensor DeactivateLowest(DeviceTensor x, DeviceTensor? mask) => x;");
            Step(sb, all, "ResetDeactivated", "public DeviceTensor ResetDeactivated(string node, DeviceTensor x, DeviceTensor? mask) => x;");
            foreach (string op in ops.Distinct())
            {
                sb.AppendLine($"        public DeviceTensor {op}(string node, params DeviceTensor?[] inputs) => inputs[0]!;");
            }

            foreach (string op in (multiOps ?? Enumerable.Empty<string>()).Distinct())
            {
                sb.AppendLine($"        public DeviceTensor[] {op}(string node, params DeviceTensor?[] inputs) => new[] {{ inputs[0]!, inputs[0]! }};");
            }

            // Public methods of other shapes are not layers.
            sb.AppendLine("        public DeviceTensor Tanh(DeviceTensor x) => x;");
            sb.AppendLine("        public static DeviceTensor Sigmoid(string node, params DeviceTensor?[] inputs) => inputs[0]!;");
            sb.AppendLine("    }");
            sb.AppendLine("}");
            if (loader)
            {
                sb.AppendLine("namespace ConvAD.Gpu.Generated");
                sb.AppendLine("{");
                sb.AppendLine("    public static class GeneratedGpuModel");
                sb.AppendLine("    {");
                sb.AppendLine("        public static ConvAD.Gpu.GpuConvAdModel Load(ConvAD.Generated.GeneratedModelSpec spec, string? modelPath, ConvAD.Gpu.DeviceKind device, ConvAD.Gpu.GpuForward forward) =>");
                sb.AppendLine("            new ConvAD.Gpu.GpuConvAdModel();");
                sb.AppendLine("    }");
                sb.AppendLine("}");
            }

            return sb.ToString();
        }

        private static void Step(StringBuilder sb, HashSet<string> steps, string name, string declaration)
        {
            if (steps.Contains(name))
            {
                sb.AppendLine("        " + declaration);
            }
        }
    }
}
