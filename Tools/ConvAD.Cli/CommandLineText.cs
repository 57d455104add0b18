namespace ConvAD.Cli
{
    /// <summary>The command as a user would retype it in a POSIX shell: what an HTML report shows as the command that made it.</summary>
    public static class CommandLineText
    {
        /// <summary><c>convad</c> and the arguments, each quoted when the shell would split or expand it.</summary>
        public static string Format(IEnumerable<string> args) => string.Join(" ", new[] { "convad" }.Concat(args.Select(Quote)));

        /// <summary>The argument as is when it is made only of characters no shell treats specially, else in single quotes.</summary>
        public static string Quote(string arg) =>
            arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
                ? arg
                : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
