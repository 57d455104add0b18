using System;
using System.Diagnostics;
using System.Text;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>Runs the dotnet CLI as a user would, with a time limit, and returns its exit code and output.</summary>
    internal static class DotnetCli
    {
        public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // `dotnet test` points these at its own MSBuild; a nested build must find the SDK's by itself, as a user's does.
            foreach (string variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
            {
                start.Environment.Remove(variable);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"dotnet {string.Join(" ", arguments)} did not finish within {timeout.TotalSeconds} s\n{output}");
            }

            process.WaitForExit();
            return (process.ExitCode, output.ToString());
        }

        private static void Append(StringBuilder output, string? line)
        {
            if (line != null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }
}
