using System;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Xunit;

namespace ConvAD.Gpu.Tests
{
    /// <summary>
    /// Every kernel compiles to PTX, without a GPU: ILGPU's PTX backend is run directly, as a CUDA accelerator
    /// would at load. The CPU accelerator runs any .NET code, so this is what catches a kernel that only the
    /// emulator can run (MathF.Exp, for instance, has no PTX implementation in ILGPU 1.5.3, and a KernelSet
    /// that fails to compile one kernel cannot open a GPU at all).
    /// </summary>
    public sealed class KernelPtxTests
    {
        public static TheoryData<string> KernelNames()
        {
            var data = new TheoryData<string>();
            foreach (MethodInfo m in KernelMethods())
            {
                data.Add(m.Name);
            }

            return data;
        }

        private static MethodInfo[] KernelMethods() =>
            typeof(Kernels).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.GetParameters().FirstOrDefault()?.ParameterType == typeof(Index1D)).ToArray();

        [Theory]
        [MemberData(nameof(KernelNames))]
        public void Compiles_for_sm_70(string kernel)
        {
            MethodInfo method = KernelMethods().Single(m => m.Name == kernel);
            using Context context = Context.Create(b => b.Optimize(OptimizationLevel.O2));
            using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_70), CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null);
            var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(method), KernelSpecialization.Empty);
            Assert.Contains(".entry", compiled.PTXAssembly);
        }

        [Fact]
        public void Every_kernel_is_in_the_kernel_set()
        {
            string[] loaded = typeof(KernelSet).GetProperties().Select(p => p.Name).ToArray();
            Assert.All(KernelMethods(), m => Assert.Contains(m.Name, loaded));
        }
    }
}
