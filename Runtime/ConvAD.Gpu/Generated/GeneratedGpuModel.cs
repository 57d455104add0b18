using System;
using System.IO;
using ConvAD.Fingerprint;
using ConvAD.Generated;

namespace ConvAD.Gpu.Generated
{
    /// <summary>
    /// What a generated model class's <c>LoadGpu</c> calls: loads the model file onto the GPU runtime with the
    /// generated forward pass, after the same checks as the generated <c>Load</c> (<c>GeneratedModel.Load</c>):
    /// the file is found beside the application by default, and must be the one the class was generated from.
    /// </summary>
    public static class GeneratedGpuModel
    {
        /// <summary>
        /// Loads the model from <paramref name="modelPath"/>, by default the file named
        /// <see cref="IGeneratedModelSpec.ModelFileName"/> beside the application, onto <paramref name="device"/>, with
        /// the plan options the class was generated with and <paramref name="forward"/> (the generated ForwardLayers)
        /// as its forward pass.
        /// </summary>
        /// <exception cref="FileNotFoundException">The model file is not there.</exception>
        /// <exception cref="ModelFingerprintMismatchException">The file is not the one the class was generated from.</exception>
        public static GpuConvAdModel Load(IGeneratedModelSpec spec, string? modelPath, DeviceKind device, GpuForward forward)
        {
            ArgumentNullException.ThrowIfNull(spec);
            ArgumentNullException.ThrowIfNull(forward);
            string path = Path.GetFullPath(modelPath ?? Path.Combine(AppContext.BaseDirectory, spec.ModelFileName));
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"{spec.ClassName}: model file '{path}' not found. The ConvAD package copies '{spec.ModelFileName}' to the output directory " +
                    "when it is a model file of the project (see docs/generator.md); otherwise pass its path to LoadGpu.", path);
            }

            byte[] bytes = ConvAD.IO.BoundedFile.ReadAllBytes(path, ConvAD.IO.BoundedFile.DefaultMaxModelBytes, "model file");
            string actual = ModelFingerprint.Compute(bytes);
            if (!string.Equals(actual, spec.Fingerprint, StringComparison.Ordinal))
            {
                throw new ModelFingerprintMismatchException(spec.ClassName, path, spec.Fingerprint, actual);
            }

            GpuConvAdModel model = GpuConvAdModel.Load(bytes, device, spec.PlanOptions, forward);
            try
            {
                CheckAgreement(spec, model);
            }
            catch
            {
                model.Dispose();
                throw;
            }

            return model;
        }

        // As GeneratedModel: a disagreement means the generator and the runtime are of different versions.
        private static void CheckAgreement(IGeneratedModelSpec spec, GpuConvAdModel model)
        {
            var plan = model.Plan;
            if (plan.Nodes.Count != spec.PlanNodes || plan.Masks.Count != spec.PlanMasks || plan.CheckpointCount != spec.PlanCheckpoints || model.ClassCount != spec.ClassCount)
            {
                throw new InvalidOperationException(
                    $"{spec.ClassName}: the run-time ConvAD plan ({plan.Nodes.Count} nodes, {plan.Masks.Count} masks, {plan.CheckpointCount} checkpoints) " +
                    $"differs from the generated one ({spec.PlanNodes}, {spec.PlanMasks}, {spec.PlanCheckpoints}). " +
                    "Use the same version of the ConvAD generator and runtime, and rebuild.");
            }
        }
    }
}
