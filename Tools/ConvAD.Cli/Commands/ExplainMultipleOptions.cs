using System.CommandLine;
using ConvAD.Explanation;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// <c>convad explain --multiple N</c> (several explanations by spotlight search, with its own options) and <c>--contrast CLASS</c>
    /// (the region whose removal makes the model pick CLASS). Both extend the causal-responsibility explainer (--method rex).
    /// </summary>
    internal sealed class ExplainMultipleOptions
    {
        private readonly Option<int?> _multiple = new Option<int?>("--multiple")
        {
            Description = "Find up to N sufficient explanations by spotlight search (the ordinary one first; disjoint unless --max-overlap)",
        };

        private readonly Option<int?> _radius = new Option<int?>("--spotlight-radius") { Description = "--multiple: the spotlight's starting radius in pixels (default ⌈min(H, W) / 8⌉)" };
        private readonly Option<int?> _steps = new Option<int?>("--spotlight-steps") { Description = "--multiple: spotlight positions that may find nothing before the search stops (default 20)" };
        private readonly Option<double?> _overlap = new Option<double?>("--max-overlap") { Description = "--multiple: the share of an explanation it may share with an earlier one (default 0: disjoint)" };

        private readonly Option<string?> _contrast = new Option<string?>("--contrast")
        {
            Description = "Find a small region whose removal makes the model pick this class (an index or a label) instead of its top class",
        };

        /// <summary>Every option, to add to the command.</summary>
        public Option[] All => new Option[] { _multiple, _radius, _steps, _overlap, _contrast };

        /// <summary>Whether --multiple or --contrast was given.</summary>
        public bool Wanted(ParseResult parse) => parse.GetValue(_multiple) != null || parse.GetValue(_contrast) != null;

        /// <summary>The contrast class as given (index or label), or null.</summary>
        public string? Contrast(ParseResult parse) => parse.GetValue(_contrast);

        /// <summary>The spotlight search's options, or null without --multiple; spotlight options without --multiple are a usage error.</summary>
        public MultipleExplanationOptions? Multiple(ParseResult parse)
        {
            int? count = parse.GetValue(_multiple);
            if (count == null)
            {
                foreach (Option option in new Option[] { _radius, _steps, _overlap })
                {
                    if (parse.GetResult(option) is { Implicit: false })
                    {
                        throw new CliUsageException($"{option.Name} applies to --multiple only");
                    }
                }

                return null;
            }

            if (parse.GetValue(_contrast) != null)
            {
                throw new CliUsageException("--multiple and --contrast cannot be combined: run them one at a time");
            }

            var options = new MultipleExplanationOptions
            {
                Count = count.Value,
                Radius = parse.GetValue(_radius),
                Steps = parse.GetValue(_steps) ?? new MultipleExplanationOptions().Steps,
                MaxOverlap = parse.GetValue(_overlap) ?? 0,
            };
            try
            {
                options.Validate();
            }
            catch (System.ArgumentException e)
            {
                throw new CliUsageException("--multiple: " + e.Message);
            }

            return options;
        }
    }
}
