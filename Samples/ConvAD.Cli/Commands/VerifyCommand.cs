using System.CommandLine;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Verification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary><c>convad verify MODEL</c>: checks the ConvAD invariants on real images (or random ones).</summary>
    public static class VerifyCommand
    {
        private static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga" };

        public static Command Create(CliConsole console)
        {
            var model = new Argument<string>("MODEL") { Description = "ONNX model or .convad.json description" };
            var images = new Option<string?>("--images") { Description = "Folder of images to test with (searched recursively); random images otherwise" };
            var limit = new Option<int>("--limit") { Description = "Images taken from --images", DefaultValueFactory = _ => 4 };
            var masks = new Option<int>("--masks") { Description = "Masks tried for the no-leak check (the first 7 are the edge cases)", DefaultValueFactory = _ => 24 };
            var seed = new Option<int>("--seed") { Description = "Seed for masks and noise", DefaultValueFactory = _ => 1 };
            var threshold = CommonOptions.Threshold();
            var json = CommonOptions.Json();
            var command = new Command("verify", "Check ConvAD's invariants: identity, no leak, batch independence")
            {
                model, images, limit, masks, seed, threshold, json,
            };
            command.SetAction(parse => console.Guard(() => Run(console, parse.GetValue(model)!, parse.GetValue(images), parse.GetValue(limit),
                parse.GetValue(masks), parse.GetValue(seed), parse.GetValue(threshold)!, parse.GetValue(json))));
            return command;
        }

        private static int Run(CliConsole console, string modelPath, string? imageFolder, int limit, int maskCount, int seed, string threshold, bool json)
        {
            if (maskCount < 1 || limit < 1)
            {
                throw new CliUsageException("--masks and --limit must be at least 1");
            }

            EngineOptions options = CommonOptions.Engine(threshold, 0);
            using ImageClassifier classifier = ImageClassifier.Load(modelPath, options);
            if (!classifier.Model.Plan.IsSupported)
            {
                var reason = classifier.Model.Plan.Unsupported!;
                if (json)
                {
                    console.WriteJson(new { model = modelPath, supported = false, node = reason.Node, op = reason.Op, reason = reason.Reason, pass = false });
                }
                else
                {
                    console.Error.WriteLine($"convad: unsupported model: {reason}");
                }

                return ExitCodes.Unsupported;
            }

            float[] inputs = imageFolder != null ? RealImages(classifier, imageFolder, limit) : RandomImages(classifier, 2, seed);
            InvariantReport r = InvariantChecker.Check(classifier.Model, inputs, maskCount, seed);
            if (json)
            {
                console.WriteJson(new
                {
                    model = modelPath,
                    supported = true,
                    threshold = options.Plan.Threshold.ToString(),
                    images = r.Images,
                    realImages = imageFolder != null,
                    identity = new { maxAbsDiff = r.IdentityMaxAbsDiff, tolerance = r.IdentityTolerance, argmaxSame = r.IdentityArgmaxSame, pass = r.IdentityPass },
                    noLeak = new { masks = r.NoLeakMasks, informativeMasks = r.NoLeakInformativeMasks, maxAbsDiff = r.NoLeakMaxAbsDiff, worstMask = r.NoLeakWorstMask, pass = r.NoLeakPass },
                    batch = new { maxAbsDiff = r.BatchMaxAbsDiff, pass = r.BatchPass },
                    finite = r.AllFinite,
                    pass = r.Pass,
                });
            }
            else
            {
                TextWriter o = console.Out;
                o.WriteLine($"{Path.GetFileName(modelPath)}: {r.Images} {(imageFolder != null ? "real" : "random")} image(s), τ = {options.Plan.Threshold}");
                o.WriteLine($"  identity   max |Δ| {r.IdentityMaxAbsDiff:g4} (tolerance {r.IdentityTolerance:g3}, argmax same: {r.IdentityArgmaxSame})  {Verdict(r.IdentityPass)}");
                o.WriteLine($"  no leak    max |Δ| {r.NoLeakMaxAbsDiff:g4} over {r.NoLeakMasks} masks, {r.NoLeakInformativeMasks} reaching the head{(r.NoLeakWorstMask != null ? $" (worst: {r.NoLeakWorstMask})" : "")}  {Verdict(r.NoLeakPass)}");
                o.WriteLine($"  batch      max |Δ| {r.BatchMaxAbsDiff:g4}  {Verdict(r.BatchPass)}");
                o.WriteLine($"  finite     {(r.AllFinite ? "all outputs finite, empty mask included" : "NON-FINITE OUTPUT")}  {Verdict(r.AllFinite)}");
                o.WriteLine(r.Pass ? "PASS" : "FAIL");
            }

            return r.Pass ? ExitCodes.Ok : ExitCodes.Failed;
        }

        private static string Verdict(bool pass) => pass ? "ok" : "FAIL";

        private static float[] RealImages(ImageClassifier classifier, string folder, int limit)
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"image folder not found: {folder}");
            }

            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => f, StringComparer.Ordinal).Take(limit).ToList();
            if (files.Count == 0)
            {
                throw new CliUsageException($"no images in {folder}");
            }

            return classifier.LoadInputs(files);
        }

        /// <summary>Random pixels through the model's own preprocessing, so values lie in its input range.</summary>
        private static float[] RandomImages(ImageClassifier classifier, int count, int seed)
        {
            var rng = new Random(seed);
            int size = classifier.InputShape.Length;
            var batch = new float[count * size];
            for (int i = 0; i < count; i++)
            {
                using var image = new Image<Rgb24>(classifier.InputShape.Width, classifier.InputShape.Height);
                var bytes = new byte[3];
                for (int y = 0; y < image.Height; y++)
                {
                    for (int x = 0; x < image.Width; x++)
                    {
                        rng.NextBytes(bytes);
                        image[x, y] = new Rgb24(bytes[0], bytes[1], bytes[2]);
                    }
                }

                classifier.WriteInput(image, batch.AsSpan(i * size, size));
            }

            return batch;
        }
    }
}
