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

        public Perturbation Perturbation { get; }

        public ExplainerOptions Options { get; }

        public ResponsibilityMap Responsibility { get; }

        public SufficientExplanation Explanation { get; }

        /// <summary>Mutants evaluated by the responsibility search.</summary>
        public int SearchMutants { get; }

        /// <summary>All masked images evaluated: search, extraction and minimisation.</summary>
        public int MutantsEvaluated { get; }

        /// <summary>Batches sent to the model (the engine may split a batch larger than its MaxBatch further).</summary>
        public int EngineCalls { get; }

        public ExplanationTimings Timings { get; }
    }
}
