using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ConvAD.Fuzz.Mutation
{
    /// <summary>A fuzzed model file: its number in the run, the seed it came from and what was done to it.</summary>
    internal sealed record Mutant(int Index, string Seed, string Mutations, byte[] Bytes);

    /// <summary>
    /// Mutants of a fixed list of seed models, each a pure function of (run seed, index): mutant 4711 of seed 1 is the
    /// same file on every machine and in every run, so a finding replays from its number alone. Seven in ten are
    /// structural mutations (<see cref="OnnxMutator"/>: the file stays a well-formed model and reaches the plan and
    /// code generation), one in seven adds byte-level damage after them, and the rest are byte-level only: bit and byte
    /// flips, truncation, insertions, deletions and splices of two seeds.
    /// </summary>
    internal sealed class MutantSource
    {
        /// <summary>Fixture models at most this large are seeds; larger ones make each mutant slow without reaching new code.</summary>
        public const int MaxSeedBytes = 64 * 1024;

        private readonly IReadOnlyList<(string Name, byte[] Bytes)> _seeds;
        private readonly int _runSeed;

        public MutantSource(IReadOnlyList<(string Name, byte[] Bytes)> seeds, int runSeed)
        {
            if (seeds.Count == 0)
            {
                throw new ArgumentException("no seed models", nameof(seeds));
            }

            _seeds = seeds;
            _runSeed = runSeed;
        }

        public IReadOnlyList<(string Name, byte[] Bytes)> Seeds => _seeds;

        /// <summary>
        /// The committed seeds: the generator's fuzzing corpus (Tests/Fuzz/corpus/generator), every ONNX fixture under
        /// Tests/Fixtures/models and models/ of at most <see cref="MaxSeedBytes"/>, by repository path in ordinal order
        /// (so a run replays on the same revision); a file found twice is kept once, committed crashers (crash-*) not at all.
        /// </summary>
        public static IReadOnlyList<(string Name, byte[] Bytes)> CommittedSeeds(string repositoryRoot)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var seeds = new List<(string, byte[])>();
            foreach (string folder in new[] { Path.Combine("Tests", "Fuzz", "corpus", "generator"), Path.Combine("Tests", "Fixtures", "models"), "models" })
            {
                string full = Path.Combine(repositoryRoot, folder);
                if (!Directory.Exists(full))
                {
                    continue;
                }

                foreach (string file in Directory.GetFiles(full, "*.onnx", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(repositoryRoot, f).Replace('\\', '/'))
                    .OrderBy(f => f, StringComparer.Ordinal))
                {
                    var info = new FileInfo(Path.Combine(repositoryRoot, file));
                    // Crashers a campaign found stay out: a run seed then names the same files before and after a
                    // crasher is committed, so the campaign that found it replays exactly once it is fixed.
                    if (info.Length > MaxSeedBytes || info.Length == 0 || info.Name.StartsWith("crash-", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    byte[] bytes = File.ReadAllBytes(info.FullName);
                    if (seen.Add(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes))))
                    {
                        seeds.Add((file, bytes));
                    }
                }
            }

            return seeds;
        }

        public Mutant Get(int index)
        {
            var random = new Random(unchecked((_runSeed * 1_000_003) ^ (index * 7919) ^ index));
            (string seedName, byte[] seed) = _seeds[random.Next(_seeds.Count)];
            (string _, byte[] donor) = _seeds[random.Next(_seeds.Count)];
            var applied = new List<string>();
            byte[] bytes = seed;
            int mode = random.Next(100);
            if (mode < 85)
            {
                // Mostly one change: each one more makes it likelier that validation stops the file before code generation.
                int changes = random.Next(100) switch { < 60 => 1, < 85 => 2, _ => 3 };
                bytes = OnnxMutator.Mutate(seed, donor, changes, random, applied) ?? seed;
            }

            if (mode >= 70)
            {
                bytes = ByteMutations(bytes, donor, random, applied);
            }

            return new Mutant(index, seedName, string.Join(", ", applied), bytes);
        }

        private static byte[] ByteMutations(byte[] bytes, byte[] donor, Random random, List<string> applied)
        {
            var data = new List<byte>(bytes);
            int count = 1 + random.Next(4);
            for (int n = 0; n < count; n++)
            {
                // Most of a model is weights; aim half of the damage at the first kilobyte, where the graph's
                // structure usually starts.
                int range = random.Next(2) == 0 ? Math.Min(1024, data.Count) : data.Count;
                switch (random.Next(6))
                {
                    case 0 when data.Count > 0:
                        data[random.Next(range)] ^= (byte)(1 << random.Next(8));
                        applied.Add("bit flip");
                        break;
                    case 1 when data.Count > 0:
                        data[random.Next(range)] = new byte[] { 0, 0x01, 0x7F, 0x80, 0xFF }[random.Next(5)];
                        applied.Add("byte set");
                        break;
                    case 2:
                        int keep = random.Next(data.Count + 1);
                        data.RemoveRange(keep, data.Count - keep);
                        applied.Add("truncated");
                        break;
                    case 3:
                        var inserted = new byte[1 + random.Next(16)];
                        random.NextBytes(inserted);
                        data.InsertRange(random.Next(range + 1), inserted);
                        applied.Add("bytes inserted");
                        break;
                    case 4 when data.Count > 0:
                        int at = random.Next(range);
                        data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                        applied.Add("bytes deleted");
                        break;
                    default:
                        // A splice: this file's head, another seed's tail.
                        int head = random.Next(data.Count + 1);
                        int tail = random.Next(donor.Length + 1);
                        data.RemoveRange(head, data.Count - head);
                        data.AddRange(donor.Skip(tail));
                        applied.Add("spliced");
                        break;
                }
            }

            return data.ToArray();
        }
    }
}
