using System;
using System.Collections.Generic;

namespace ConvAD.Explanation
{
    /// <summary>Several sufficient explanations of one image (<see cref="Explainer.ExplainMultiple"/>), how much they overlap, and what the search did.</summary>
    public sealed class MultipleExplanationResult
    {
        private readonly double[,] _iou;
        private readonly double[,] _shared;

        internal MultipleExplanationResult(ExplanationResult first, MultipleExplanationOptions options, IReadOnlyList<SpotlightExplanation> explanations,
            int spotlights, SpotlightStop stop, int mutantsEvaluated, int engineCalls, TimeSpan elapsed)
        {
            First = first;
            Options = options;
            Explanations = explanations;
            Spotlights = spotlights;
            Stop = stop;
            MutantsEvaluated = mutantsEvaluated;
            EngineCalls = engineCalls;
            Elapsed = elapsed;
            int n = explanations.Count;
            _iou = new double[n, n];
            _shared = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    ReadOnlySpan<float> a = explanations[i].Explanation.Mask, b = explanations[j].Explanation.Mask;
                    _iou[i, j] = ExplanationOverlap.Iou(a, b);
                    _shared[i, j] = ExplanationOverlap.SharedFraction(a, b);
                    if (i != j)
                    {
                        MaxIou = Math.Max(MaxIou, _iou[i, j]);
                        MaxSharedFraction = Math.Max(MaxSharedFraction, _shared[i, j]);
                    }
                }
            }
        }

        /// <summary>The ordinary explanation with its target, perturbation, responsibility map and timings: the spotlights search that map.</summary>
        public ExplanationResult First { get; }

        /// <summary>The spotlight search's settings.</summary>
        public MultipleExplanationOptions Options { get; }

        /// <summary>The explanations found, the ordinary one first (empty when it is not sufficient).</summary>
        public IReadOnlyList<SpotlightExplanation> Explanations { get; }

        /// <summary>How many explanations were found.</summary>
        public int Count => Explanations.Count;

        /// <summary>Spotlight positions tried (each with its expansions), successful or not.</summary>
        public int Spotlights { get; }

        /// <summary>Why the search stopped.</summary>
        public SpotlightStop Stop { get; }

        /// <summary>All masked images evaluated: the ordinary explanation's and the spotlights'.</summary>
        public int MutantsEvaluated { get; }

        /// <summary>Batches sent to the model, plus the target's call.</summary>
        public int EngineCalls { get; }

        /// <summary>Wall time of the whole search, the ordinary explanation included.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>The largest intersection over union of two different explanations (0 with fewer than two).</summary>
        public double MaxIou { get; }

        /// <summary>The largest <see cref="SharedFraction"/> of two different explanations (0 with fewer than two).</summary>
        public double MaxSharedFraction { get; }

        /// <summary>Intersection over union of explanations <paramref name="i"/> and <paramref name="j"/>.</summary>
        public double Iou(int i, int j) => _iou[i, j];

        /// <summary>|A ∩ B| / min(|A|, |B|) of explanations <paramref name="i"/> and <paramref name="j"/>.</summary>
        public double SharedFraction(int i, int j) => _shared[i, j];
    }
}
