using System;
using System.IO;
using System.Linq;
using ConvAD.Fuzz.GeneratorCompile;
using ConvAD.Fuzz.Harnesses;
using SharpFuzz;

namespace ConvAD.Fuzz
{
    /// <summary>
    /// <c>ConvAD.Fuzz TARGET</c>: the harness's fuzzing loop under afl-fuzz (scripts/fuzz.sh), reading each input from stdin.
    /// <c>ConvAD.Fuzz TARGET FILE...</c>: each file once, uninstrumented, to reproduce a finding.
    /// <c>ConvAD.Fuzz generator-compile ...</c>: mutated models through the real source generator and the compiler
    /// (<see cref="GeneratorCompileCommand"/>), no AFL++ needed.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == GeneratorCompileCommand.Name)
            {
                return GeneratorCompileCommand.Run(args.Skip(1).ToArray());
            }

            if (args.Length == 0 || !FuzzHarness.All.TryGetValue(args[0], out FuzzHarness? harness))
            {
                Console.Error.WriteLine("usage: ConvAD.Fuzz TARGET [FILE...]   targets: " +
                    string.Join(", ", FuzzHarness.All.Values.Select(h => $"{h.Name} ({h.Description})")) +
                    $"\n       ConvAD.Fuzz {GeneratorCompileCommand.Name} [--count N] [--seed S] [--start I] [--out DIR] [--timeout SECONDS] [--repo DIR] [--keep-files] | FILE...");
                return 2;
            }

            if (args.Length > 1)
            {
                foreach (string file in args.Skip(1))
                {
                    harness.Run(File.ReadAllBytes(file));
                    Console.WriteLine($"{file}: ok");
                }

                return 0;
            }

            Fuzzer.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                harness.Run(buffer.ToArray());
            });
            return 0;
        }
    }
}
