using System.CommandLine;
using ConvAD.Explanation;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad explain --method</c> and the attribution methods' own options. rex (the default) is the causal-responsibility
    /// explainer; occlusion, rise and kernelshap write an attribution map instead (ExplainMethodRun).
    /// </summary>
    internal sealed class ExplainMethodOptions
    {
        private readonly Option<string> _method = new Option<string>("--method")
        {
            Description = "rex (causal responsibility: a sufficient explanation), occlusion (sliding window), rise or kernelshap (attribution maps)",
            DefaultValueFactory = _ => "rex",
        };

        private readonly Option<int?> _window = new Option<int?>("--window") { Description = "occlusion: the window's side in pixels (default ⌈min(H, W) / 8⌉)" };
        private readonly Option<int?> _stride = new Option<int?>("--stride") { Description = "occlusion: pixels between windows (default half the window)" };
        private readonly Option<int?> _riseMasks = new Option<int?>("--rise-masks") { Description = "rise: random masks N (default 4000)" };
        private readonly Option<int?> _riseCells = new Option<int?>("--rise-cells") { Description = "rise: cells per side s of the low-resolution grid (default 7)" };
        private readonly Option<double?> _riseKeep = new Option<double?>("--rise-keep") { Description = "rise: probability p that a cell is kept (default 0.5)" };
        private readonly Option<int?> _shapSamples = new Option<int?>("--shap-samples") { Description = "kernelshap: sampled coalitions (default 2·cells + 2048; every coalition when that covers them all)" };
        private readonly Option<int?> _shapGrid = new Option<int?>("--shap-grid") { Description = "kernelshap: cells per side of the grid (default 8)" };

        /// <summary>Every option, to add to the command.</summary>
        public Option[] All => new Option[] { _method, _window, _stride, _riseMasks, _riseCells, _riseKeep, _shapSamples, _shapGrid };

        /// <summary>The attribution method's options, or null for rex; a method's option given with another method is a usage error.</summary>
        public AttributionOptions? Parse(ParseResult parse, long seed, int batch)
        {
            string method = parse.GetValue(_method)!.ToLowerInvariant();
            Only(parse, method, "occlusion", _window, _stride);
            Only(parse, method, "rise", _riseMasks, _riseCells, _riseKeep);
            Only(parse, method, "kernelshap", _shapSamples, _shapGrid);
            AttributionOptions? options = method switch
            {
                "rex" => null,
                "occlusion" => new OcclusionOptions { Window = parse.GetValue(_window), Stride = parse.GetValue(_stride) },
                "rise" => new RiseOptions
                {
                    Masks = parse.GetValue(_riseMasks) ?? new RiseOptions().Masks,
                    Cells = parse.GetValue(_riseCells) ?? new RiseOptions().Cells,
                    KeepProbability = parse.GetValue(_riseKeep) ?? new RiseOptions().KeepProbability,
                },
                "kernelshap" => new KernelShapOptions { Samples = parse.GetValue(_shapSamples), GridSize = parse.GetValue(_shapGrid) ?? new KernelShapOptions().GridSize },
                _ => throw new CliUsageException($"--method '{method}' is not valid: use rex, occlusion, rise or kernelshap"),
            };
            if (options == null)
            {
                return null;
            }

            options = options with { Seed = seed, BatchSize = batch };
            try
            {
                options.Validate();
            }
            catch (System.ArgumentException e)
            {
                throw new CliUsageException($"--method {method}: {e.Message}");
            }

            return options;
        }

        private static void Only(ParseResult parse, string method, string owner, params Option[] options)
        {
            foreach (Option option in options)
            {
                if (method != owner && parse.GetResult(option) is { Implicit: false })
                {
                    throw new CliUsageException($"{option.Name} applies to --method {owner} only");
                }
            }
        }
    }
}
