using System;
using System.Collections.Generic;
using System.IO;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Fingerprint;
using ConvAD.Imaging;

namespace ConvAD.Generated
{
    /// <summary>
    /// The engine behind a generated model class: loads the model file, checks it is the one the class
    /// was generated from, and runs the ConvAD forward. Generated classes only forward to this.
    /// Thread-safe as its <see cref="ConvAdModel"/> is; after <see cref="Dispose"/> every forward throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public sealed partial class GeneratedModel : IDisposable
    {
        private bool _disposed;

        private GeneratedModel(GeneratedModelSpec spec, ConvAdModel engine, string path)
        {
            Spec = spec;
            Engine = engine;
            ModelPath = path;
            _images = new ImageExplainer(engine, spec.Output, spec.Labels, spec.Preprocessing, spec.TensorShape, new ImageLoader());
        }

        /// <summary>What the generator learnt about the model at compile time (input, output, preprocessing, plan size).</summary>
        public GeneratedModelSpec Spec { get; }

        /// <summary>The underlying engine, for what the generated class does not expose.</summary>
        public ConvAdModel Engine { get; }

        /// <summary>The model file that was loaded (and matched the generated class's fingerprint).</summary>
        public string ModelPath { get; }

        /// <summary>
        /// Loads the model from <paramref name="modelPath"/>, by default the file named
        /// <see cref="GeneratedModelSpec.ModelFileName"/> beside the application (the package's build
        /// targets copy it there). The plan options always come from the attribute, so the plan the
        /// engine applies is the one the generator computed; <see cref="EngineOptions.Plan"/> is ignored.
        /// Both ONNX Runtime sessions are created here (<see cref="ConvAdModel.WarmUp"/>): Load takes the time, and the first
        /// Predict or Forward is as fast as the next.
        /// </summary>
        /// <exception cref="FileNotFoundException">The model file is not there.</exception>
        /// <exception cref="ModelFingerprintMismatchException">The file is not the one the class was generated from.</exception>
        public static GeneratedModel Load(GeneratedModelSpec spec, string? modelPath = null, EngineOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(spec);
            string path = Path.GetFullPath(modelPath ?? Path.Combine(AppContext.BaseDirectory, spec.ModelFileName));
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"{spec.ClassName}: model file '{path}' not found. The ConvAD package copies '{spec.ModelFileName}' to the output directory " +
                    "when it is a model file of the project (see docs/generator.md); otherwise pass its path to Load.", path);
            }

            string actual = ModelFingerprint.Compute(path);
            if (!string.Equals(actual, spec.Fingerprint, StringComparison.Ordinal))
            {
                throw new ModelFingerprintMismatchException(spec.ClassName, path, spec.Fingerprint, actual);
            }

            // Every option of the caller's but the plan, which must be the generator's.
            EngineOptions engineOptions = (options ?? new EngineOptions()) with { Plan = spec.PlanOptions };
            ConvAdModel engine = ConvAdModel.Load(path, engineOptions);
            try
            {
                CheckAgreement(spec, engine);
                engine.WarmUp();
            }
            catch
            {
                engine.Dispose();
                throw;
            }

            return new GeneratedModel(spec, engine, path);
        }

        /// <summary>The ConvAD forward of one image under one mask: the class scores.</summary>
        public float[] Forward(ImageInput input, ModelMask mask)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(mask);
            return Engine.Run(input.Values, mask.Values, 1);
        }

        /// <summary>The ConvAD forward of a batch, each image under its own mask: one score array per image.</summary>
        public float[][] Forward(IReadOnlyList<ImageInput> inputs, IReadOnlyList<ModelMask> masks)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(masks);
            if (inputs.Count != masks.Count)
            {
                throw new ArgumentException($"{inputs.Count} inputs but {masks.Count} masks: each image needs its own mask", nameof(masks));
            }

            int imageSize = Spec.TensorShape.Length, maskSize = Engine.MaskSize;
            var images = new float[inputs.Count * imageSize];
            var maskValues = new float[masks.Count * maskSize];
            for (int i = 0; i < inputs.Count; i++)
            {
                inputs[i].Values.CopyTo(images.AsSpan(i * imageSize, imageSize));
                masks[i].Values.CopyTo(maskValues.AsSpan(i * maskSize, maskSize));
            }

            float[] scores = Engine.Run(images, maskValues, inputs.Count);
            var result = new float[inputs.Count][];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = scores.AsSpan(i * Spec.ClassCount, Spec.ClassCount).ToArray();
            }

            return result;
        }

        /// <summary>The original model's forward (no masking).</summary>
        public float[] ForwardPlain(ImageInput input)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentNullException.ThrowIfNull(input);
            return Engine.RunPlain(input.Values, 1);
        }

        /// <summary>The <paramref name="top"/> most confident classes of a score array, with the model's labels.</summary>
        public IReadOnlyList<Prediction> Top(ReadOnlySpan<float> scores, int top) => Predictions.TopK(scores, Spec.Output, Spec.Labels, top);

        /// <summary>Disposes the engine; idempotent.</summary>
        public void Dispose()
        {
            _disposed = true;
            Engine.Dispose();
        }

        // The generator and this runtime compute the plan with the same core; a disagreement means the
        // generator package and the runtime package are of different versions.
        private static void CheckAgreement(GeneratedModelSpec spec, ConvAdModel engine)
        {
            var plan = engine.Plan;
            if (plan.Nodes.Count != spec.PlanNodes || plan.Masks.Count != spec.PlanMasks || plan.CheckpointCount != spec.PlanCheckpoints
                || engine.ClassCount != spec.ClassCount || engine.ImageSize != spec.TensorShape.Length)
            {
                throw new InvalidOperationException(
                    $"{spec.ClassName}: the run-time ConvAD plan ({plan.Nodes.Count} nodes, {plan.Masks.Count} masks, {plan.CheckpointCount} checkpoints) " +
                    $"differs from the generated one ({spec.PlanNodes}, {spec.PlanMasks}, {spec.PlanCheckpoints}). " +
                    "Use the same version of the ConvAD generator and runtime, and rebuild.");
            }
        }
    }
}
