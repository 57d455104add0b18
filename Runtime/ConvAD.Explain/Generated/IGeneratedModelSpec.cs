using ConvAD.Plan;

namespace ConvAD.Generated
{
    /// <summary>
    /// What a runtime checks before running a model under a generated model class: which file the class was generated from
    /// and the plan the generator computed. The generated <c>Spec</c> (<c>GeneratedModelSpec</c>) implements it; the GPU
    /// runtime reads it through this interface, so it needs neither ONNX Runtime nor an image library.
    /// </summary>
    public interface IGeneratedModelSpec
    {
        /// <summary>The generated class, for messages.</summary>
        string ClassName { get; }

        /// <summary>The model file's name; loaders look for it beside the application by default.</summary>
        string ModelFileName { get; }

        /// <summary>The <see cref="ConvAD.Fingerprint.ModelFingerprint"/> of the file the class was generated from.</summary>
        string Fingerprint { get; }

        /// <summary>Scores per image.</summary>
        int ClassCount { get; }

        /// <summary>The plan options the class was generated with; the runtime plan is built with the same.</summary>
        PlanOptions PlanOptions { get; }

        /// <summary>Nodes of the ConvAD plan at generation time (the loaded model's plan must agree).</summary>
        int PlanNodes { get; }

        /// <summary>Mask grids of the ConvAD plan at generation time.</summary>
        int PlanMasks { get; }

        /// <summary>Checkpoints (where activations are switched off) of the ConvAD plan at generation time.</summary>
        int PlanCheckpoints { get; }
    }
}
