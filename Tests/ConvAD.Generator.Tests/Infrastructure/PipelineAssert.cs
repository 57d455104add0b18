extern alias generator;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using TrackingNames = generator::ConvAD.Generator.TrackingNames;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>
    /// What the generator's own pipeline steps cache must be plain values: a Roslyn symbol, syntax node, tree,
    /// location, compilation or additional text held there would keep a whole compilation alive in the IDE and
    /// defeat the cache's equality.
    /// </summary>
    internal static class PipelineAssert
    {
        private static readonly Type[] Banned =
        {
            typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel),
            typeof(AdditionalText), typeof(AnalyzerConfigOptions), typeof(AnalyzerConfigOptionsProvider), typeof(SyntaxToken), typeof(AttributeData),
        };

        private static readonly string[] Steps = typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .ToArray();

        public static void HoldsNoRoslynObjects(GeneratorRunResult result)
        {
            int outputs = 0;
            foreach (KeyValuePair<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> step in result.TrackedSteps.Where(s => Steps.Contains(s.Key)))
            {
                foreach (IncrementalGeneratorRunStep run in step.Value)
                {
                    foreach ((object value, IncrementalStepRunReason _) in run.Outputs)
                    {
                        outputs++;
                        Walk(value, step.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
                    }
                }
            }

            Assert.True(outputs > 0, "no tracked outputs of the generator's steps");
        }

        private static void Walk(object? value, string path, HashSet<object> seen)
        {
            if (value == null || value is string || value is Enum || value.GetType().IsPrimitive || value is decimal)
            {
                return;
            }

            Type type = value.GetType();
            Type? banned = Banned.FirstOrDefault(b => b.IsAssignableFrom(type));
            Assert.True(banned == null, $"the pipeline caches a {type.FullName} ({banned?.Name}) at {path}");
            if (!type.IsValueType && !seen.Add(value))
            {
                return;
            }

            if (value is IEnumerable items)
            {
                int i = 0;
                foreach (object? item in items)
                {
                    Walk(item, $"{path}[{i++}]", seen);
                }

                if (type.IsArray)
                {
                    return;
                }
            }

            for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
            {
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        continue;
                    }

                    Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
                }
            }
        }
    }
}
