using System;

namespace ConvAD.Explanation
{
    /// <summary>The explainer's knobs, with the defaults of the causal-responsibility algorithm (docs/explainer.md).</summary>
    public sealed record ExplainerOptions
    {
        /// <summary>Independent searches, each with its own random seed (<c>Seed + i</c>); their maps are summed.</summary>
        public int Iterations { get; init; } = 20;

        /// <summary>The most split levels one search goes down.</summary>
        public int MaxDepth { get; init; } = 10;

        /// <summary>Boxes smaller than this (pixels) are not split further.</summary>
        public int MinBoxArea { get; init; } = 10;

        /// <summary>How many passing mutants of a level (the smallest by visible area) become the next level's jobs.</summary>
        public int QueueLength { get; init; } = 1;

        /// <summary>Pixels added per step while extracting the explanation.</summary>
        public int ChunkSize { get; init; } = 10;

        /// <summary>During the search a mutant passes only with confidence ≥ this × the original confidence (0 = the target only).</summary>
        public double ConfidenceFilter { get; init; }

        /// <summary>The explanation must keep confidence ≥ this × the original confidence (0 = the target only).</summary>
        public double MinConfidence { get; init; }

        /// <summary>Weight each passing mutant's responsibility by its confidence in the target instead of 1.</summary>
        public bool WeightByConfidence { get; init; }

        /// <summary>Iteration i draws its split points from seed + i: the same seed gives the same result, whatever the batch size.</summary>
        public long Seed { get; init; }

        /// <summary>Mutants per engine call. Only groups evaluations: it never changes the result.</summary>
        public int BatchSize { get; init; } = 64;

        /// <summary>
        /// The most bytes one batch's buffers may take (default 2 GiB): each mutant holds its input tensor, its H×W mask and
        /// its scores (4 bytes a value), and the batch is made smaller than <see cref="BatchSize"/> when that many would not
        /// fit. Like the batch size, it never changes the result. When one mutant alone does not fit, the explanation is
        /// refused before anything is allocated (<see cref="Engine.BatchMemoryException"/>). The engine has its own budget for
        /// what it copies and computes (EngineOptions.MaxBatchBytes in ConvAD.Runtime).
        /// </summary>
        public long MaxBatchBytes { get; init; } = Engine.BatchMemory.DefaultMaxBatchBytes;

        /// <summary>
        /// The most mutants the whole explanation may evaluate (null: no limit), at least 2: the empty mask checked first, the
        /// responsibility search, the extraction's prefixes and the minimisation's candidates all count; only the plain
        /// prediction that picks the target does not. The search gets what the empty mask and the extraction's reserve leave,
        /// split evenly over the iterations so that the result cannot depend on batching (an iteration stops before a level
        /// that would exceed its share); the extraction widens its step when its prefixes would not fit in what is left, and
        /// the minimisation stops when the budget is spent (ExplanationBudget).
        /// </summary>
        public int? MutantBudget { get; init; }

        /// <summary>
        /// The class to explain, by output index (null: the model's top class for the image, as the causal-responsibility search
        /// defines its target). Another class is explained the same way: a mutant passes when that class strictly wins.
        /// </summary>
        public int? TargetClass { get; init; }

        /// <summary>After extraction, drop every chunk the explanation does not need (greedy, least responsible first).</summary>
        public bool Minimise { get; init; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
        public void Validate()
        {
            Check(Iterations >= 1, "iterations must be at least 1");
            Check(MaxDepth >= 1, "max depth must be at least 1");
            Check(MinBoxArea >= 1, "min box area must be at least 1 pixel");
            Check(QueueLength >= 1, "queue length must be at least 1");
            Check(ChunkSize >= 1, "chunk size must be at least 1 pixel");
            Check(ConfidenceFilter >= 0 && ConfidenceFilter <= 1, "confidence filter must be in [0, 1]");
            Check(MinConfidence >= 0 && MinConfidence <= 1, "min confidence must be in [0, 1]");
            Check(BatchSize >= 1, "batch size must be at least 1");
            Check(MaxBatchBytes >= 1, "max batch bytes must be at least 1");
            Check(TargetClass is null || TargetClass >= 0, "target class must be a class index, 0 or more");
            Check(MutantBudget is null || MutantBudget >= ExplanationBudget.Minimum, "mutant budget must be at least 2 (the empty mask and the whole image)");
        }

        private static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }
    }
}
