using System;
using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>What an attribution method (occlusion, RISE, KernelSHAP) produced for one image, and what produced it.</summary>
    public sealed class AttributionResult
    {
        internal AttributionResult(Prediction target, Perturbation perturbation, AttributionOptions options, ResponsibilityMap attribution,
            int mutantsEvaluated, int engineCalls, TimeSpan elapsed)
        {
            Target = target;
            Perturbation = perturbation;
            Options = options;
            Attribution = attribution;
            MutantsEvaluated = mutantsEvaluated;
            EngineCalls = engineCalls;
            Elapsed = elapsed;
        }

        /// <summary>The class the model predicts on the whole image (plain forward), with its probability.</summary>
        public Prediction Target { get; }

        /// <summary>How pixels were removed: AD, layer masking, or occlusion with a masking value.</summary>
        public Perturbation Perturbation { get; }

        /// <summary>The method and its settings.</summary>
        public AttributionOptions Options { get; }

        /// <summary>
        /// Every pixel's attribution to the target's confidence (H×W, row-major). Occlusion and KernelSHAP values are signed
        /// (negative: removing the pixel raises the confidence); pictures show the positive part.
        /// </summary>
        public ResponsibilityMap Attribution { get; }

        /// <summary>Masked images evaluated.</summary>
        public int MutantsEvaluated { get; }

        /// <summary>Batches sent to the model, plus the target's call.</summary>
        public int EngineCalls { get; }

        /// <summary>Wall time, the target's prediction included.</summary>
        public TimeSpan Elapsed { get; }
    }
}
