using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>How the rewriter realised one checkpoint of the plan, and why a cheaper form was not taken.</summary>
    /// <param name="Tensor">The checkpointed tensor.</param>
    /// <param name="Consumer">The node that reads it through the checkpoint.</param>
    /// <param name="MaskId">The plan's mask grid the checkpoint uses.</param>
    /// <param name="Realisation">What the rewritten graph does there.</param>
    /// <param name="Declined">Why early deactivation at a 1×1 convolution's input was not taken (null when it was, or was not tried).</param>
    internal sealed record RewriteStep(string Tensor, string Consumer, int MaskId, string Realisation, string? Declined);

    /// <summary>The rewrite log of one ConvAD graph: its checkpoints, and the mask tensors added beside them.</summary>
    /// <param name="Steps">One step per distinct checkpoint, in graph order.</param>
    /// <param name="MaskGrids">Mask grids emitted (the input mask included): each propagated once, shared by every reader.</param>
    /// <param name="Expansions">Per-channel copies of a mask (1×1 convolutions of the 1-channel mask), one per distinct mask, channel count and scale.</param>
    internal sealed record RewriteLog(IReadOnlyList<RewriteStep> Steps, int MaskGrids, int Expansions);

    /// <summary>The rewrite log: one <see cref="RewriteStep"/> per distinct checkpoint (tensor, mask, neutral), in graph order.</summary>
    internal sealed partial class GraphRewriter
    {
        private readonly List<RewriteStep> _log = new List<RewriteStep>();
        private readonly Dictionary<string, string> _realisedAtProducer = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _earlyDeclined = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Each checkpoint's realisation in the ConvAD graph of <paramref name="plan"/> (the graph itself is discarded).</summary>
        public static RewriteLog Explain(byte[] source, OnnxModel model, ConvAdPlan plan, bool widen, bool imageZeroedByCaller)
        {
            if (!plan.IsSupported)
            {
                throw new UnsupportedModelException(plan.Unsupported!);
            }

            var rewriter = new GraphRewriter(source, model, plan, convAd: true, widen, imageZeroedByCaller);
            rewriter.Write();
            int grids = rewriter._maskTensors.Keys.Count(k => k.StartsWith("m", StringComparison.Ordinal) && !k.Contains('|', StringComparison.Ordinal));
            int expansions = rewriter._maskTensors.Keys.Count(k => k.StartsWith("x|", StringComparison.Ordinal) || k.StartsWith("mc|", StringComparison.Ordinal));
            return new RewriteLog(rewriter._log, grids, expansions);
        }

        private void Log(PlanCheckpoint c, OnnxNode consumer, string realisation) =>
            _log.Add(new RewriteStep(c.Tensor, consumer.Name, c.MaskId, realisation, _earlyDeclined.GetValueOrDefault(c.Tensor)));

        /// <summary>Notes why early deactivation does not apply to <paramref name="c"/> (for the log); always false.</summary>
        private bool Declined(PlanCheckpoint c, string reason)
        {
            _earlyDeclined.TryAdd(c.Tensor, reason);
            return false;
        }
    }
}
