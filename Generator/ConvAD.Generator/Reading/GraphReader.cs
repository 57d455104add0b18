using System;
using System.IO;
using System.Linq;
using System.Threading;
using ConvAD.Fingerprint;
using ConvAD.Generator.Model;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;
using ConvAD.Validation;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// Reads a model's graph (never its weights) and computes its ConvAD plan with the shared core,
    /// turning the result into the equatable <see cref="GraphSpec"/> the emitter needs, and, with
    /// <paramref name="withForward"/>, the forward pass as layer calls for the GPU runtime.
    /// </summary>
    internal static class GraphReader
    {
        /// <summary>
        /// Reads and plans the model within <paramref name="timeBudgetSeconds"/>: a graph that takes longer (one built to
        /// stall shape inference or the plan) is CVAD018, never a compiler that hangs.
        /// </summary>
        public static GraphReading Read(string path, PlanOptions options, bool withForward, double timeBudgetSeconds, CancellationToken cancellationToken)
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(timeBudgetSeconds));
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
            try
            {
                return Read(path, options, withForward, both.Token);
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return GraphReading.Failure(GraphProblemKind.OverTimeBudget,
                    timeBudgetSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s");
            }
        }

        private static GraphReading Read(string path, PlanOptions options, bool withForward, CancellationToken cancellationToken)
        {
            OnnxModel model;
            string fingerprint;
            try
            {
                using Stream stream = ModelFiles.OpenRead(path);
                model = OnnxReader.Read(stream);
                cancellationToken.ThrowIfCancellationRequested();
                fingerprint = ModelFingerprint.Compute(stream);
            }
            catch (ModelValidationException e)
            {
                return Refused(e);
            }
            catch (OnnxFormatException e)
            {
                return GraphReading.Failure(GraphProblemKind.InvalidOnnx, e.Message);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return GraphReading.Failure(GraphProblemKind.InvalidOnnx, "cannot read the file: " + e.Message);
            }

            cancellationToken.ThrowIfCancellationRequested();

            ConvAdPlan plan;
            try
            {
                plan = ConvAdPlanBuilder.Build(model, options, cancellationToken);
            }
            catch (ModelValidationException e)
            {
                return Refused(e); // shapes that break a rule of ONNX
            }

            if (plan.NeedsInputSize)
            {
                // The message is the input's declared shape; the diagnostic says how to state the size.
                OnnxValueInfo input = model.Graph.Inputs.First(i => i.Name == plan.SymbolicSize!.Input);
                return GraphReading.Failure(GraphProblemKind.MissingInputSize, "[" + string.Join(",", input.Shape!.Select(d => d.ToString())) + "]");
            }

            if (plan.Input == null)
            {
                return GraphReading.Failure(GraphProblemKind.NotImageClassifier, plan.Unsupported?.Reason ?? "it has no image input");
            }

            if (!plan.IsSupported)
            {
                return GraphReading.Failure(GraphProblemKind.Unsupported, plan.Unsupported!.ToString());
            }

            if (plan.OutputShape == null || plan.ClassCount <= 0 || plan.ClassCount > int.MaxValue)
            {
                return GraphReading.Failure(GraphProblemKind.NotImageClassifier,
                    $"its first output '{plan.Outputs.FirstOrDefault()}' {TensorShape.Format(plan.OutputShape)} is not a vector of class scores with a fixed size");
            }

            GraphSpec graph = ToSpec(model, plan, fingerprint);
            cancellationToken.ThrowIfCancellationRequested();
            return GraphReading.Success(graph, withForward ? ForwardReader.Read(model, plan) : null);
        }

        private static GraphReading Refused(ModelValidationException e) => GraphReading.Failure(
            e.Rule == ModelRule.Onnx ? GraphProblemKind.InvalidModel : e.Rule == ModelRule.Limit ? GraphProblemKind.OverLimit : GraphProblemKind.Unsupported,
            e.Message);

        private static GraphSpec ToSpec(OnnxModel model, ConvAdPlan plan, string fingerprint)
        {
            ModelInput input = plan.Input!;
            // The nodes as planned: an If with a known condition is counted as the branch the class runs (plan.Order).
            var opCounts = plan.Order
                .GroupBy(n => n.OpType, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} ×{g.Count()}");
            long parameters = model.Graph.Initializers.Values.Sum(t => Math.Max(0, t.ElementCount));
            var layers = plan.Nodes.Select(n => new LayerSpec(
                n.Index,
                n.Name,
                n.OpType,
                n.Role,
                TensorShape.Format(n.OutputShape),
                n.InputMask,
                n.OutputMask,
                n.IsCheckpoint ? string.Join("; ", n.Checkpoints.Select(c => $"input {c.InputIndex} reset to {(c.Neutral == Neutral.Zero ? "zero" : "lowest")} where m{c.MaskId} is 0")) : null,
                n.Correction,
                n.Geometry?.ToString()));
            var masks = plan.Masks.Select(m => new MaskSpec(
                m.Id, m.Origin, m.Height, m.Width, string.Join(", ", m.Sources.Select(s => "m" + s)), m.Geometry?.ToString() ?? m.Padding?.ToString()));
            return new GraphSpec(
                fingerprint,
                model.Producer,
                model.DefaultOpset,
                model.IrVersion,
                plan.Order.Count,
                opCounts.ToEquatableArray(),
                parameters,
                input.Name,
                input.ElementType.DisplayName(),
                TensorShape.Format(input.Shape),
                input.Layout.IsNchw ? InputLayout.Nchw : InputLayout.Nhwc,
                input.Channels,
                input.Height,
                input.Width,
                input.SymbolicSize == null ? null : string.Join(", ", input.SymbolicSize.Names),
                plan.Outputs[0],
                TensorShape.Format(plan.OutputShape),
                (int)plan.ClassCount,
                plan.Batch.CanBatch,
                plan.Options.Threshold,
                plan.Options.Combination,
                plan.CheckpointCount,
                layers.ToEquatableArray(),
                masks.ToEquatableArray());
        }
    }
}
