using System.CommandLine;
using ConvAD.Engine;
using ConvAD.Plan;

namespace ConvAD.Cli
{
    /// <summary>Options shared by several commands, defined once so they read the same everywhere.</summary>
    public static class CommonOptions
    {
        public static Option<string?> Model() => new Option<string?>("--model", "-m")
        {
            Description = "ONNX model or .convad.json description (default: the embedded SqueezeNet 1.1)",
        };

        public static Option<bool> Json() => new Option<bool>("--json") { Description = "Write JSON (one object per line) instead of text" };

        public static Option<string> Threshold() => new Option<string>("--threshold", "-t")
        {
            Description = "ConvAD propagation threshold τ: any, all, or a number in (0,1]",
            DefaultValueFactory = _ => PropagationThreshold.Default.ToString(),
        };

        public static Option<string> StemFill() => new Option<string>("--stem-fill")
        {
            Description = "AD variant: what the convolutions that read the image see at occluded pixels: zero (AD as defined: 0 in input space, "
                + "the mean colour of a normalised model) or neighbours (filled from present neighbours, as layer masking does at every convolution)",
            DefaultValueFactory = _ => "zero",
        };

        public static Option<string> GlobalMean() => new Option<string>("--global-mean")
        {
            Description = "AD variant: a global mean over space divides by the present positions (renormalised, as AD defines) or by all positions (plain)",
            DefaultValueFactory = _ => "renormalised",
        };

        /// <summary>The plan of the AD variant that --stem-fill and --global-mean name.</summary>
        public static PlanOptions Variant(PlanOptions plan, string stemFill, string globalMean) => plan with
        {
            Fill = stemFill switch
            {
                "zero" => NeighbourFill.None,
                "neighbours" => NeighbourFill.Stem,
                _ => throw new CliUsageException($"--stem-fill '{stemFill}' is not valid: use zero or neighbours"),
            },
            RenormaliseGlobalMean = globalMean switch
            {
                "renormalised" => true,
                "plain" => false,
                _ => throw new CliUsageException($"--global-mean '{globalMean}' is not valid: use renormalised or plain"),
            },
        };

        /// <summary>The batch memory budget of the engine and the explainer (docs/reliability.md, "Batch memory").</summary>
        public static Option<int> MaxBatchMb() => new Option<int>("--max-batch-mb")
        {
            Description = "Most memory one batch may take, in MiB (inputs, masks and estimated activations): larger batches are split, which never changes a result; "
                + "a model whose one image does not fit is refused",
            DefaultValueFactory = _ => (int)(new EngineOptions().MaxBatchBytes >> 20),
        };

        /// <summary>The batch size the engine aims at on the CPU, in memory (EngineOptions.PreferredBatchBytes; docs/performance.md).</summary>
        public static Option<int> PreferredBatchMb() => new Option<int>("--preferred-batch-mb")
        {
            Description = "Memory one engine call's batch aims at on the CPU, in MiB (inputs, masks and estimated activations): larger batches are split, "
                + "down to one image, which never changes a result; raise it to trade memory for speed on a large model",
            DefaultValueFactory = _ => (int)(EngineOptions.DefaultPreferredBatchBytes >> 20),
        };

        public static Option<int> Threads() => new Option<int>("--threads")
        {
            Description = "ONNX Runtime intra-op threads (0 = one per physical core)",
        };

        /// <summary>Every command that loads a model takes it: the size to run a model whose input's height or width is symbolic.</summary>
        public static Option<string?> InputSize() => new Option<string?>("--input-size")
        {
            Description = "HxW (e.g. 224x224): the size to run a model exported with a symbolic height and width; wins over the sidecar's input.size",
        };

        /// <summary>
        /// The engine options of a command, built once: τ, intra-op threads, and a largest engine batch of at least
        /// <paramref name="batch"/> (so that one batch of the command is one engine call; the engine would otherwise split
        /// batches above its default 64).
        /// </summary>
        /// <param name="inputSize"><c>--input-size</c> as given (null when not given: the sidecar's size, if any, is used).</param>
        /// <param name="maxBatchMb"><c>--max-batch-mb</c> (null: the default budget).</param>
        /// <param name="preferredBatchMb"><c>--preferred-batch-mb</c> (null: the default).</param>
        public static EngineOptions Engine(string threshold, int threads, int batch = 0, string? inputSize = null, int? maxBatchMb = null, int? preferredBatchMb = null)
        {
            if (maxBatchMb is < 1)
            {
                throw new CliUsageException("--max-batch-mb must be at least 1");
            }

            if (preferredBatchMb is < 1)
            {
                throw new CliUsageException("--preferred-batch-mb must be at least 1");
            }

            if (!PropagationThreshold.TryParse(threshold, out PropagationThreshold t))
            {
                throw new CliUsageException($"--threshold '{threshold}' is not valid: use any, all or a number in (0,1]");
            }

            if (threads < 0)
            {
                throw new CliUsageException("--threads must be 0 or more");
            }

            var defaults = new EngineOptions();
            return defaults with
            {
                Plan = defaults.Plan with { Threshold = t, InputSize = ParseInputSize(inputSize) },
                IntraOpThreads = threads,
                MaxBatch = Math.Max(defaults.MaxBatch, batch),
                MaxBatchBytes = maxBatchMb is int mb ? (long)mb << 20 : defaults.MaxBatchBytes,
                PreferredBatchBytes = preferredBatchMb is int pmb ? (long)pmb << 20 : defaults.PreferredBatchBytes,
            };
        }

        private static ConvAD.Plan.InputSize? ParseInputSize(string? text)
        {
            if (text == null)
            {
                return null;
            }

            return ConvAD.Plan.InputSize.TryParse(text, out ConvAD.Plan.InputSize? size)
                ? size
                : throw new CliUsageException($"--input-size '{text}' is not valid: use HxW, height then width, e.g. 224x224 (each 1 to {ConvAD.Plan.InputSize.MaxSide})");
        }
    }
}
