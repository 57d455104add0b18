using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ConvAD.Generator.Model;
using Microsoft.CodeAnalysis;

namespace ConvAD.Generator
{
    /// <summary>
    /// Reads what the compilation offers of ConvAD's GPU runtime into plain names. Which ops the runtime supports
    /// is not known to the generator: it is whatever public <c>GpuLayers</c> methods have the op shape, the same
    /// rule the runtime itself uses to find them. Runs on every compilation, so it only looks up a few types.
    /// </summary>
    internal static class GpuRuntimeReader
    {
        public const string LayersMetadataName = "ConvAD.Gpu.GpuLayers";
        public const string TensorMetadataName = "ConvAD.Gpu.DeviceTensor";
        public const string LoaderMetadataName = "ConvAD.Gpu.Generated.GeneratedGpuModel";

        /// <summary>The steps of the ConvAD forward pass besides the layers, with their parameters (T = DeviceTensor, T[] a params array).</summary>
        private static readonly Dictionary<string, string[]> StepParameters = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["PropagateMask"] = new[] { "int", "T" },
            ["PadMask"] = new[] { "int", "T" },
            ["CombineMasks"] = new[] { "int", "params T[]" },
            ["Deactivate"] = new[] { "T", "T" },
            ["DeactivateLowest"] = new[] { "T", "T" },
            ["ResetDeactivated"] = new[] { "string", "T", "T" },
        };

        private static readonly string[] LayerParameters = { "string", "params T[]" };

        /// <summary>The runtime's surface, or null when the compilation does not reference <c>ConvAD.Gpu.GpuLayers</c>.</summary>
        public static GpuRuntime? Read(Compilation compilation, CancellationToken cancellationToken)
        {
            INamedTypeSymbol? layers = Public(compilation.GetTypeByMetadataName(LayersMetadataName));
            if (layers == null)
            {
                return null;
            }

            INamedTypeSymbol? tensor = Public(compilation.GetTypeByMetadataName(TensorMetadataName));
            var single = new SortedSet<string>(StringComparer.Ordinal);
            var multi = new SortedSet<string>(StringComparer.Ordinal);
            var steps = new SortedSet<string>(StringComparer.Ordinal);
            if (tensor != null)
            {
                foreach (ISymbol member in layers.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false, IsGenericMethod: false } method)
                    {
                        continue;
                    }

                    if (Matches(method, LayerParameters, tensor))
                    {
                        if (IsTensor(method.ReturnType, tensor))
                        {
                            single.Add(method.Name);
                        }
                        else if (method.ReturnType is IArrayTypeSymbol { Rank: 1 } array && IsTensor(array.ElementType, tensor))
                        {
                            multi.Add(method.Name);
                        }
                    }
                    else if (StepParameters.TryGetValue(method.Name, out string[]? parameters) && Matches(method, parameters, tensor) && IsTensor(method.ReturnType, tensor))
                    {
                        steps.Add(method.Name);
                    }
                }
            }

            INamedTypeSymbol? loader = Public(compilation.GetTypeByMetadataName(LoaderMetadataName));
            bool hasLoader = tensor != null && loader != null &&
                loader.GetMembers("Load").Any(m => m is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public });
            return new GpuRuntime(single.ToEquatableArray(), multi.ToEquatableArray(), steps.ToEquatableArray(), hasLoader);
        }

        private static INamedTypeSymbol? Public(INamedTypeSymbol? type) =>
            type != null && type.DeclaredAccessibility == Accessibility.Public && type.ContainingType == null ? type : null;

        private static bool Matches(IMethodSymbol method, string[] expected, INamedTypeSymbol tensor)
        {
            ImmutableArray<IParameterSymbol> parameters = method.Parameters;
            if (parameters.Length != expected.Length)
            {
                return false;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                IParameterSymbol p = parameters[i];
                if (p.RefKind != RefKind.None)
                {
                    return false;
                }

                bool ok = expected[i] switch
                {
                    "int" => p.Type.SpecialType == SpecialType.System_Int32 && !p.IsParams,
                    "string" => p.Type.SpecialType == SpecialType.System_String && !p.IsParams,
                    "T" => IsTensor(p.Type, tensor) && !p.IsParams,
                    "params T[]" => p.IsParams && p.Type is IArrayTypeSymbol { Rank: 1 } array && IsTensor(array.ElementType, tensor),
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        // Nullable annotations do not matter for whether the call compiles.
        private static bool IsTensor(ITypeSymbol type, INamedTypeSymbol tensor) => SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, tensor);
    }
}
