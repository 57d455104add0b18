using System.CommandLine;
using System.Globalization;
using ConvAD.Explanation;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad explain --method</c>, <c>convad evaluate --methods</c> and the attribution methods' own options. rex (the default) is
    /// the causal-responsibility explainer; occlusion, rise and kernelshap rank pixels by an attribution map instead.
    /// </summary>
    internal sealed class ExplainMethodOptions
    {
        /// <summary>Every method's name, rex first.</summary>
        public static readonly string[] Names = { Explainer.RexMethod, "occlusion", "rise", "kernelshap" };

        private readonly Option<string> _method = new Option<string>("--method")
        {
            Description = "rex (causal responsibility: a sufficient explanation), occlusion (sliding window), rise or kernelshap (attribution maps)",
            DefaultValueFactory = _ => Explainer.RexMethod,
        };

        private readonly Option<int?> _window = new Option<int?>("--window") { Description = "occlusion: the window's side in pixels (default ⌈min(H, W) / 8⌉)" };
        private readonly Option<int?> _stride = new Option<int?>("--stride") { Description = "occlusion: pixels between windows (default half the window)" };
        private readonly Option<int?> _riseMasks;
        private readonly Option<int?> _riseCells = new Option<int?>("--rise-cells") { Description = "rise: cells per side s of the low-resolution grid (default 7)" };
        private readonly Option<double?> _riseKeep = new Option<double?>("--rise-keep") { Description = "rise: probability p that a cell is kept (default 0.5)" };
        private readonly Option<int?> _shapSamples = new Option<int?>("--shap-samples") { Description = "kernelshap: sampled coalitions (default 2·cells + 2048; every coalition when that covers them all)" };
        private readonly Option<int?> _shapGrid = new Option<int?>("--shap-grid") { Description = "kernelshap: cells per side of the grid (default 8)" };

        /// <summary>The options of one command; <paramref name="riseMasks"/> is RISE's default N there (the paper's 4000 for explain).</summary>
        public ExplainMethodOptions(int riseMasks = 4000)
        {
            RiseMasks = riseMasks;
            _riseMasks = new Option<int?>("--rise-masks") { Description = $"rise: random masks N (default {riseMasks.ToString(CultureInfo.InvariantCulture)})" };
        }

        /// <summary>RISE's N when --rise-masks is not given.</summary>
        public int RiseMasks { get; }

        /// <summary>Every option, to add to <c>convad explain</c>.</summary>
        public Option[] All => new Option[] { _method }.Concat(Settings).ToArray();

        /// <summary>The methods' own options, without --method (<c>convad evaluate</c> takes --methods instead).</summary>
        public Option[] Settings => new Option[] { _window, _stride, _riseMasks, _riseCells, _riseKeep, _shapSamples, _shapGrid };

        /// <summary>The attribution method's options, or null for rex; a method's option given with another method is a usage error.</summary>
        public AttributionOptions? Parse(ParseResult parse, long seed, int batch)
        {
            string method = parse.GetValue(_method)!.ToLowerInvariant();
            if (!Names.Contains(method))
            {
                throw new CliUsageException($"--method '{method}' is not valid: use {string.Join(", ", Names)}");
            }

            CheckOwners(parse, new[] { method }, "--method");
            return For(method, parse, seed, batch);
        }

        /// <summary>
        /// A method's options from the command line (the defaults where an option is absent), or null for rex. Assumes
        /// <paramref name="method"/> is one of <see cref="Names"/>.
        /// </summary>
        public AttributionOptions? For(string method, ParseResult parse, long seed, int batch)
        {
            AttributionOptions? options = method switch
            {
                "occlusion" => new OcclusionOptions { Window = parse.GetValue(_window), Stride = parse.GetValue(_stride) },
                "rise" => new RiseOptions
                {
                    Masks = parse.GetValue(_riseMasks) ?? RiseMasks,
                    Cells = parse.GetValue(_riseCells) ?? new RiseOptions().Cells,
                    KeepProbability = parse.GetValue(_riseKeep) ?? new RiseOptions().KeepProbability,
                },
                "kernelshap" => new KernelShapOptions { Samples = parse.GetValue(_shapSamples), GridSize = parse.GetValue(_shapGrid) ?? new KernelShapOptions().GridSize },
                _ => null,
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

        /// <summary>Whether --method was given on the command line (not only its default).</summary>
        public bool MethodGiven(ParseResult parse) => parse.GetResult(_method) is { Implicit: false };

        /// <summary>
        /// The options of each method <paramref name="names"/> lists (null for rex), in order, after checking that every method's
        /// option given belongs to one of them (<paramref name="methodOption"/> names the list in the error).
        /// </summary>
        public AttributionOptions?[] ForAll(IReadOnlyList<string> names, ParseResult parse, long seed, int batch, string methodOption)
        {
            CheckOwners(parse, names.ToArray(), methodOption);
            return names.Select(name => For(name, parse, seed, batch)).ToArray();
        }

        /// <summary>A method's option given on the command line while its method is not among <paramref name="methods"/> is a usage error.</summary>
        public void CheckOwners(ParseResult parse, IReadOnlyCollection<string> methods, string methodOption)
        {
            Only(parse, methods, methodOption, "occlusion", _window, _stride);
            Only(parse, methods, methodOption, "rise", _riseMasks, _riseCells, _riseKeep);
            Only(parse, methods, methodOption, "kernelshap", _shapSamples, _shapGrid);
        }

        /// <summary>The settings that decide a method's map at <paramref name="height"/>×<paramref name="width"/>, in words (batch size excluded: it never changes a map).</summary>
        public static string Describe(AttributionOptions options, int height, int width)
        {
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            return options switch
            {
                OcclusionOptions o => $"occlusion window {o.WindowFor(height, width)} px, stride {o.StrideFor(height, width)} px",
                RiseOptions r => $"rise {r.Masks} masks, {r.Cells} cells, keep {F(r.KeepProbability)}",
                KernelShapOptions k => Shap(k, Math.Min(k.GridSize, Math.Min(height, width))),
                _ => options.Method,
            };
        }

        private static string Shap(KernelShapOptions k, int side)
        {
            int cells = side * side;
            return $"kernelshap grid {side}×{side}, " + (k.IsExact(cells) ? "every coalition (exact)" : $"{k.SamplesFor(cells)} samples");
        }

        private static void Only(ParseResult parse, IReadOnlyCollection<string> methods, string methodOption, string owner, params Option[] options)
        {
            foreach (Option option in options)
            {
                if (!methods.Contains(owner) && parse.GetResult(option) is { Implicit: false })
                {
                    throw new CliUsageException(methodOption == "--method"
                        ? $"{option.Name} applies to --method {owner} only"
                        : $"{option.Name} applies to {owner}, which {methodOption} does not list");
                }
            }
        }
    }
}
