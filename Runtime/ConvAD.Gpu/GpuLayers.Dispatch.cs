using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConvAD.Plan;

namespace ConvAD.Gpu
{
    public sealed partial class GpuLayers
    {
        private delegate DeviceTensor LayerMethod(GpuLayers layers, string node, DeviceTensor?[] inputs);

        private delegate DeviceTensor[] MultiLayerMethod(GpuLayers layers, string node, DeviceTensor?[] inputs);

        // The public op methods, found by their shape: the same set the source generator sees in the compilation.
        private static readonly Dictionary<string, LayerMethod> Single = OpMethods<LayerMethod>(typeof(DeviceTensor));
        private static readonly Dictionary<string, MultiLayerMethod> Multi = OpMethods<MultiLayerMethod>(typeof(DeviceTensor[]));

        /// <summary>The ONNX ops this runtime has a layer for.</summary>
        public static IReadOnlyCollection<string> Ops { get; } = Single.Keys.Concat(Multi.Keys).OrderBy(k => k, StringComparer.Ordinal).ToArray();

        /// <summary>
        /// The forward pass without generated code: executes the plan's <see cref="LayerSequence"/> call by call,
        /// through the same methods a generated ForwardLayers calls.
        /// </summary>
        public static DeviceTensor Interpret(GpuLayers layers, DeviceTensor input, DeviceTensor? mask)
        {
            LayerSequence sequence = layers._model.Sequence;
            var values = new Dictionary<string, DeviceTensor?>(StringComparer.Ordinal)
            {
                [LayerSequence.InputVariable] = input,
                [LayerSequence.MaskVariable] = mask,
            };
            DeviceTensor? Arg(string name) => values.TryGetValue(name, out DeviceTensor? v) ? v : throw new InvalidOperationException($"variable '{name}' is used before it is computed");
            DeviceTensor?[] Args(LayerCall call) => call.Arguments.Select(Arg).ToArray();

            foreach (LayerCall call in sequence.Masks.Concat(sequence.Layers))
            {
                switch (call.Method)
                {
                    case "PropagateMask":
                        values[call.Results[0]] = layers.PropagateMask(call.MaskId!.Value, Arg(call.Arguments[0]));
                        break;
                    case "PadMask":
                        values[call.Results[0]] = layers.PadMask(call.MaskId!.Value, Arg(call.Arguments[0]));
                        break;
                    case "CombineMasks":
                        values[call.Results[0]] = layers.CombineMasks(call.MaskId!.Value, Args(call));
                        break;
                    case "Deactivate":
                        values[call.Results[0]] = layers.Deactivate(Arg(call.Arguments[0])!, Arg(call.Arguments[1]));
                        break;
                    case "DeactivateLowest":
                        values[call.Results[0]] = layers.DeactivateLowest(Arg(call.Arguments[0])!, Arg(call.Arguments[1]));
                        break;
                    case "ResetDeactivated":
                        values[call.Results[0]] = layers.ResetDeactivated(call.Node!, Arg(call.Arguments[0])!, Arg(call.Arguments[1]));
                        break;
                    default:
                        DeviceTensor[] results = layers.Invoke(call.Method, call.Node!, Args(call));
                        for (int i = 0; i < call.Results.Count; i++)
                        {
                            values[call.Results[i]] = results[i];
                        }

                        break;
                }
            }

            return Arg(sequence.Output) ?? throw new InvalidOperationException("the forward pass produced no output");
        }

        private DeviceTensor[] Invoke(string op, string node, DeviceTensor?[] inputs) =>
            Single.TryGetValue(op, out LayerMethod? single) ? new[] { single(this, node, inputs) } :
            Multi.TryGetValue(op, out MultiLayerMethod? multi) ? multi(this, node, inputs) :
            throw new NotSupportedException($"node '{node}' ({op}) is not supported by the GPU runtime yet");

        private static Dictionary<string, T> OpMethods<T>(Type returns)
            where T : Delegate
        {
            var result = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (MethodInfo method in typeof(GpuLayers).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                ParameterInfo[] p = method.GetParameters();
                if (method.ReturnType == returns && p.Length == 2 && p[0].ParameterType == typeof(string) && p[1].ParameterType == typeof(DeviceTensor[]) &&
                    p[1].IsDefined(typeof(ParamArrayAttribute), false))
                {
                    result[method.Name] = (T)Delegate.CreateDelegate(typeof(T), null, method);
                }
            }

            return result;
        }
    }
}
