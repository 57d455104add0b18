using System.Collections.Generic;
using System.Linq;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>One image explained under one mode, and every metric of that explanation: one line of the evaluation CSV.</summary>
    public sealed record EvaluationRow
    {
        /// <summary>The image's position in the dataset's order (shards and merges sort by it).</summary>
        public int ImageIndex { get; init; }

        /// <summary>A stable name of the image: its path under the image folder, or "mnist:INDEX".</summary>
        public string Image { get; init; } = "";

        /// <summary>The true class when the dataset says (a class folder, an MNIST label); null otherwise.</summary>
        public int? TrueClass { get; init; }

        /// <summary>
        /// The explainer whose ranking gave the explanation: "rex" (causal responsibility, the default, and what a CSV without a
        /// method column holds) or an attribution method ("occlusion", "rise", "kernelshap").
        /// </summary>
        public string Method { get; init; } = Explainer.RexMethod;

        /// <summary>"ad" or a masking value's name.</summary>
        public string Mode { get; init; } = "";

        /// <summary>The ConvAD propagation threshold τ for AD rows; empty for occlusion, which does not use it.</summary>
        public string Threshold { get; init; } = "";

        /// <summary>The explained class: the model's top class on the whole image.</summary>
        public int Target { get; init; }

        /// <summary>The explained class's label (its index when the model has no labels).</summary>
        public string TargetLabel { get; init; } = "";

        /// <summary>Whether the model's prediction is the true class; null when the true class is unknown.</summary>
        public bool? Correct => TrueClass is int t ? t == Target : null;

        /// <summary>p = P(c | x).</summary>
        public double Confidence { get; init; }

        /// <summary>Pixels in the sufficient explanation.</summary>
        public int Area { get; init; }

        /// <summary>The explanation's share of the image's pixels, in [0, 1].</summary>
        public double Size { get; init; }

        /// <summary>P(c | E) under the mode.</summary>
        public double ExplanationConfidence { get; init; }

        /// <summary>p − P(c | E): how much confidence the explanation alone loses.</summary>
        public double DropOff => Confidence - ExplanationConfidence;

        /// <summary>P(c | E) / p; NaN when p is 0.</summary>
        public double Ratio => Confidence > 0 ? ExplanationConfidence / Confidence : double.NaN;

        /// <summary>Sufficient, or why not (the explainer's <see cref="Explanation.Sufficiency"/>).</summary>
        public Sufficiency Sufficiency { get; init; }

        /// <summary>Whether the explanation alone keeps the class as the strict top class.</summary>
        public bool Sufficient => Sufficiency == Sufficiency.Sufficient;

        /// <summary>r(E) per γ, in the order of the run's γ list.</summary>
        public IReadOnlyList<double> Robustness { get; init; } = System.Array.Empty<double>();

        /// <summary>r(E) per absolute threshold (confidence ≥ γ_abs), in the order of the run's absolute list.</summary>
        public IReadOnlyList<double> AbsoluteRobustness { get; init; } = System.Array.Empty<double>();

        /// <summary>r(E) on each background kind alone: [kind][γ] flattened, kinds in the run's order (see <see cref="EvaluationColumns"/>).</summary>
        public IReadOnlyList<double> KindRobustness { get; init; } = System.Array.Empty<double>();

        /// <summary>Size-controlled r of the top-k% of the mode's own ranking: [k][γ] flattened (see <see cref="EvaluationColumns"/>).</summary>
        public IReadOnlyList<double> TopRobustness { get; init; } = System.Array.Empty<double>();

        /// <summary>Area under the insertion curve: P(c) as pixels are added in responsibility order to a blank image (higher is better).</summary>
        public double InsertionAuc { get; init; }

        /// <summary>Area under the deletion curve: P(c) as pixels are removed in responsibility order (lower is better).</summary>
        public double DeletionAuc { get; init; }

        /// <summary>Mutants the explanation evaluated.</summary>
        public int Mutants { get; init; }

        /// <summary>Model calls (batches) the explanation made.</summary>
        public int EngineCalls { get; init; }

        /// <summary>Wall time of the explanation (milliseconds).</summary>
        public double ExplainMs { get; init; }

        /// <summary>Wall time of measuring it (milliseconds).</summary>
        public double MetricsMs { get; init; }

        /// <summary>The row of an explainer's result and its metrics.</summary>
        public static EvaluationRow From(int imageIndex, string image, int? trueClass, string threshold, ExplanationResult result, ExplanationMetrics metrics,
            double metricsMs)
        {
            bool ad = result.Perturbation.Kind == PerturbationKind.ActivationDeactivation;
            return new EvaluationRow
            {
                ImageIndex = imageIndex,
                Image = image,
                TrueClass = trueClass,
                Method = result.Method,
                Mode = result.Perturbation.Name,
                Threshold = ad ? threshold : "",
                Target = result.Target.Index,
                TargetLabel = result.Target.Label,
                Confidence = result.Target.Confidence,
                Area = metrics.Area,
                Size = metrics.Size,
                ExplanationConfidence = metrics.Confidence.OnExplanation,
                Sufficiency = result.Explanation.Sufficiency,
                Robustness = metrics.Robustness.Shares,
                AbsoluteRobustness = metrics.AbsoluteRobustness?.Shares ?? System.Array.Empty<double>(),
                KindRobustness = metrics.KindRobustness.SelectMany(k => k.Score.Shares).ToArray(),
                TopRobustness = metrics.TopRobustness.SelectMany(k => k.Score.Shares).ToArray(),
                InsertionAuc = metrics.Curves.InsertionAuc,
                DeletionAuc = metrics.Curves.DeletionAuc,
                Mutants = result.MutantsEvaluated,
                EngineCalls = result.EngineCalls,
                ExplainMs = result.Timings.Total.TotalMilliseconds,
                MetricsMs = metricsMs,
            };
        }
    }
}
