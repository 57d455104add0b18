using System;
using System.IO;
using System.Linq;
using ConvAD.Cli;
using ConvAD.Cli.Commands;
using ConvAD.Evaluation;
using ConvAD.Tests.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    /// <summary><c>convad evaluate</c> end to end on real models and data: the files it writes, shards and merge, resuming, errors.</summary>
    public sealed class EvaluateCliTests
    {
        private static readonly string Mnist = RepoPaths.File("models", "mnist", "mnist-8.onnx");
        private static readonly string ResNet20 = RepoPaths.File("models", "cifar10", "resnet20.onnx");

        [Fact]
        public void Quick_run_on_mnist_writes_csv_summary_and_plots_for_every_mode()
        {
            using var scratch = new ScratchDirectory();
            (int exit, string output, string error) = CliRunner.Run("evaluate", "--quick", "-m", Mnist, "--mnist", "-o", scratch.Path);
            Assert.True(exit == 0, error);
            Assert.Contains("[3/3] mnist:00002", output);

            (EvaluationColumns columns, var rows, int unreadable) = EvaluationCsv.Read(scratch.File(EvaluateStore.RowsFile));
            Assert.Equal(new[] { 0, 0.25, 0.5 }, columns.Gammas);
            Assert.Equal(new[] { 0, 0.25, 0.5 }, columns.AbsoluteGammas);
            Assert.Equal(new[] { "blobs", "gradient", "tiles" }, columns.Kinds);
            Assert.Equal(new[] { 5.0, 10, 20, 30, 50 }, columns.TopPercents);
            Assert.Contains("r_g0.5_tiles", File.ReadLines(scratch.File(EvaluateStore.RowsFile)).First().Split(','));
            Assert.Contains("r_top10_g0.25", File.ReadLines(scratch.File(EvaluateStore.RowsFile)).First().Split(','));
            Assert.Contains("r_abs0.5", File.ReadLines(scratch.File(EvaluateStore.RowsFile)).First().Split(','));
            Assert.Equal(0, unreadable);
            Assert.Equal(3 * EvaluateCommand.AllModes.Split(',').Length, rows.Count);
            Assert.Contains(rows, r => r.Mode == "layer-masking");
            Assert.Equal(Enumerable.Range(0, 3).SelectMany(i => EvaluateCommand.AllModes.Split(',').Select(m => $"{i}:{m}")),
                rows.Select(r => $"{r.ImageIndex}:{r.Mode}"));
            Assert.All(rows, r =>
            {
                Assert.NotNull(r.Correct);
                Assert.InRange(r.Robustness[0], 0, 1);
                Assert.True(r.Robustness[0] >= r.Robustness[2], "r(E) cannot grow with γ");
                Assert.Equal(3, r.AbsoluteRobustness.Count);
                Assert.Equal(r.Robustness[0], r.AbsoluteRobustness[0]);
                Assert.True(r.AbsoluteRobustness[0] >= r.AbsoluteRobustness[2], "r(E) cannot grow with the absolute threshold");
                Assert.Equal(3 * 3, r.KindRobustness.Count);

                // Two backgrounds of each kind: the overall r is the mean of the per-kind r.
                Assert.Equal(r.Robustness[1], (r.KindRobustness[1] + r.KindRobustness[4] + r.KindRobustness[7]) / 3, 12);
                Assert.Equal(5 * 3, r.TopRobustness.Count);
                Assert.All(r.TopRobustness, x => Assert.InRange(x, 0, 1));
                if (r.Sufficient)
                {
                    Assert.InRange(r.Size, 1e-9, 1);
                }
                else
                {
                    // Blur keeps a digit's shape: the wholly blurred image can still be the digit, and then no region explains it.
                    Assert.Equal(ConvAD.Explanation.Sufficiency.TargetWinsWithNothingPresent, r.Sufficiency);
                    Assert.Equal(0, r.Size);
                }
            });
            Assert.All(rows.Where(r => r.Mode == "ad"), r => Assert.True(r.Sufficient));
            Assert.All(rows.Where(r => r.Mode == "ad"), r => Assert.Equal("0.5", r.Threshold));
            Assert.All(rows.Where(r => r.Mode == "layer-masking"), r => Assert.Equal("", r.Threshold)); // its mask rule is fixed, not AD's τ

            string summary = File.ReadAllText(scratch.File(EvaluationReport.SummaryFile));
            foreach (string mode in EvaluateCommand.AllModes.Split(','))
            {
                Assert.Contains($"| {mode} | 3 | ", summary);
            }

            Assert.Contains("## Size-controlled robustness", summary);
            Assert.Contains("## Absolute confidence thresholds", summary);
            Assert.Contains("## r(E) per background kind", summary);
            Assert.Contains("no mode is scored on backgrounds from its own masking value's generator", summary);
            foreach (string png in new[] { EvaluationReport.RobustnessFile, EvaluationReport.SizeFile, EvaluationReport.ConfidenceFile, EvaluationReport.SizeRobustnessFile })
            {
                using Image<Rgb24> image = Image.Load<Rgb24>(scratch.File(png));
                Assert.True(image.Width > 300, png);
            }
        }

        [Fact]
        public void Merged_shards_equal_an_unsharded_run()
        {
            using var scratch = new ScratchDirectory();
            string[] common = { "evaluate", "-m", ResNet20, "--images", RepoPaths.File("data", "cifar10-test"), "--limit", "5", "--modes", "ad,noise",
                "--iterations", "1", "--backgrounds", "4", "--auc-steps", "3", "--seed", "3" };
            Run(common.Append("-o").Append(scratch.File("whole")));
            Run(common.Concat(new[] { "--shard", "1/2", "-o", scratch.File("s1") }));
            Run(common.Concat(new[] { "--shard", "2/2", "-o", scratch.File("s2") }));
            (int exit, string output, string error) = CliRunner.Run("evaluate", "merge", scratch.File("s2"), scratch.File("s1"), "-o", scratch.File("merged"));
            Assert.True(exit == 0, error);
            Assert.Contains("5 image(s), 10 row(s)", output);

            Assert.Equal(Metrics(scratch.File("whole")), Metrics(scratch.File("merged")));
            Assert.Equal(3, EvaluationCsv.Read(Path.Combine(scratch.File("s1"), EvaluateStore.RowsFile)).Rows.Count / 2);

            // The summaries agree too, apart from the timing column.
            Assert.Equal(WithoutTimings(scratch.File("whole")), WithoutTimings(scratch.File("merged")));

            // Class folders give the true class: the first five interleaved images are airplane, automobile, bird, cat, deer.
            var rows = EvaluationCsv.Read(Path.Combine(scratch.File("merged"), EvaluateStore.RowsFile)).Rows;
            Assert.Equal(new int?[] { 0, 1, 2, 3, 4 }, rows.Where(r => r.Mode == "ad").Select(r => r.TrueClass));
            Assert.Equal("airplane/0000.jpg", rows[0].Image);
        }

        /// <summary>--max-batch-mb bounds the engine, the explainer and the scorer alike; batches of a few images change no row.</summary>
        [Fact]
        public void A_small_batch_memory_budget_gives_the_same_rows()
        {
            using var scratch = new ScratchDirectory();
            string[] common = { "evaluate", "-m", ResNet20, "--images", RepoPaths.File("data", "cifar10-test"), "--limit", "2", "--modes", "ad,zero",
                "--iterations", "1", "--backgrounds", "4", "--auc-steps", "3", "--seed", "3" };
            Run(common.Append("-o").Append(scratch.File("wide")));
            Run(common.Concat(new[] { "--max-batch-mb", "1", "-o", scratch.File("tight") }));
            // Every measured column agrees; the mutant count may not (the explainer's batch of 63 instead of 64 evaluates
            // another set of extraction prefixes at once), nor may the timings: the rows' last four columns.
            string[] Measured(string folder) => File.ReadAllLines(Path.Combine(folder, EvaluateStore.RowsFile)).Select(l => WithoutLastColumns(l, 4)).ToArray();
            Assert.Equal(Measured(scratch.File("wide")), Measured(scratch.File("tight")));
            Assert.Equal(5, Measured(scratch.File("wide")).Length);
            Assert.EndsWith(",mutants,engine_calls,explain_ms,metrics_ms", File.ReadLines(Path.Combine(scratch.File("wide"), EvaluateStore.RowsFile)).First());
        }

        [Fact]
        public void Merge_refuses_shards_of_different_evaluations()
        {
            using var scratch = new ScratchDirectory();
            string[] common = { "evaluate", "-m", Mnist, "--mnist", "--limit", "2", "--modes", "ad", "--iterations", "1", "--backgrounds", "3", "--auc-steps", "2" };
            Run(common.Concat(new[] { "--shard", "1/2", "-o", scratch.File("a") }));
            Run(common.Concat(new[] { "--shard", "2/2", "--seed", "9", "-o", scratch.File("b") }));
            (int exit, _, string error) = CliRunner.Run("evaluate", "merge", scratch.File("a"), scratch.File("b"), "-o", scratch.File("m"));
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("seed", error);
        }

        [Fact]
        public void An_interrupted_run_resumes_without_redoing_finished_images()
        {
            using var scratch = new ScratchDirectory();
            string[] args = { "evaluate", "-m", Mnist, "--mnist", "--limit", "4", "--modes", "ad,zero", "--iterations", "2", "--backgrounds", "4",
                "--auc-steps", "4", "-o", scratch.Path };
            Run(args);
            string csv = scratch.File(EvaluateStore.RowsFile);
            string[] complete = File.ReadAllLines(csv);
            Assert.Equal(1 + 4 * 2, complete.Length);

            // Interrupt it: the last image lost both rows, the third lost one, and a write was cut short mid-line. The done-list
            // still names all four images, as it would if the CSV had been damaged after the fact.
            File.WriteAllLines(csv, complete.Take(complete.Length - 3));
            File.AppendAllText(csv, complete[^1][..20]);
            (int exit, string output, string error) = CliRunner.Run(args);
            Assert.True(exit == 0, error);
            Assert.Contains("2 of 4 image(s) already done", output);
            Assert.DoesNotContain("mnist:00000", output);
            Assert.Contains("[4/4] mnist:00003", output);

            string[] resumed = File.ReadAllLines(csv);
            Assert.Equal(complete.Take(5), resumed.Take(5));
            Assert.Equal(complete.Select(StripTimings), resumed.Select(StripTimings));
            Assert.Equal(4, File.ReadAllLines(scratch.File(EvaluateStore.DoneFile)).Length);

            // A finished run resumed again does nothing.
            (_, string again, _) = CliRunner.Run(args);
            Assert.Contains("4 of 4 image(s) already done", again);
            Assert.Equal(resumed, File.ReadAllLines(csv));
        }

        [Fact]
        public void An_AD_variant_is_named_in_the_summary_and_a_folder_of_another_variant_is_refused()
        {
            using var scratch = new ScratchDirectory();
            string[] args = { "evaluate", "-m", ResNet20, "--images", RepoPaths.File("data", "cifar10-test"), "--limit", "1", "--modes", "ad",
                "--iterations", "1", "--backgrounds", "3", "--auc-steps", "2", "--stem-fill", "neighbours", "--global-mean", "plain", "-o", scratch.Path };
            (int exit, _, string error) = CliRunner.Run(args);
            Assert.True(exit == 0, error);
            Assert.Contains("AD variant: stem fill neighbours, global mean plain", File.ReadAllText(scratch.File(EvaluationReport.SummaryFile)));

            (exit, _, error) = CliRunner.Run(args.Take(args.Length - 6).Concat(new[] { "--global-mean", "plain", "-o", scratch.Path }).ToArray());
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("stem-fill", error);
        }

        [Fact]
        public void Resuming_with_other_settings_is_refused()
        {
            using var scratch = new ScratchDirectory();
            string[] args = { "evaluate", "-m", Mnist, "--mnist", "--limit", "1", "--modes", "zero", "--iterations", "1", "--backgrounds", "3", "-o", scratch.Path };
            Run(args);
            (int exit, _, string error) = CliRunner.Run(args.Append("--seed").Append("5").ToArray());
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("other settings (seed)", error);
        }

        [Theory]
        [InlineData("--modes", "ad,grey", "--modes")]
        [InlineData("--gamma", "0,2", "--gamma")]
        [InlineData("--shard", "3/2", "--shard")]
        [InlineData("--backgrounds", "0", "--backgrounds")]
        [InlineData("--backgrounds", "2", "--backgrounds")]
        [InlineData("--backgrounds-kind", "plaid", "--backgrounds-kind")]
        [InlineData("--gamma-abs", "1.5", "--gamma-abs")]
        [InlineData("--top-k", "0", "--top-k")]
        [InlineData("--stem-fill", "mean", "--stem-fill")]
        [InlineData("--global-mean", "median", "--global-mean")]
        public void Invalid_options_fail_with_one_line(string option, string value, string expected)
        {
            (int exit, _, string error) = CliRunner.Run("evaluate", "-m", Mnist, "--mnist", option, value, "-o", Path.GetTempPath());
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.StartsWith("convad: " + expected, error);
        }

        [Fact]
        public void Legacy_backgrounds_warn_of_the_home_advantage_and_a_folder_of_an_earlier_protocol_is_refused()
        {
            using var scratch = new ScratchDirectory();
            string[] args = { "evaluate", "-m", Mnist, "--mnist", "--limit", "1", "--modes", "ad,noise", "--iterations", "1", "--backgrounds", "4",
                "--backgrounds-kind", "legacy,tiles", "--top-k", "10", "--gamma-abs", "0.5", "--auc-steps", "2", "-o", scratch.Path };
            (int exit, string output, string error) = CliRunner.Run(args);
            Assert.True(exit == 0, error);
            Assert.Contains("warning: noise is scored on uniform backgrounds", output);
            string[] header = File.ReadLines(scratch.File(EvaluateStore.RowsFile)).First().Split(',');
            Assert.Contains("r_g0.25_solid", header);
            Assert.Contains("r_top10_g0.5", header);
            Assert.Contains("**home advantage**", File.ReadAllText(scratch.File(EvaluationReport.SummaryFile)));

            // Rows of the previous protocol: no kinds in the settings, only r_g columns in the CSV.
            string json = File.ReadAllText(scratch.File(EvaluateSettings.FileName));
            File.WriteAllText(scratch.File(EvaluateSettings.FileName), System.Text.RegularExpressions.Regex.Replace(json, "\"backgroundKinds\":\\s*\\[[^\\]]*\\]",
                "\"backgroundKinds\": []", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
            (exit, _, error) = CliRunner.Run(args);
            Assert.Equal(3, exit);
            Assert.Contains("earlier protocol", error);
            (exit, _, error) = CliRunner.Run("evaluate", "merge", scratch.Path, "-o", scratch.File("m"));
            Assert.Equal(3, exit);
            Assert.Contains("earlier protocol", error);
        }

        [Fact]
        public void Images_and_mnist_are_exclusive()
        {
            (int exit, _, string error) = CliRunner.Run("evaluate", "-m", Mnist, "--mnist", "--images", RepoPaths.File("data", "photos"));
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("exactly one of --images DIR and --mnist", error);
        }

        [Fact]
        public void A_folder_of_class_folders_is_interleaved_and_labelled()
        {
            using var scratch = new ScratchDirectory();
            foreach (string f in new[] { "cat/1.png", "cat/2.png", "dog/1.png", "other/x.png", "top.png" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(scratch.File(f))!);
                File.WriteAllBytes(scratch.File(f), Array.Empty<byte>());
            }

            var (name, items) = EvaluateDataset.FromFolder(scratch.Path, new[] { "dog", "cat" }, _ => throw new InvalidOperationException(), limit: null);
            Assert.StartsWith("images:", name);
            Assert.Equal(new[] { "top.png", "cat/1.png", "dog/1.png", "other/x.png", "cat/2.png" }, items.Select(i => i.Id));
            Assert.Equal(new int?[] { null, 1, 0, null, 1 }, items.Select(i => i.TrueClass));
            Assert.Equal(3, EvaluateDataset.FromFolder(scratch.Path, null, _ => throw new InvalidOperationException(), limit: 3).Items.Count);
        }

        private static void Run(params string[] args) => Run((System.Collections.Generic.IEnumerable<string>)args);

        private static void Run(System.Collections.Generic.IEnumerable<string> args)
        {
            (int exit, _, string error) = CliRunner.Run(args.ToArray());
            Assert.True(exit == 0, error);
        }

        private static string[] Metrics(string folder) =>
            EvaluationCsv.Read(Path.Combine(folder, EvaluateStore.RowsFile)).Rows.Select(EvaluationCsv.FormatWithoutTimings).ToArray();

        private static string[] WithoutTimings(string folder) =>
            File.ReadAllLines(Path.Combine(folder, EvaluationReport.SummaryFile))
                .Select(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Count(c => c == '|') > 10 ? string.Join("|", l.Split('|').SkipLast(2)) : l)
                .ToArray();

        private static string StripTimings(string line) => WithoutLastColumns(line, 2);

        /// <summary>A rows.csv line without its last <paramref name="count"/> columns (the timings are the last two).</summary>
        private static string WithoutLastColumns(string line, int count) => string.Join(",", line.Split(',').SkipLast(count));
    }
}
