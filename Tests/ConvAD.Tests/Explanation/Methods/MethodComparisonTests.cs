using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>
    /// <see cref="Explainer.Compare"/> on ResNet-20 (CIFAR-10) with a real cat: methods × modes, each cell exactly what
    /// <see cref="Explainer.Explain"/> (rex) or <see cref="Explainer.ExplainWith"/> alone gives, the same on every run.
    /// </summary>
    public sealed class MethodComparisonTests
    {
        private static readonly Perturbation[] Modes =
        {
            Perturbation.ActivationDeactivation, Perturbation.Occlusion(MaskingValue.Zero), Perturbation.Occlusion(MaskingValue.Random),
        };

        // Small settings keep the grid fast; the seeds differ from the explainer's so a mix-up of the two would show.
        private static readonly AttributionOptions?[] Methods =
        {
            null, new OcclusionOptions { Seed = 4 }, new RiseOptions { Masks = 60, Seed = 4 }, new KernelShapOptions { Samples = 40, GridSize = 4, Seed = 4 },
        };

        private static Explainer NewExplainer() =>
            ExplainerFixture.Model(ExplainerFixture.ResNet20).CreateExplainer(new ExplainerOptions { Iterations = 2, Seed = 7 });

        [Fact]
        public void Each_cell_is_what_its_method_alone_gives_under_its_mode()
        {
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Explainer explainer = NewExplainer();

            IReadOnlyList<IReadOnlyList<ExplanationResult>> grid = explainer.Compare(input, Modes, Methods);

            Assert.Equal(Methods.Length, grid.Count);
            for (int m = 0; m < Methods.Length; m++)
            {
                Assert.Equal(Modes.Length, grid[m].Count);
                for (int c = 0; c < Modes.Length; c++)
                {
                    ExplanationResult cell = grid[m][c];
                    ExplanationResult alone = Methods[m] is AttributionOptions method
                        ? NewExplainer().ExplainWith(input, Modes[c], method)
                        : NewExplainer().Explain(input, Modes[c]);
                    Assert.Equal(Methods[m]?.Method ?? Explainer.RexMethod, cell.Method);
                    Assert.Equal(Modes[c], cell.Perturbation);
                    Assert.Equal(alone.Explanation.ToArray(), cell.Explanation.ToArray());
                    Assert.Equal(alone.Explanation.Confidence, cell.Explanation.Confidence);
                    Assert.Equal(alone.Responsibility.ToArray(), cell.Responsibility.ToArray());
                    Assert.Equal(alone.MutantsEvaluated, cell.MutantsEvaluated);
                }
            }

            // The methods do find different explanations (a grid of one answer repeated would pass the loop above as well).
            Assert.True(grid.Select(row => string.Join(",", row[0].Explanation.ToArray())).Distinct().Count() > 1);
        }

        [Fact]
        public void The_grid_is_the_same_on_every_run_and_defaults_to_rex_under_every_mode()
        {
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            IReadOnlyList<IReadOnlyList<ExplanationResult>> first = NewExplainer().Compare(input, Modes, Methods);
            IReadOnlyList<IReadOnlyList<ExplanationResult>> second = NewExplainer().Compare(input, Modes, Methods);
            Assert.Equal(Masks(first), Masks(second));

            var reported = new List<ExplanationProgress>();
            IReadOnlyList<IReadOnlyList<ExplanationResult>> rex = NewExplainer().Compare(input, progress: new Recorder(reported.Add));
            Assert.Equal(Explainer.RexMethod, Assert.Single(rex).Select(r => r.Method).Distinct().Single());
            Assert.Equal(Perturbation.All(), rex[0].Select(r => r.Perturbation));
            // Progress covers the whole grid once: fractions never go back, and the mutants add up over the cells.
            Assert.True(reported.Zip(reported.Skip(1), (a, b) => b.Fraction >= a.Fraction - 1e-9).All(ok => ok));
            Assert.Equal(1.0, reported[^1].Fraction, 6);
            Assert.Equal(rex[0].Sum(r => r.MutantsEvaluated), reported[^1].MutantsEvaluated);
        }

        [Fact]
        public void Empty_or_repeated_rows_and_columns_are_refused()
        {
            float[] input = ExplainerFixture.Input(ExplainerFixture.ResNet20);
            Explainer explainer = NewExplainer();
            Assert.Throws<ArgumentException>(() => explainer.Compare(input, Array.Empty<Perturbation>()));
            Assert.Throws<ArgumentException>(() => explainer.Compare(input, Modes, Array.Empty<AttributionOptions?>()));
            Assert.Throws<ArgumentException>(() => explainer.Compare(input, Modes, new AttributionOptions?[] { null, null }));
            Assert.Throws<ArgumentException>(() => explainer.Compare(input, Modes, new AttributionOptions?[] { new RiseOptions(), new RiseOptions { Seed = 1 } }));
            Assert.Throws<ArgumentException>(() => explainer.Compare(input, Modes, new AttributionOptions?[] { new RiseOptions { Masks = 0 } }));
        }

        [Fact]
        public void The_classifier_extension_preprocesses_the_image_as_explain_does()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            using var image = ExplainerFixture.Image(ExplainerFixture.ResNet20);
            using var fitted = classifier.Fit(image);
            var methods = new AttributionOptions?[] { new OcclusionOptions() };

            IReadOnlyList<IReadOnlyList<ExplanationResult>> grid = NewExplainer().Compare(classifier, fitted, new[] { Perturbation.ActivationDeactivation }, methods);

            ExplanationResult alone = NewExplainer().ExplainWith(ExplainerFixture.Input(ExplainerFixture.ResNet20), Perturbation.ActivationDeactivation, methods[0]!);
            Assert.Equal(alone.Explanation.ToArray(), grid[0][0].Explanation.ToArray());
        }

        private static string[] Masks(IReadOnlyList<IReadOnlyList<ExplanationResult>> grid) =>
            grid.SelectMany(row => row).Select(r => string.Join(",", r.Explanation.ToArray()) + "|" + string.Join(",", r.Responsibility.ToArray())).ToArray();

        private sealed class Recorder : IProgress<ExplanationProgress>
        {
            private readonly Action<ExplanationProgress> _report;

            public Recorder(Action<ExplanationProgress> report) => _report = report;

            public void Report(ExplanationProgress value) => _report(value);
        }
    }
}
