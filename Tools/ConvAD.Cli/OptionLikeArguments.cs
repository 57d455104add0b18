using System.CommandLine;
using System.CommandLine.Parsing;

namespace ConvAD.Cli
{
    /// <summary>
    /// A token like <c>--mdoel</c> that names no option is an error, never an image or model path. System.CommandLine reports
    /// unmatched tokens itself (with its typo corrections), but a command whose argument takes one or more values (IMAGE…) or
    /// whose argument is still empty takes such a token as a value before anything is unmatched; this finds those and says
    /// which option was probably meant. Tokens after <c>--</c> are values whatever they look like.
    /// </summary>
    public static class OptionLikeArguments
    {
        /// <summary>The first line to print for an option-like token taken as an argument value, or null when there is none.</summary>
        public static string? Find(ParseResult parse)
        {
            var beforeSeparator = new HashSet<Token>(parse.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash), ReferenceEqualityComparer.Instance);
            foreach (SymbolResult result in parse.CommandResult.Children)
            {
                if (result is not ArgumentResult argument)
                {
                    continue;
                }

                foreach (Token token in argument.Tokens)
                {
                    if (token.Value.StartsWith("--", StringComparison.Ordinal) && token.Value.Length > 2 && beforeSeparator.Contains(token))
                    {
                        return Message(parse.CommandResult.Command, token.Value);
                    }
                }
            }

            return null;
        }

        private static string Message(Command command, string token)
        {
            string name = token.Split('=', ':')[0];
            string? guess = Spelling.Nearest(name, OptionNames(command));
            string where = command is RootCommand ? "" : $" for '{command.Name}'";
            return $"convad: unknown option '{name}'{where}" + (guess != null ? $"; did you mean '{guess}'?" : $" (see convad {command.Name} --help)");
        }

        // The command's own options and the recursive ones of its parents (--allow-truncated, --quiet, …).
        private static IEnumerable<string> OptionNames(Command command)
        {
            IEnumerable<Option> options = command.Options;
            for (Command? parent = Parent(command); parent != null; parent = Parent(parent))
            {
                options = options.Concat(parent.Options.Where(o => o.Recursive));
            }

            return options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
        }

        private static Command? Parent(Command command) => command.Parents.OfType<Command>().FirstOrDefault();
    }
}
