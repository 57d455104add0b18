using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Classification;
using ConvAD.Cli;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Rendering;
using ConvAD.Tests.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>
    /// <c>convad explain --compare --methods …</c> (and <c>--method M --compare</c>): one row per method, one column per mode,
    /// each cell the sufficient explanation that method gives alone under that mode; a sheet of rex alone as it always was.
    /// </summary>
    public sealed class ExplainCompareMethodsCliTests
    {
        private static readonly string ResNet = RepoPaths.File("models", "cifar10", "resnet20.onnx");
        private static readonly string Cat = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        // The grid sheet's layout at CIFAR's 32 px (pictures enlarged 8 times): 10 px gaps, 24 px text lines
        // (ComparisonSheet: a title line and a line of perturbations, then per row two pictures and two caption lines).
        private const int Side = 256, Top = 24 + 10 + 24, RowHeight = 2 * Side + 10 + 5 + 2 * 24 + 10;

        private static readonly string[] Small = { "--rise-masks", "200", "--shap-samples", "128", "--iterations", "2", "--seed", "3" };

        [Fact]
        public void Every_method_gets_a_row_of_every_mode_and_each_cell_is_the_method_alone_under_that_mode()
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "-m", ResNet, "--compare", "--methods", "rex,occlusion,rise,kernelshap",
                "--out", scratch.Path, "--json" }.Concat(Small).ToArray());

            Assert.True(code == ExitCodes.Ok, stderr);
            JsonElement root = CliRunner.Json(stdout);
            Assert.Equal("rex", root.GetProperty("method").GetString());
            JsonElement[] entries = root.GetProperty("comparison").EnumerateArray().ToArray();
            string[] methods = { "rex", "occlusion", "rise", "kernelshap" };
            Perturbation[] modes = Perturbation.All();
            Assert.Equal(methods.Length * modes.Length, entries.Length);

            using ImageClassifier classifier = ImageClassifier.Load(ResNet, new EngineOptions());
            using Image<Rgb24> image = classifier.LoadImage(Cat);
            using Image<Rgb24> fitted = classifier.Fit(image);
            var input = new float[classifier.InputShape.Length];
            classifier.WriteInput(fitted, input);
            // What `explain --method M --mode X` uses alone: the search's options, and each method's with the same seed and batch.
            Explainer explainer = classifier.CreateExplainer(new ExplainerOptions { Iterations = 2, Seed = 3, BatchSize = 64 });
            AttributionOptions?[] options =
            {
                null, new OcclusionOptions { Seed = 3 }, new RiseOptions { Masks = 200, Seed = 3 }, new KernelShapOptions { Samples = 128, Seed = 3 },
            };

            using Image<Rgb24> sheet = Image.Load<Rgb24>(root.GetProperty("files").GetProperty("comparison").GetString()!);
            Assert.Equal(10 + (modes.Length + 1) * (Side + 10), sheet.Width);
            Assert.Equal(Top + methods.Length * RowHeight, sheet.Height);
            for (int m = 0; m < methods.Length; m++)
            {
                for (int c = 0; c < modes.Length; c++)
                {
                    JsonElement entry = entries[m * modes.Length + c];
                    Assert.Equal(methods[m], entry.GetProperty("method").GetString());
                    Assert.Equal(modes[c].MaskingValue?.ToString().ToLowerInvariant() ?? "none", entry.GetProperty("maskValue").GetString());
                    ExplanationResult alone = options[m] is AttributionOptions method ? explainer.ExplainWith(input, modes[c], method) : explainer.Explain(input, modes[c]);
                    JsonElement explanation = entry.GetProperty("explanation");
                    Assert.Equal(alone.Explanation.Area, explanation.GetProperty("area").GetInt32());
                    Assert.Equal(alone.Explanation.Confidence, explanation.GetProperty("confidence").GetSingle());

                    // The cell shows exactly that explanation (its overlay) and that method's map (its heatmap).
                    int x = 10 + (c + 1) * (Side + 10), y = Top + m * RowHeight;
                    using Image<Rgb24> overlay = ExplanationPictures.Overlay(fitted, alone.Explanation);
                    Assert.True(Pixels(overlay).SequenceEqual(Pixels(sheet, x, y)), $"{methods[m]} under {modes[c]}: overlay");
                    using Image<Rgb24> heatmap = ExplanationPictures.HeatmapTile(fitted, alone.Responsibility, ColorMap.Viridis, 0.6f).ToImage();
                    Assert.True(Pixels(heatmap).SequenceEqual(Pixels(sheet, x, y + Side + 5)), $"{methods[m]} under {modes[c]}: map");
                }
            }

            // A sheet of four methods that agreed everywhere would pass the loop too: they do not.
            Assert.True(entries.Select(e => e.GetProperty("explanation").GetProperty("area").GetInt32()).Distinct().Count() > 4);
        }

        [Theory]
        [InlineData("rex", "occlusion", "blur")]
        [InlineData("occlusion", "occlusion", "random")]
        [InlineData("rise", "ad", null)]
        [InlineData("kernelshap", "layer-masking", null)]
        public void A_cell_matches_the_files_of_explain_with_that_method_and_mode_alone(string method, string mode, string? maskValue)
        {
            using var scratch = new ScratchDirectory();
            string grid = Path.Combine(scratch.Path, "grid"), alone = Path.Combine(scratch.Path, "alone");
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "-m", ResNet, "--compare", "--methods", "kernelshap,rex,rise,occlusion",
                "--out", grid, "--json" }.Concat(Small).ToArray());
            Assert.True(code == ExitCodes.Ok, stderr);
            string[] single = { "explain", Cat, "-m", ResNet, "--method", method, "--mode", mode, "--out", alone, "--json" };
            single = single.Concat(maskValue == null ? Array.Empty<string>() : new[] { "--mask-value", maskValue })
                .Concat(Small.Where((_, i) => Owns(method, Small[i - i % 2]))).ToArray();
            (code, _, stderr) = CliRunner.Run(single);
            Assert.True(code == ExitCodes.Ok, stderr);

            string[] rows = { "kernelshap", "rex", "rise", "occlusion" };
            int m = Array.IndexOf(rows, method), c = Array.FindIndex(Perturbation.All(), p => p.Name == (maskValue ?? mode));
            int x = 10 + (c + 1) * (Side + 10), y = Top + m * RowHeight;
            using Image<Rgb24> sheet = Image.Load<Rgb24>(CliRunner.Json(stdout).GetProperty("files").GetProperty("comparison").GetString()!);
            using Image<Rgb24> fitted = Fitted();
            if (method == "rex")
            {
                // rex alone writes its overlay: the very picture in the cell.
                using Image<Rgb24> overlay = Image.Load<Rgb24>(Path.Combine(alone, "0000.overlay.png"));
                Assert.True(Pixels(overlay).SequenceEqual(Pixels(sheet, x, y)));
                return;
            }

            // An attribution method alone writes its map: the cell's heatmap is that map's.
            float[] map = ReadNpy(Path.Combine(alone, $"0000.{method}.attribution.npy"), 32 * 32);
            using Image<Rgb24> heatmap = ExplanationPictures.HeatmapTile(fitted, new ResponsibilityMap(32, 32, map), ColorMap.Viridis, 0.6f).ToImage();
            Assert.True(Pixels(heatmap).SequenceEqual(Pixels(sheet, x, y + Side + 5)));
        }

        [Fact]
        public void Method_with_compare_gives_a_one_row_sheet_of_that_method_and_its_explanation_files()
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "-m", ResNet, "--method", "rise", "--compare", "--mode", "occlusion",
                "--mask-value", "mean", "--out", scratch.Path, "--json" }.Concat(Small.Where((_, i) => Owns("rise", Small[i - i % 2]))).ToArray());

            Assert.True(code == ExitCodes.Ok, stderr);
            JsonElement root = CliRunner.Json(stdout);
            Assert.Equal("rise", root.GetProperty("method").GetString());
            Assert.Equal("mean", root.GetProperty("maskValue").GetString());
            JsonElement[] entries = root.GetProperty("comparison").EnumerateArray().ToArray();
            Assert.Equal(8, entries.Length);
            Assert.All(entries, e => Assert.Equal("rise", e.GetProperty("method").GetString()));
            // The run's own explanation is the sheet's mean cell (reused, not explained twice).
            JsonElement mean = entries.Single(e => e.GetProperty("maskValue").GetString() == "mean");
            Assert.Equal(root.GetProperty("explanation").GetRawText(), mean.GetProperty("explanation").GetRawText());
            using Image<Rgb24> sheet = Image.Load<Rgb24>(root.GetProperty("files").GetProperty("comparison").GetString()!);
            Assert.Equal(Top + RowHeight, sheet.Height);
            foreach (string key in new[] { "heatmap", "overlay", "mask", "responsibility" })
            {
                Assert.True(File.Exists(root.GetProperty("files").GetProperty(key).GetString()), key);
            }
        }

        [Fact]
        public void A_sheet_of_rex_alone_is_the_same_however_it_is_asked_for_and_the_same_on_every_run()
        {
            using var scratch = new ScratchDirectory();
            var sheets = new List<byte[]>();
            foreach (string[] ask in new[] { Array.Empty<string>(), new[] { "--methods", "rex" }, new[] { "--method", "rex" }, Array.Empty<string>() })
            {
                string output = Path.Combine(scratch.Path, sheets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                (int code, _, string stderr) = CliRunner.Run(new[] { "explain", Cat, "-m", ResNet, "--compare", "--iterations", "1", "--out", output }.Concat(ask).ToArray());
                Assert.True(code == ExitCodes.Ok, stderr);
                sheets.Add(File.ReadAllBytes(Path.Combine(output, "0000.compare.png")));
            }

            Assert.All(sheets, s => Assert.Equal(sheets[0], s));
            // And it is ComparisonSheet's row of explanations, the drawing it always had: the original, then one column per mode.
            using ImageClassifier classifier = ImageClassifier.Load(ResNet, new EngineOptions());
            var input = new float[classifier.InputShape.Length];
            using Image<Rgb24> fitted = Fitted();
            classifier.WriteInput(fitted, input);
            Explainer explainer = classifier.CreateExplainer(new ExplainerOptions { Iterations = 1 });
            ExplanationResult[] row = Perturbation.All().Select(p => explainer.Explain(input, p)).ToArray();
            string direct = Path.Combine(scratch.Path, "direct.png");
            ComparisonSheet.Write(direct, fitted, row);
            Assert.Equal(File.ReadAllBytes(direct), sheets[0]);
        }

        [Fact]
        public void The_grid_is_the_same_on_every_run()
        {
            using var scratch = new ScratchDirectory();
            var sheets = new List<byte[]>();
            for (int run = 0; run < 2; run++)
            {
                string output = Path.Combine(scratch.Path, run.ToString(System.Globalization.CultureInfo.InvariantCulture));
                (int code, _, string stderr) = CliRunner.Run(new[] { "explain", Cat, "-m", ResNet, "--compare", "--methods", "occlusion,rise", "--batch", run == 0 ? "64" : "7",
                    "--out", output }.Concat(Small.Take(2)).Concat(Small.Skip(4)).ToArray());
                Assert.True(code == ExitCodes.Ok, stderr);
                sheets.Add(File.ReadAllBytes(Path.Combine(output, "0000.compare.png")));
            }

            Assert.Equal(sheets[0], sheets[1]);
        }

        [Theory]
        [InlineData("--methods", "rex,rise")]
        [InlineData("--compare", "--method", "rise", "--methods", "rex,rise")]
        [InlineData("--compare", "--methods", "rex,lime")]
        [InlineData("--compare", "--methods", "rise,rise")]
        [InlineData("--compare", "--methods", "")]
        [InlineData("--compare", "--methods", "rex,occlusion", "--rise-masks", "10")]
        [InlineData("--compare", "--methods", "rex,rise", "--bench")]
        [InlineData("--compare", "--method", "rise", "--bench")]
        [InlineData("--compare", "--bench")]
        [InlineData("--report", "--bench")]
        [InlineData("--compare", "--methods", "rex,rise", "--multiple", "2")]
        [InlineData("--method", "rise", "--report")]
        public void Nonsensical_combinations_are_usage_errors(params string[] args)
        {
            using var scratch = new ScratchDirectory();
            (int code, string stdout, string stderr) = CliRunner.Run(new[] { "explain", Cat, "--model", ResNet, "--out", scratch.Path }.Concat(args).ToArray());

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal("", stdout);
            Assert.StartsWith("convad: ", stderr);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Empty(Directory.GetFiles(scratch.Path));
        }

        /// <summary>Whether a method's run takes the option (the search's options are rex's; the methods' own are theirs).</summary>
        private static bool Owns(string method, string option) => option switch
        {
            "--rise-masks" => method == "rise",
            "--shap-samples" => method == "kernelshap",
            "--iterations" => method == "rex",
            _ => true,
        };

        private static Image<Rgb24> Fitted()
        {
            using ImageClassifier classifier = ImageClassifier.Load(ResNet, new EngineOptions());
            using Image<Rgb24> image = classifier.LoadImage(Cat);
            return classifier.Fit(image);
        }

        private static Rgb24[] Pixels(Image<Rgb24> picture)
        {
            var pixels = new Rgb24[picture.Width * picture.Height];
            picture.CopyPixelDataTo(pixels);
            return pixels;
        }

        private static Rgb24[] Pixels(Image<Rgb24> sheet, int x, int y)
        {
            using Image<Rgb24> cell = sheet.Clone(ctx => ctx.Crop(new Rectangle(x, y, Side, Side)));
            return Pixels(cell);
        }

        private static float[] ReadNpy(string path, int count)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var values = new float[count];
            Buffer.BlockCopy(bytes, bytes.Length - 4 * count, values, 0, 4 * count);
            return values;
        }
    }
}
