using System;
using System.IO;
using System.Reflection;
using ConvAD.Gpu;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>
    /// A generated class's GPU forward pass, compiled, loaded and run on ILGPU's CPU accelerator against the runtime's own
    /// interpretation of the same model (GpuConvAdModel.Load): the check every generated-forward test makes.
    /// </summary>
    internal static class GeneratedGpuForward
    {
        /// <summary>Emits the run's compilation (which must succeed), loads it and returns <paramref name="typeName"/>'s LoadGpu(path, device).</summary>
        public static MethodInfo LoadGpuOf(GeneratorRun run, string typeName)
        {
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = run.Output.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            Type type = Assembly.Load(image.ToArray()).GetType(typeName)!;
            return type.GetMethod("LoadGpu", new[] { typeof(string), typeof(DeviceKind) })!;
        }

        /// <summary>
        /// The generated forward pass of <paramref name="model"/> gives the interpreter's scores bitwise, masked and plain, on
        /// <paramref name="count"/> images, and the masks change them (or the comparison would prove little).
        /// </summary>
        public static void AssertBitwiseInterpreter(MethodInfo loadGpu, string model, float[] images, float[] masks, int count, PlanOptions? options = null)
        {
            using var generated = (GpuConvAdModel)loadGpu.Invoke(null, new object[] { model, DeviceKind.CudaEmulated })!;
            using GpuConvAdModel interpreted = GpuConvAdModel.Load(model, DeviceKind.CudaEmulated, options ?? PlanOptions.Default);

            float[] masked = generated.Run(images, masks, count), plain = generated.RunPlain(images, count);
            Assert.Equal(interpreted.Run(images, masks, count), masked);
            Assert.Equal(interpreted.RunPlain(images, count), plain);
            Assert.NotEqual(plain, masked);
        }
    }
}
