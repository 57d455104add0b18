using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Generator.Model;
using ConvAD.Plan;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvAD.Generator.Reading
{
    /// <summary>
    /// Decides whether a model's forward pass can be written against the GPU runtime the compilation references:
    /// every call needs a runtime method of the right shape, every variable must be a fresh identifier defined
    /// before it is read. Either the spec to emit (code that compiles) or the reason there is none (CVAD011).
    /// </summary>
    internal static class GpuForwardBuilder
    {
        private const int ListedOps = 5;

        public static GpuForwardSpec? Build(ModelClassSpec model, ForwardSpec? forward, GpuRuntime runtime, out string? problem)
        {
            problem = Check(forward, runtime, out List<ForwardCall> calls);
            if (problem != null)
            {
                return null;
            }

            GraphSpec g = model.Graph;
            string input = g.Layout == InputLayout.Nhwc ? $"N×{g.Height}×{g.Width}×{g.Channels}" : $"N×{g.Channels}×{g.Height}×{g.Width}";
            return new GpuForwardSpec(
                model.Type,
                model.ModelFileName,
                input,
                $"N×1×{g.Height}×{g.Width}",
                $"N×{g.ClassCount}",
                g.Threshold,
                g.Combination,
                calls.ToEquatableArray(),
                forward!.Output);
        }

        private static string? Check(ForwardSpec? forward, GpuRuntime runtime, out List<ForwardCall> calls)
        {
            calls = new List<ForwardCall>();
            if (forward == null)
            {
                return "the model's forward pass was not read";
            }

            if (forward.Problem != null)
            {
                return forward.Problem;
            }

            if (!runtime.HasLoader)
            {
                return $"the referenced ConvAD.Gpu has no {GpuRuntimeReader.LoaderMetadataName}.Load (use the ConvAD.Gpu of the same version as the generator)";
            }

            // Ops first: that is what a user can act on.
            var missing = new List<ForwardCall>();
            string? step = null;
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (ForwardCall call in forward.Calls)
            {
                if (call.Kind == LayerCallKind.Layer)
                {
                    bool single = runtime.Layers.Contains(call.Method), multi = runtime.MultiLayers.Contains(call.Method);
                    if ((call.Domain.Length > 0 && !QuantizationFormat.IsContribQuantizedOp(call.Domain, call.Method)) || (!single && !multi) || (!multi && call.Results.Count != 1))
                    {
                        missing.Add(call);
                        continue;
                    }

                    names[call.Node ?? ""] = names.TryGetValue(call.Node ?? "", out int n) ? n + 1 : 1;
                    calls.Add(call with { ReturnsArray = multi });
                }
                else if (call.Kind is LayerCallKind.Mask or LayerCallKind.Checkpoint or LayerCallKind.Correction)
                {
                    if (!runtime.Steps.Contains(call.Method))
                    {
                        step ??= $"ConvAD.Gpu.GpuLayers has no method {call.Method} for the ConvAD step '{call.Comment}' (use the ConvAD.Gpu of the same version as the generator)";
                    }

                    calls.Add(call);
                }
                else
                {
                    return $"the forward pass has a call of an unknown kind '{call.Kind}' ({call.Method})";
                }
            }

            if (missing.Count > 0)
            {
                return Missing(missing, forward.Calls.Count(c => c.Kind == LayerCallKind.Layer));
            }

            if (step != null)
            {
                return step;
            }

            string? duplicate = names.Where(n => n.Value > 1).Select(n => n.Key).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
            if (duplicate != null)
            {
                return $"more than one node is named '{duplicate}', and the GPU runtime finds each layer by its node's name";
            }

            return CheckVariables(calls, forward.Output);
        }

        private static string Missing(List<ForwardCall> missing, int layers)
        {
            string Op(ForwardCall c) => (c.Domain.Length > 0 ? c.Domain + "." : "") + c.Method;
            ForwardCall first = missing[0];
            string text = $"ConvAD.Gpu.GpuLayers has no layer for node '{first.Node}' ({Op(first)})";
            if (missing.Count > 1)
            {
                string[] ops = missing.Select(Op).Distinct(StringComparer.Ordinal).ToArray();
                text += $" nor for {missing.Count - 1} other of the model's {layers} layers (ops missing: {string.Join(", ", ops.Take(ListedOps))}{(ops.Length > ListedOps ? ", …" : "")})";
            }

            if (first.Domain.Length > 0)
            {
                text += "; the GPU runtime runs ops of the default ONNX domain and ONNX Runtime's quantized contrib ops only";
            }
            else if (first.Results.Count > 1)
            {
                text += $"; '{first.Node}' has {first.Results.Count} outputs, so the runtime's {first.Method} must return DeviceTensor[]";
            }

            return text;
        }

        /// <summary>Every result a fresh identifier, every argument defined before it is read: what makes the emitted method compile.</summary>
        private static string? CheckVariables(List<ForwardCall> calls, string output)
        {
            var defined = new HashSet<string>(StringComparer.Ordinal) { GpuForwardNames.Input, GpuForwardNames.Mask };
            foreach (ForwardCall call in calls)
            {
                if (call.Kind is LayerCallKind.Layer or LayerCallKind.Correction && call.Node == null)
                {
                    return $"the {call.Method} call has no node";
                }

                if (call.Results.Count == 0)
                {
                    return $"the {call.Method} call{(call.Node != null ? $" of node '{call.Node}'" : "")} has no result";
                }

                foreach (string argument in call.Arguments)
                {
                    if (argument != "null" && !defined.Contains(argument))
                    {
                        return $"the {call.Method} call{(call.Node != null ? $" of node '{call.Node}'" : "")} reads '{argument}' before it is computed";
                    }
                }

                foreach (string result in call.Results)
                {
                    if (!IsVariable(result) || !defined.Add(result))
                    {
                        return $"the {call.Method} call{(call.Node != null ? $" of node '{call.Node}'" : "")} writes '{result}', which is not a fresh variable name";
                    }
                }
            }

            return defined.Contains(output) ? null : $"the output variable '{output}' is not computed";
        }

        private static bool IsVariable(string name) =>
            SyntaxFacts.IsValidIdentifier(name) && name[0] != '@' &&
            SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None &&
            name != GpuForwardNames.Layers;
    }

    /// <summary>The names the generated forward pass declares itself.</summary>
    internal static class GpuForwardNames
    {
        public const string Layers = "L";
        public const string Input = ConvAD.Plan.LayerSequence.InputVariable;
        public const string Mask = ConvAD.Plan.LayerSequence.MaskVariable;
    }
}
