using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace ConvAD.Explanation
{
    public sealed partial class Explainer
    {
        /// <summary>
        /// Methods × modes: the sufficient explanation of one preprocessed input tensor by each method (a row) under each
        /// perturbation (a column), for a comparison sheet. A null method is the causal-responsibility search
        /// (<see cref="Explain"/>, as <see cref="ExplanationResult.Attribution"/> is null for it); an attribution method's
        /// cells are <see cref="ExplainWith"/>'s. Each cell is exactly what that call alone returns for this explainer and input,
        /// so the grid is as deterministic as they are.
        /// </summary>
        /// <param name="input">The preprocessed input tensor (<see cref="Shape"/>).</param>
        /// <param name="perturbations">The columns; null: <see cref="Perturbation.All"/> (AD, layer masking, every masking value).</param>
        /// <param name="methods">The rows, distinct; null: one row, the causal-responsibility search.</param>
        /// <param name="progress">The whole grid's progress: cells are explained in row order, each its share of the fraction.</param>
        /// <param name="cancellation">Checked between engine calls.</param>
        /// <returns>One list per method, in order, of one result per perturbation, in order.</returns>
        public IReadOnlyList<IReadOnlyList<ExplanationResult>> Compare(ReadOnlySpan<float> input, IReadOnlyList<Perturbation>? perturbations = null,
            IReadOnlyList<AttributionOptions?>? methods = null, IProgress<ExplanationProgress>? progress = null, CancellationToken cancellation = default)
        {
            IReadOnlyList<Perturbation> columns = perturbations ?? Perturbation.All();
            IReadOnlyList<AttributionOptions?> rows = methods ?? new AttributionOptions?[] { null };
            CheckComparison(columns, rows);

            int cells = rows.Count * columns.Count, done = 0, mutants = 0, calls = 0;
            var grid = new List<IReadOnlyList<ExplanationResult>>(rows.Count);
            foreach (AttributionOptions? method in rows)
            {
                var row = new List<ExplanationResult>(columns.Count);
                foreach (Perturbation perturbation in columns)
                {
                    // The cell's own progress, placed in the grid's: earlier cells' mutants and calls added, the fraction scaled.
                    (int before, int callsBefore, int index) = (mutants, calls, done);
                    IProgress<ExplanationProgress>? cell = progress == null
                        ? null
                        : new CellProgress(p => progress.Report(new ExplanationProgress(p.Phase, before + p.MutantsEvaluated, callsBefore + p.EngineCalls,
                            (index + Math.Clamp(p.Fraction, 0, 1)) / cells)));
                    ExplanationResult result = method == null
                        ? Explain(input, perturbation, cell, cancellation)
                        : ExplainWith(input, perturbation, method, cell, cancellation);
                    row.Add(result);
                    (mutants, calls, done) = (mutants + result.MutantsEvaluated, calls + result.EngineCalls, done + 1);
                }

                grid.Add(row);
            }

            return grid;
        }

        private static void CheckComparison(IReadOnlyList<Perturbation> perturbations, IReadOnlyList<AttributionOptions?> methods)
        {
            if (perturbations.Count == 0 || perturbations.Any(p => p == null))
            {
                throw new ArgumentException("a comparison needs at least one perturbation, and no null one", nameof(perturbations));
            }

            if (methods.Count == 0)
            {
                throw new ArgumentException("a comparison needs at least one method", nameof(methods));
            }

            string[] names = methods.Select(m => m?.Method ?? RexMethod).ToArray();
            if (names.Distinct().Count() != names.Length)
            {
                throw new ArgumentException("a comparison names a method twice: " + string.Join(", ", names), nameof(methods));
            }

            foreach (AttributionOptions? method in methods)
            {
                method?.Validate();
            }
        }

        /// <summary>Forwards progress reports synchronously (<see cref="Progress{T}"/> would post them to a context).</summary>
        private sealed class CellProgress : IProgress<ExplanationProgress>
        {
            private readonly Action<ExplanationProgress> _report;

            public CellProgress(Action<ExplanationProgress> report) => _report = report;

            public void Report(ExplanationProgress value) => _report(value);
        }
    }
}
