using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// KernelSHAP (Lundberg and Lee, 2017) over a grid of cells: the Shapley values of the cells for the target's confidence,
    /// estimated by a weighted regression over sampled coalitions (paired with their complements), or computed exactly by
    /// enumerating every coalition when the sample budget covers them all.
    /// </summary>
    public sealed record KernelShapOptions : AttributionOptions
    {
        /// <summary>Cells per side of the grid: the players are GridSize² cells (default 8, 64 cells).</summary>
        public int GridSize { get; init; } = 8;

        /// <summary>Sampled coalitions, complements included; null: 2·M + 2048 for M cells (the shap package's default).</summary>
        public int? Samples { get; init; }

        /// <inheritdoc/>
        public override string Method => "kernelshap";

        /// <inheritdoc/>
        public override void Validate()
        {
            base.Validate();
            Check(GridSize >= 1 && GridSize <= 64, "the KernelSHAP grid must have 1 to 64 cells per side");
            Check(Samples is null || Samples >= 2, "KernelSHAP needs at least 2 samples (one coalition and its complement)");
        }

        /// <summary>The number of sampled coalitions for <paramref name="cells"/> cells.</summary>
        public int SamplesFor(int cells) => Samples ?? 2 * cells + 2048;

        /// <summary>True when the samples cover every coalition of <paramref name="cells"/> cells, which are then enumerated exactly.</summary>
        public bool IsExact(int cells) => cells < 31 && (1L << cells) <= SamplesFor(cells) + 2L;

        internal override IMaskQuery Query(int height, int width)
        {
            var grid = new CellGrid(height, width, Math.Min(GridSize, Math.Min(height, width)));
            return IsExact(grid.Count) ? new ExactShapley(grid) : new KernelShap(grid, SamplesFor(grid.Count), Seed);
        }
    }
}
