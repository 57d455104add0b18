using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ConvAD.Fuzz.Harnesses;
using ConvAD.Tests;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>
    /// Replays every committed fuzzing input (Tests/Fuzz/corpus/TARGET: the seeds, and each crasher a campaign of
    /// scripts/fuzz.sh found, kept as a regression file beside its fix) through the same harness code, uninstrumented:
    /// each ends in a result or a documented, clean error (the harness lets anything else escape), within a time bound.
    /// </summary>
    public sealed class FuzzCorpusReplayTests
    {
        /// <summary>Far above any seed's cost (milliseconds); a file that takes longer is a hang, as afl-fuzz's -t would say.</summary>
        private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(10);

        private static string Corpus => RepoPaths.File("Tests", "Fuzz", "corpus");

        public static IEnumerable<object[]> Files() =>
            Directory.GetDirectories(Corpus)
                .SelectMany(folder => Directory.GetFiles(folder).Select(file => new object[] { Path.GetFileName(folder), Path.GetFileName(file) }))
                .OrderBy(c => (string)c[0], StringComparer.Ordinal).ThenBy(c => (string)c[1], StringComparer.Ordinal);

        [Theory]
        [MemberData(nameof(Files))]
        public async Task Committed_input_ends_in_a_result_or_a_documented_error(string target, string file)
        {
            FuzzHarness harness = FuzzHarness.All[target];
            byte[] bytes = File.ReadAllBytes(Path.Combine(Corpus, target, file));
            Task run = Task.Run(() => harness.Run(bytes));
            Task first = await Task.WhenAny(run, Task.Delay(PerFile));
            Assert.True(first == run, $"{target}/{file}: no result within {PerFile.TotalSeconds} s");
            await run; // rethrows what escaped the harness: an undocumented exception
        }

        [Fact]
        public void Every_harness_has_a_seed_corpus_and_every_corpus_a_harness()
        {
            string[] folders = Directory.GetDirectories(Corpus).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;
            Assert.Equal(FuzzHarness.All.Keys.OrderBy(n => n, StringComparer.Ordinal), folders);
            Assert.All(folders, f => Assert.NotEmpty(Directory.GetFiles(Path.Combine(Corpus, f))));
        }
    }
}
