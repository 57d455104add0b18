using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Validation;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Core
{
    /// <summary>
    /// Random models, broken in their bytes or in their attributes, end in exactly one of three ways: refused while read
    /// (<see cref="OnnxFormatException"/>, or its <see cref="ModelValidationException"/>), or read and given a plan that says
    /// whether ConvAD supports it. Nothing else escapes the reader or the plan builder. CONVAD_FUZZ_CASES sets how many (200).
    /// </summary>
    public sealed class ModelMutationFuzzTests
    {
        private readonly ITestOutputHelper _output;

        public ModelMutationFuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Mutated_models_are_refused_or_planned_and_nothing_else()
        {
            int cases = int.TryParse(Environment.GetEnvironmentVariable("CONVAD_FUZZ_CASES"), out int n) && n > 0 ? n : 200;
            var random = new Random(20261204);
            byte[][] real = { File.ReadAllBytes(RepoPaths.File("models", "mnist", "mnist-8.onnx")), File.ReadAllBytes(RepoPaths.File("models", "cifar10", "small-cnn.onnx")) };
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var escaped = new List<string>();
            for (int i = 0; i < cases; i++)
            {
                byte[] bytes = i % 2 == 0 ? HostileModels.Random(random) : Flip(real[i / 2 % 2], random);
                string outcome;
                try
                {
                    ConvAdPlan plan = ConvAdPlanBuilder.Build(OnnxReader.Read(bytes));
                    outcome = plan.IsSupported ? "supported" : "unsupported";
                }
                catch (ModelValidationException e)
                {
                    outcome = "refused: " + e.Rule;
                }
                catch (OnnxFormatException)
                {
                    outcome = "not ONNX";
                }
                catch (Exception e)
                {
                    outcome = "escaped";
                    escaped.Add($"case {i}: {e.GetType().Name}: {e.Message}");
                }

                outcomes[outcome] = outcomes.TryGetValue(outcome, out int seen) ? seen + 1 : 1;
            }

            // The figures docs/reliability.md quotes.
            _output.WriteLine($"{cases} cases: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
            Assert.True(escaped.Count == 0, string.Join("\n", escaped.Take(20)));
            Assert.True(outcomes.ContainsKey("refused: Onnx") && outcomes.ContainsKey("refused: Limit") && outcomes.ContainsKey("supported"),
                "the mutations no longer reach every outcome: " + string.Join(", ", outcomes.Keys));
        }

        private static byte[] Flip(byte[] model, Random random)
        {
            byte[] bytes = (byte[])model.Clone();
            int range = Math.Min(2048, bytes.Length);
            for (int f = 1 + random.Next(4); f > 0; f--)
            {
                bytes[random.Next(range)] = (byte)random.Next(256);
            }

            return bytes;
        }
    }
}
