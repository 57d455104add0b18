using System.CommandLine;
using ConvAD.Cli.Commands;

namespace ConvAD.Cli
{
    public static class Program
    {
        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        /// <summary>Runs the CLI with the given writers (tests call this directly).</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, new CliConsole(stdout, stderr));

        /// <summary>Runs the CLI on a given console (tests use it to interrupt a command).</summary>
        public static int Run(string[] args, CliConsole console)
        {
            TextWriter stdout = console.Out;
            TextWriter stderr = console.Error;
            var root = new RootCommand("ConvAD: Activation-Deactivation for convolutional image classifiers in ONNX.")
            {
                InfoCommand.Create(console),
                PredictCommand.Create(console),
                VerifyCommand.Create(console),
                BenchCommand.Create(console),
                ExplainCommand.Create(console),
                EvaluateCommand.Create(console),
            };
            var allowOutsidePaths = new Option<bool>("--allow-outside-paths")
            {
                Description = "Let a model's .convad.json name model and labels files outside its own folder (refused by default)",
                Recursive = true,
            };
            var allowTruncated = new Option<bool>("--allow-truncated")
            {
                Description = "Decode image files cut short before their end marker (refused by default: decoders fill the missing part silently)",
                Recursive = true,
            };
            var quiet = new Option<bool>("--quiet", "-q")
            {
                Description = "No progress and no notes: only results, warnings and errors",
                Recursive = true,
            };
            root.Options.Add(allowOutsidePaths);
            root.Options.Add(allowTruncated);
            root.Options.Add(quiet);
            ParseResult parse = root.Parse(args);
            if (OptionLikeArguments.Find(parse) is string unknown)
            {
                stderr.WriteLine(unknown);
                return ExitCodes.Usage;
            }

            console.AllowOutsidePaths = parse.GetValue(allowOutsidePaths);
            console.AllowTruncated = parse.GetValue(allowTruncated);
            console.Quiet = parse.GetValue(quiet);
            console.CommandLine = CommandLineText.Format(args);
            // A usage error's message, typo corrections and usage all go to stderr: stdout carries results only (and --help's text).
            var config = new InvocationConfiguration { Output = parse.Errors.Count > 0 ? stderr : stdout, Error = stderr };
            int exit = parse.Invoke(config);

            // System.CommandLine prints its own message and usage for what it cannot parse (an unknown command, an unmatched
            // token with its typo corrections, a value of the wrong type) and returns 1, which is verify's "an invariant
            // does not hold": a usage error gets the usage code, like the ones the commands find themselves.
            return parse.Errors.Count > 0 ? ExitCodes.Usage : exit;
        }
    }
}
