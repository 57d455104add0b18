using System.CommandLine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;

namespace ConvAD.Cli.Commands
{
    /// <summary><c>convad info MODEL</c>: what the model is and what ConvAD does to it.</summary>
    public static class InfoCommand
    {
        public static Command Create(CliConsole console)
        {
            var model = new Argument<string>("MODEL") { Description = "ONNX model or .convad.json description" };
            var json = CommonOptions.Json();
            var threshold = CommonOptions.Threshold();
            var plan = new Option<bool>("--plan") { Description = "List the ConvAD plan: one line per node" };
            var rewrites = new Option<bool>("--explain-rewrites")
            {
                Description = "List how the engine realises each checkpoint on ONNX Runtime (ReLU bias, early deactivation, multiply…) and why a cheaper form was declined",
            };
            var inputSize = CommonOptions.InputSize();
            var command = new Command("info", "Show a model's inputs, outputs and ConvAD plan summary") { model, json, threshold, plan, rewrites, inputSize };
            command.SetAction(parse => console.Guard(() => Run(console, parse.GetValue(model)!, parse.GetValue(json),
                CommonOptions.Engine(parse.GetValue(threshold)!, 0, inputSize: parse.GetValue(inputSize)), parse.GetValue(plan), parse.GetValue(rewrites))));
            return command;
        }

        private static int Run(CliConsole console, string path, bool json, Engine.EngineOptions stated, bool listPlan, bool listRewrites)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"model not found: {path}", path);
            }

            Engine.EngineOptions options = ModelResolver.WithSidecarSize(path, stated, console, out Description.ModelDescription description);
            string onnxPath = description.ModelPath;
            if (!File.Exists(onnxPath))
            {
                throw new FileNotFoundException($"model not found: {onnxPath}", onnxPath);
            }

            OnnxModel model = OnnxReader.Read(onnxPath);
            ConvAdPlan convAd = ConvAdPlanBuilder.Build(model, options.Plan);
            string? sizeSource = stated.Plan.InputSize != null ? InfoFacts.FromOption : description.InputSize != null ? InfoFacts.FromSidecar : null;
            var inputs = model.Graph.Inputs.Where(i => !model.Graph.Initializers.ContainsKey(i.Name))
                .Select(i => new { name = i.Name, elementType = i.ElementType.DisplayName(), shape = Dims(i.Shape), layout = convAd.Input?.Name == i.Name ? convAd.Input.Layout.ToString() : null })
                .ToList();
            var outputs = model.Graph.Outputs.Select(o => new { name = o.Name, elementType = o.ElementType.DisplayName(), shape = Dims(o.Shape) }).ToList();
            Engine.RewriteLog? steps = listRewrites && convAd.IsSupported ? Rewrites(onnxPath, options) : null;
            if (json)
            {
                console.WriteJson(new
                {
                    model = Path.GetFileName(onnxPath),
                    producer = model.Producer,
                    irVersion = model.IrVersion,
                    opset = model.DefaultOpset,
                    inputs,
                    outputs,
                    nodes = model.Graph.Nodes.Count,
                    quantization = QuantizationFormat.Of(model),
                    classes = convAd.ClassCount,
                    supported = convAd.IsSupported,
                    unsupported = convAd.Unsupported == null ? null : new { node = convAd.Unsupported.Node, op = convAd.Unsupported.Op, reason = convAd.Unsupported.Reason },
                    checkpoints = convAd.CheckpointCount,
                    masks = convAd.Masks.Count,
                    threshold = convAd.Options.Threshold.ToString(),
                    batch = new { symbolic = convAd.Batch.CanBatch, reason = convAd.Batch.Reason },
                    inputSize = InfoFacts.SizeJson(convAd, sizeSource),
                    inlinedIfs = InfoFacts.InlinedIfs(model, convAd),
                    plan = listPlan ? convAd.Nodes.Select(n => new
                    {
                        name = n.Name,
                        op = n.OpType,
                        role = n.Role.ToString(),
                        outputShape = n.OutputShape,
                        mask = n.OutputMask,
                        checkpoint = n.IsCheckpoint,
                    }) : null,
                    maskGrids = steps?.MaskGrids,
                    maskExpansions = steps?.Expansions,
                    rewrites = steps?.Steps.Select(r => new { tensor = r.Tensor, consumer = r.Consumer, mask = r.MaskId, realisation = r.Realisation, declined = r.Declined }),
                });
                return ExitCodes.Ok;
            }

            TextWriter o = console.Out;
            o.WriteLine($"Model        {Path.GetFileName(onnxPath)}  ({(model.Producer.Length > 0 ? model.Producer + ", " : "")}IR {model.IrVersion}, opset {model.DefaultOpset})");
            foreach (var i in inputs)
            {
                o.WriteLine($"Input        {i.name}  {i.elementType} {i.shape}{(i.layout != null ? "  " + i.layout : "")}");
            }

            foreach (var x in outputs)
            {
                o.WriteLine($"Output       {x.name}  {x.elementType} {x.shape}");
            }

            o.WriteLine($"Nodes        {model.Graph.Nodes.Count}");
            WriteQuantization(o, model);
            foreach ((string label, string text) in InfoFacts.Rows(model, convAd, sizeSource))
            {
                o.WriteLine($"{label,-12} {text}");
            }

            if (!convAd.IsSupported)
            {
                o.WriteLine($"ConvAD       NOT SUPPORTED: {convAd.Unsupported}");
                return ExitCodes.Ok;
            }

            o.WriteLine($"Classes      {convAd.ClassCount}");
            o.WriteLine($"ConvAD       supported: {convAd.CheckpointCount} checkpoints, {convAd.Masks.Count} mask grids ({convAd.Options})");
            o.WriteLine($"Batch        {(convAd.Batch.CanBatch ? "symbolic: N images per call" : "fixed at 1: " + convAd.Batch.Reason)}");
            if (listPlan)
            {
                o.WriteLine();
                o.WriteLine($"{"#",4}  {"node",-44} {"op",-18} {"role",-15} {"output",-18} {"mask",-10} checkpoint");
                foreach (PlanNode n in convAd.Nodes)
                {
                    string mask = n.OutputMask is int m ? $"m{m} {convAd.Masks[m].Height}x{convAd.Masks[m].Width}" : "-";
                    string cp = n.IsCheckpoint ? string.Join(",", n.Checkpoints.Select(c => c.Neutral == Neutral.Lowest ? "lowest" : "zero")) : "";
                    o.WriteLine($"{n.Index,4}  {Truncate(n.Name, 44),-44} {n.OpType,-18} {n.Role,-15} {TensorShape.Format(n.OutputShape),-18} {mask,-10} {cp}");
                }
            }

            if (steps != null)
            {
                WriteRewrites(o, steps);
            }

            return ExitCodes.Ok;
        }

        /// <summary>The engine's realisation of every checkpoint (the ConvAD graph is built and discarded; no ONNX Runtime session).</summary>
        private static Engine.RewriteLog Rewrites(string onnxPath, Engine.EngineOptions options)
        {
            using Engine.ConvAdModel engine = Engine.ConvAdModel.Load(onnxPath, options);
            return engine.ExplainRewrites();
        }

        /// <summary>One line per checkpoint, then how many took each form: the cheap forms cost no pass over the activations.</summary>
        private static void WriteRewrites(TextWriter o, Engine.RewriteLog log)
        {
            IReadOnlyList<Engine.RewriteStep> steps = log.Steps;
            o.WriteLine();
            o.WriteLine($"Rewrites     {steps.Count} checkpoints; {log.MaskGrids} mask grids propagated once each, {log.Expansions} per-channel mask expansions");
            foreach (Engine.RewriteStep r in steps)
            {
                o.WriteLine($"  {Truncate(r.Tensor, 40),-40} → {Truncate(r.Consumer, 36),-36} m{r.MaskId,-3} {r.Realisation}");
                if (r.Declined != null)
                {
                    o.WriteLine($"  {"",-40}   early deactivation declined: {r.Declined}");
                }
            }

            foreach (var g in steps.GroupBy(r => Kind(r.Realisation)).OrderByDescending(g => g.Count()))
            {
                o.WriteLine($"  {g.Count(),4} × {g.Key}");
            }
        }

        /// <summary>The realisation without its node names, for the summary counts.</summary>
        private static string Kind(string realisation)
        {
            int end = new[] { " at '", " at the ", " (", " '" }.Select(s => realisation.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(realisation.Length).Min();
            return realisation[..end];
        }

        /// <summary>The quantization format, for quantized models only (float models print no line).</summary>
        private static void WriteQuantization(TextWriter o, OnnxModel model)
        {
            if (QuantizationFormat.Of(model) is string format)
            {
                o.WriteLine($"Quantization {format}");
            }
        }

        private static string Dims(Dim[]? shape) => shape == null ? "?" : "[" + string.Join(",", shape.Select(d => d.ToString())) + "]";

        private static string Truncate(string s, int n) => s.Length <= n ? s : "…" + s[^(n - 1)..];
    }
}
