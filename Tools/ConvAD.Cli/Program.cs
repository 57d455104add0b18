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
            root.Options.Add(allowOutsidePaths);
            root.Options.Add(allowTruncated);
            ParseResult parse = root.Parse(args);
            console.AllowOutsidePaths = parse.GetValue(allowOutsidePaths);
            console.AllowTruncated = parse.GetValue(allowTruncated);
            console.CommandLine = CommandLineText.Format(args);
            var config = new InvocationConfiguration { Output = stdout, Error = stderr };
            return parse.Invoke(config);
        }
    }
}
