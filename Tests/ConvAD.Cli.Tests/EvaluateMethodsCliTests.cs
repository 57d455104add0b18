using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Cli;
using ConvAD.Cli.Commands;
using ConvAD.Evaluation;
using ConvAD.Tests.Cli;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary>
    /// <c>convad evaluate --methods</c> on ResNet-20 and real CIFAR-10 images: rows per method × mode, method-grouped tables,
    /// determinism, shards and merge, the option's usage errors, and merges of rows written before the method column existed.
    /// </summary>
    public sealed class EvaluateMethodsCliTests
    {
        private static readonly string ResNet20 = RepoPaths.File("models", "cifar10", "resnet20.onnx");

        // Two images, two methods, two modes, everything small: a few seconds.
        private static readonly string[] Small =
        {
            "evaluate", "-m", ResNet20, "--images", RepoPaths.File("data", "cifar10-test"), "--limit", "2", "--modes", "ad,zero", "--iterations", "2",
            "--backgrounds", "3", "--auc-steps", "3", "--top-k", "10,30", "--methods", "rex,occlusion",
        };

        [Fact]
        public void Two_methods_give_a_row_per_method_and_mode_and_tables_grouped_by_method()
        {
            using var scratch = new ScratchDirectory();
            Run(Small.Append("-o").Append(scratch.Path));

            string header = File.ReadLines(scratch.File(EvaluateStore.RowsFile)).First();
            Assert.StartsWith("image_index,image,true_class,method,mode,", header);
            (EvaluationColumns columns, List<EvaluationRow> rows, int unreadable) = EvaluationCsv.Read(scratch.File(EvaluateStore.RowsFile));
            Assert.True(columns.MethodColumn);
            Assert.Equal(0, unreadable);
            Assert.Equal(new[] { "0:rex:ad", "0:rex:zero", "0:occlusion:ad", "0:occlusion:zero", "1:rex:ad", "1:rex:zero", "1:occlusion:ad", "1:occlusion:zero" },
                rows.Select(r => $"{r.ImageIndex}:{r.Method}:{r.Mode}"));

            // Every metric applies to an occlusion map's explanation: sufficient, measured, timed; the window's 226 masks
            // (1 + 15·15 at 32×32) come before the extraction's prefixes.
            Assert.All(rows, r =>
            {
                Assert.True(r.Sufficient, $"{r.Method}/{r.Mode}");
                Assert.InRange(r.Size, 1e-9, 1);
                Assert.Equal(2 * 3, r.TopRobustness.Count);
                Assert.True(r.ExplainMs > 0);
            });
            Assert.All(rows.Where(r => r.Method == "occlusion"), r => Assert.True(r.Mutants > 226, r.Mutants.ToString()));

            // The two methods rank pixels differently, so at least one of their size-controlled scores differs.
            Assert.NotEqual(rows.Where(r => r.Method == "rex").SelectMany(r => r.TopRobustness.Append(r.InsertionAuc)),
                rows.Where(r => r.Method == "occlusion").SelectMany(r => r.TopRobustness.Append(r.InsertionAuc)));

            string summary = File.ReadAllText(scratch.File(EvaluationReport.SummaryFile));
            foreach (string label in new[] { "rex/ad", "rex/zero", "occlusion/ad", "occlusion/zero" })
            {
                Assert.Contains($"| {label} | 2 | ", summary);
            }

            Assert.Contains("- methods: rex, occlusion (occlusion window 4 px, stride 2 px;", summary);
            Assert.Contains("## Methods", summary);
            Assert.Matches(@"\| occlusion \| 4 \| \d+ \| [0-9.]+ \| [0-9.]+ \|", summary);
            Assert.Contains("**rex** (rex/ad against rex's other modes):", summary);
            Assert.Contains("**occlusion** (occlusion/ad against occlusion's other modes):", summary);

            // AD is paired only with its own method's modes: each size-controlled sign-test table has the one other mode.
            Assert.Contains("| occlusion/zero | ", summary);
            Assert.DoesNotContain("vs rex/zero | vs occlusion", summary);
            Assert.Contains("| γ | vs occlusion/zero |", summary);

            using JsonDocument settings = JsonDocument.Parse(File.ReadAllText(scratch.File(EvaluateSettings.FileName)));
            Assert.Equal(new[] { "rex", "occlusion" }, settings.RootElement.GetProperty("methods").EnumerateArray().Select(e => e.GetString()));
            Assert.True(File.Exists(scratch.File(EvaluationReport.SizeRobustnessFile)));
        }

        [Fact]
        public void The_same_settings_give_the_same_rows_and_merged_shards_equal_an_unsharded_run()
        {
            using var scratch = new ScratchDirectory();
            Run(Small.Append("-o").Append(scratch.File("a")));
            Run(Small.Append("-o").Append(scratch.File("b")));
            Assert.Equal(Metrics(scratch.File("a")), Metrics(scratch.File("b")));

            Run(Small.Concat(new[] { "--shard", "1/2", "-o", scratch.File("s1") }));
            Run(Small.Concat(new[] { "--shard", "2/2", "-o", scratch.File("s2") }));
            (int exit, string output, string error) = CliRunner.Run("evaluate", "merge", scratch.File("s2"), scratch.File("s1"), "-o", scratch.File("m"));
            Assert.True(exit == 0, error);
            Assert.Contains("2 image(s), 8 row(s)", output);
            Assert.Equal(Metrics(scratch.File("a")), Metrics(scratch.File("m")));
            Assert.Equal(SummaryWithoutTimings(scratch.File("a")), SummaryWithoutTimings(scratch.File("m")));
        }

        [Fact]
        public void Merge_reads_rows_written_without_a_method_column_as_rex()
        {
            using var scratch = new ScratchDirectory();
            string[] rexOnly = Small.Take(Small.Length - 2).ToArray();
            Run(rexOnly.Concat(new[] { "--shard", "1/2", "-o", scratch.File("s1") }));
            Run(rexOnly.Concat(new[] { "--shard", "2/2", "-o", scratch.File("s2") }));

            // A rex-only run writes the files of a run before methods existed: no method column, no methods setting.
            Assert.StartsWith("image_index,image,true_class,mode,", File.ReadLines(Path.Combine(scratch.File("s1"), EvaluateStore.RowsFile)).First());
            Assert.DoesNotContain("\"methods\"", File.ReadAllText(Path.Combine(scratch.File("s1"), EvaluateSettings.FileName)));

            (int exit, _, string error) = CliRunner.Run("evaluate", "merge", scratch.File("s1"), scratch.File("s2"), "-o", scratch.File("m"));
            Assert.True(exit == 0, error);
            List<EvaluationRow> rows = EvaluationCsv.Read(Path.Combine(scratch.File("m"), EvaluateStore.RowsFile)).Rows;
            Assert.Equal(4, rows.Count);
            Assert.All(rows, r => Assert.Equal("rex", r.Method));
            string summary = File.ReadAllText(Path.Combine(scratch.File("m"), EvaluationReport.SummaryFile));
            Assert.Contains("| ad | 2 | ", summary);
            Assert.DoesNotContain("rex/", summary);
            Assert.DoesNotContain("## Methods", summary);

            // The rex rows of a methods run are the rex-only run's rows (same seed, same search).
            using var both = new ScratchDirectory();
            Run(Small.Append("-o").Append(both.Path));
            Assert.Equal(rows.Select(r => EvaluationCsv.FormatWithoutTimings(r)),
                EvaluationCsv.Read(both.File(EvaluateStore.RowsFile)).Rows.Where(r => r.Method == "rex").Select(r => EvaluationCsv.FormatWithoutTimings(r)));
        }

        [Fact]
        public void Resuming_with_other_methods_is_refused()
        {
            using var scratch = new ScratchDirectory();
            Run(Small.Append("-o").Append(scratch.Path));
            (int exit, _, string error) = CliRunner.Run(Small.Take(Small.Length - 1).Concat(new[] { "rex,rise", "-o", scratch.Path }).ToArray());
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("other settings (methods", error);
        }

        [Theory]
        [InlineData("--methods", "", "--methods is empty")]
        [InlineData("--methods", "rex,lime", "--methods: 'lime' is not a method")]
        [InlineData("--methods", "rise,rise", "--methods names a method twice")]
        [InlineData("--rise-masks", "100", "--rise-masks applies to rise, which --methods does not list")]
        [InlineData("--window", "3", "--window applies to occlusion, which --methods does not list")]
        public void Invalid_method_options_fail_with_one_line(string option, string value, string expected)
        {
            (int exit, _, string error) = CliRunner.Run("evaluate", "-m", ResNet20, "--images", RepoPaths.File("data", "cifar10-test"), option, value,
                "-o", Path.GetTempPath());
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.StartsWith("convad: " + expected, error);
            Assert.Single(error.TrimEnd().Split('\n'));
        }

        [Fact]
        public void A_method_setting_out_of_range_is_a_usage_error()
        {
            (int exit, _, string error) = CliRunner.Run("evaluate", "-m", ResNet20, "--images", RepoPaths.File("data", "cifar10-test"), "--methods", "rex,rise",
                "--rise-masks", "0", "-o", Path.GetTempPath());
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("--method rise: RISE needs at least 1 mask", error);
        }

        private static void Run(IEnumerable<string> args)
        {
            (int exit, _, string error) = CliRunner.Run(args.ToArray());
            Assert.True(exit == 0, error);
        }

        private static string[] Metrics(string folder)
        {
            (EvaluationColumns columns, List<EvaluationRow> rows, _) = EvaluationCsv.Read(Path.Combine(folder, EvaluateStore.RowsFile));
            return rows.Select(r => EvaluationCsv.FormatWithoutTimings(r, columns.MethodColumn)).ToArray();
        }

        // The per-mode table ends in mutants and s/image, the methods table in two wall times: drop the timed cells.
        private static string[] SummaryWithoutTimings(string folder) =>
            File.ReadAllLines(Path.Combine(folder, EvaluationReport.SummaryFile))
                .Select(l => l.StartsWith("| ", StringComparison.Ordinal) && (l.Count(c => c == '|') > 10 || l.Count(c => c == '|') == 6)
                    ? string.Join("|", l.Split('|').SkipLast(3))
                    : l)
                .ToArray();
    }
}
