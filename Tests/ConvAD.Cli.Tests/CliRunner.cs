using System.IO;
using System.Text.Json;

namespace ConvAD.Tests.Cli
{
    /// <summary>Runs the CLI in-process and captures what it writes.</summary>
    internal static class CliRunner
    {
        public static (int Exit, string Out, string Error) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = ConvAD.Cli.Program.Run(args, stdout, stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        public static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement.Clone();
    }
}
