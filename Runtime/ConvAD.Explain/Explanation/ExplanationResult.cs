using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>Everything one explanation produced, and what produced it.</summary>
    public sealed class ExplanationResult
    {
        internal ExplanationResult(Prediction target, Perturbation perturbation, ExplainerOptions options, ResponsibilityMap responsibility,
            SufficientExplanation explanation, int searchMutants, int mutantsEvaluated, int engineCalls, ExplanationTimings timings)
        {
            Target = target;
            Perturbation = perturbation;
            Options = options;
            Responsibility = responsibility;
            Explanation = explanation;
            SearchMutants = searchMutants;
            MutantsEvaluated = mutantsEvaluated;
            EngineCalls = engineCalls;
            Timings = timings;
        }

        /// <summary>The class the model predicts on the whole image (plain forward), with its probability.</summary>
        public Prediction Target { get; }

        /// <summary>How pixels were removed: AD, layer masking, or occlusion with a masking value.</summary>
        public Perturbation Perturbation { get; }

        /// <summary>The settings the explanation was searched with.</summary>
        public ExplainerOptions Options { get; }

        /// <summary>Every pixel's responsibility for the target class.</summary>
        public ResponsibilityMap Responsibility { get; }

        /// <summary>The sufficient explanation extracted from the responsibility map.</summary>
        public SufficientExplanation Explanation { get; }

        /// <summary>Mutants evaluated by the responsibility search.</summary>
        public int SearchMutants { get; }

        /// <summary>All masked images evaluated: search, extraction and minimisation.</summary>
        public int MutantsEvaluated { get; }

        /// <summary>Batches sent to the model (the engine may split a batch larger than its MaxBatch further).</summary>
        public int EngineCalls { get; }

        /// <summary>Where the explanation's time went.</summary>
        public ExplanationTimings Timings { get; }
    }
}
