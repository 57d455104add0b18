using ConvAD.Imaging;

namespace ConvAD.Explanation
{
    /// <summary>Everything one explanation produced, and what produced it.</summary>
    public sealed class ExplanationResult
    {
        internal ExplanationResult(Prediction target, Perturbation perturbation, ExplainerOptions options, ResponsibilityMap responsibility,
            SufficientExplanation explanation, int searchMutants, int mutantsEvaluated, int engineCalls, ExplanationTimings timings,
            AttributionOptions? attribution = null)
        {
            Attribution = attribution;
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

        /// <summary>
        /// The attribution method whose map ranked the pixels (<see cref="Explainer.ExplainWith"/>); null for the
        /// causal-responsibility search.
        /// </summary>
        public AttributionOptions? Attribution { get; }

        /// <summary>
        /// "rex" for the causal-responsibility search, else the attribution method's name ("occlusion", "rise", "kernelshap"):
        /// which map <see cref="Responsibility"/> holds.
        /// </summary>
        public string Method => Attribution?.Method ?? Explainer.RexMethod;

        /// <summary>Where the explanation's time went (for an attribution method, <c>Responsibility</c> is the time of its masks).</summary>
        public ExplanationTimings Timings { get; }
    }
}
