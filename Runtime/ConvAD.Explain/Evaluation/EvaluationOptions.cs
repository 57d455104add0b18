using System;
using System.Collections.Generic;
using System.Linq;

namespace ConvAD.Evaluation
{
    /// <summary>How explanations are measured (the backgrounds themselves are a <see cref="BackgroundSet"/>).</summary>
    public sealed record EvaluationOptions
    {
        /// <summary>Confidence thresholds γ of ρ-robustness: a composite counts when it gets c with confidence ≥ γ·p.</summary>
        public IReadOnlyList<double> Gammas { get; init; } = BackgroundRobustness.DefaultGammas;

        /// <summary>Absolute confidence thresholds: a composite counts when it gets c with confidence ≥ the threshold itself.</summary>
        public IReadOnlyList<double> AbsoluteGammas { get; init; } = BackgroundRobustness.DefaultAbsoluteGammas;

        /// <summary>Size-controlled robustness: r of the top-k% of each mode's own responsibility ranking, for each k here (percent).</summary>
        public IReadOnlyList<double> TopPercents { get; init; } = BackgroundRobustness.DefaultTopPercents;

        /// <summary>Steps S of the insertion and deletion curves (S + 1 evaluations each).</summary>
        public int AucSteps { get; init; } = InsertionDeletion.DefaultSteps;

        /// <summary>Images per model call; never changes a result.</summary>
        public int BatchSize { get; init; } = 64;

        /// <summary>
        /// The budget of one scoring batch's buffers, in bytes (an image, its mask and its scores, 4 bytes a value): the batch
        /// is made smaller than <see cref="BatchSize"/> when that many would not fit; never changes a result. Default 2 GiB,
        /// as the explainer's (<see cref="Explanation.ExplainerOptions.MaxBatchBytes"/>).
        /// </summary>
        public long MaxBatchBytes { get; init; } = Engine.BatchMemory.DefaultMaxBatchBytes;

        /// <summary>Seeds the random masking values of the curves' masks (random, noise).</summary>
        public long Seed { get; init; }

        /// <summary>Throws <see cref="System.ArgumentException"/> when a setting is out of range (no γ, a γ outside [0, 1], a non-positive batch, …).</summary>
        public void Validate()
        {
            if (Gammas is null || Gammas.Count == 0)
            {
                throw new ArgumentException("at least one γ is needed");
            }

            foreach (double g in Gammas)
            {
                if (!(g >= 0 && g <= 1))
                {
                    throw new ArgumentException($"γ = {g} is not in [0, 1]");
                }
            }

            if (AbsoluteGammas is null || AbsoluteGammas.Any(g => !(g >= 0 && g <= 1)))
            {
                throw new ArgumentException("absolute thresholds must be in [0, 1]");
            }

            if (TopPercents is null || TopPercents.Any(k => !(k > 0 && k <= 100)))
            {
                throw new ArgumentException("top-k% sizes must be in (0, 100]");
            }

            if (AucSteps < 1)
            {
                throw new ArgumentException("the insertion/deletion curves need at least 1 step");
            }

            if (MaxBatchBytes < 1)
            {
                throw new ArgumentException("max batch bytes must be at least 1");
            }

            if (BatchSize < 1)
            {
                throw new ArgumentException("batch size must be at least 1");
            }
        }
    }
}
