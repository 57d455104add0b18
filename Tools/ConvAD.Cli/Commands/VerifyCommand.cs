using System.CommandLine;
using ConvAD.Classification;
using ConvAD.Cli.Devices;
using ConvAD.Engine;
using ConvAD.Gpu;
using ConvAD.Verification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary><c>convad verify MODEL</c>: checks the ConvAD invariants on real images (or random ones).</summary>
    public static class VerifyCommand
    {
        public static Command Create(CliConsole console)
        {
            var model = new Argument<string>("MODEL") { Description = "ONNX model or .convad.json description" };
            var images = new Option<string?>("--images") { Description = "Folder of images to test with (searched recursively); random images otherwise" };
            var limit = new Option<int>("--limit") { Description = "Images taken from --images", DefaultValueFactory = _ => 4 };
            var masks = new Option<int>("--masks") { Description = "Masks tried for the no-leak check (the first 7 are the edge cases)", DefaultValueFactory = _ => 24 };
            var seed = new Option<int>("--seed") { Description = "Seed for masks and noise", DefaultValueFactory = _ => 1 };
            var threshold = CommonOptions.Threshold();
            var device = Device.Option(
                "cpu (ONNX Runtime, default), cuda (ConvAD's GPU runtime on an NVIDIA GPU) or cuda-emulated (the same kernels on the CPU); " +
                "on a device the ONNX Runtime engine is the reference");
            var json = CommonOptions.Json();
            var inputSize = CommonOptions.InputSize();
            var command = new Command("verify", "Check ConvAD's invariants: identity, no leak, batch independence")
            {
                model, images, limit, masks, seed, threshold, device, json, inputSize,
            };
            command.SetAction(parse => console.Guard(() => Run(console, parse.GetValue(model)!, parse.GetValue(images), parse.GetValue(limit),
                parse.GetValue(masks), parse.GetValue(seed), CommonOptions.Engine(parse.GetValue(threshold)!, 0, inputSize: parse.GetValue(inputSize)),
                parse.GetValue(device)!, parse.GetValue(json))));
            return command;
        }

        private static int Run(CliConsole console, string modelPath, string? imageFolder, int limit, int maskCount, int seed, EngineOptions options, string device, bool json)
        {
            if (maskCount < 1 || limit < 1)
            {
                throw new CliUsageException("--masks and --limit must be at least 1");
            }

            DeviceKind? kind = Device.Kind(device);
            string? quantization = kind != null ? Device.QuantizationOf(modelPath, console.AllowOutsidePaths) : null;
            bool quantized = quantization != null;
            ImageClassifier loaded;
            try
            {
                loaded = ModelResolver.Load(modelPath, ReferenceOptions(options, quantized), console);
            }
            catch (UnsupportedModelException e) when (json)
            {
                // A model the engine refuses before it has a plan to run (a symbolic height and width without a size): the same JSON.
                string? node = e.Reason.Node.Length > 0 ? e.Reason.Node : null, op = e.Reason.Op.Length > 0 ? e.Reason.Op : null;
                console.WriteJson(new { model = modelPath, device, supported = false, node, op, reason = e.Reason.Reason, pass = false });
                return ExitCodes.Unsupported;
            }

            using ImageClassifier classifier = loaded;
            if (!classifier.Model.Plan.IsSupported)
            {
                var reason = classifier.Model.Plan.Unsupported!;
                if (json)
                {
                    console.WriteJson(new { model = modelPath, device, supported = false, node = reason.Node, op = reason.Op, reason = reason.Reason, pass = false });
                }
                else
                {
                    console.Error.WriteLine($"convad: unsupported model: {reason}");
                }

                return ExitCodes.Unsupported;
            }

            float[] inputs = imageFolder != null ? RealImages(classifier, imageFolder, limit) : RandomImages(classifier, 2, seed);
            var check = new InvariantCheckOptions { Masks = maskCount, Seed = seed };
            InvariantReport r;
            var header = new VerifyHeader(modelPath, device, Device.CpuName, options.Plan.Threshold.ToString(), imageFolder != null, null);
            if (kind is null)
            {
                // The engine against itself.
                r = InvariantChecker.Check(classifier.Model, inputs,
                    check with { IdentityRelativeTolerance = InvariantChecker.IdentityTolerance(classifier.Model.Input.ElementType) }, classifier.Model.Name);
            }
            else
            {
                // ConvAD's own runtime, with the engine as the reference: identity and agreement 1e-4 relative to the logit scale,
                // no leak bitwise, batch independence and finiteness on the device. One device call for identity, x and x'.
                try
                {
                    using ExplainTarget target = ExplainTarget.For(classifier, device, options.Plan);
                    header = header with
                    {
                        DeviceName = target.DeviceName,
                        Reference = quantization switch
                        {
                            "QDQ int8" => "ONNX Runtime (CPU), QDQ graph as written (no fusion into int8 kernels)",
                            "QOperator int8" => "ONNX Runtime (CPU), its int8 kernels for the quantized operators",
                            _ => Device.CpuName,
                        },
                    };
                    r = InvariantChecker.Check(target.Model, inputs, check with
                    {
                        IdentityRelativeTolerance = Device.RelativeTolerance,
                        Reference = classifier.Model,
                        AgreementRelativeTolerance = Device.RelativeTolerance,
                        Quantized = quantized,
                        OneCall = true,
                    }, classifier.Model.Name);
                }
                catch (DeviceUnsupportedException e) when (json)
                {
                    console.WriteJson(new { model = modelPath, device, supported = false, node = e.Node, op = e.Op, reason = e.Reason, pass = false });
                    return ExitCodes.Unsupported;
                }
            }

            if (json)
            {
                console.WriteJson(Json(r, header));
            }
            else
            {
                Print(console.Out, r, header);
            }

            return r.Pass ? ExitCodes.Ok : ExitCodes.Failed;
        }

        /// <summary>What the report is about: the file, where it ran, and against what (null: the engine against itself).</summary>
        private sealed record VerifyHeader(string ModelPath, string Device, string DeviceName, string Threshold, bool RealImages, string? Reference);

        /// <summary>The report as text; a check against a reference adds relative figures, the agreement and the device's calls.</summary>
        private static void Print(TextWriter o, InvariantReport r, VerifyHeader h)
        {
            string images = $"{r.Images} {(h.RealImages ? "real" : "random")} image(s), τ = {h.Threshold}";
            AgreementReport? a = r.Agreement;
            if (h.Reference == null)
            {
                o.WriteLine($"{Path.GetFileName(h.ModelPath)}: {images}");
                o.WriteLine($"  identity   max |Δ| {r.IdentityMaxAbsDiff:g4} (tolerance {r.IdentityTolerance:g3}, argmax same: {r.IdentityArgmaxSame})  {Verdict(r.IdentityPass)}");
            }
            else
            {
                o.WriteLine($"{Path.GetFileName(h.ModelPath)} on {h.Device} ({h.DeviceName}): {images}; reference: {h.Reference}");
                o.WriteLine($"  identity   max |Δ| {r.IdentityMaxAbsDiff:g4}, {r.IdentityRelativeDiff:g3} relative (tolerance {r.IdentityRelativeTolerance:g3} relative = {r.IdentityTolerance:g3}, argmax same: {r.IdentityArgmaxSame})  {Verdict(r.IdentityPass)}");
            }

            if (a != null)
            {
                o.WriteLine($"  agreement  max |Δ| {a.MaxAbsDiff:g4}, {a.RelativeDiff:g3} relative over {a.Masks} masks against the engine's ConvAD, {a.MasksWithinTolerance} within {a.Tolerance:g3}{(a.WorstMask != null ? $" (worst: {a.WorstMask})" : "")}; rule: {a.Rule}  {Verdict(a.Pass)}");
            }

            o.WriteLine($"  no leak    max |Δ| {r.NoLeakMaxAbsDiff:g4} over {r.NoLeakMasks} masks, {r.NoLeakInformativeMasks} reaching the head{(r.NoLeakWorstMask != null ? $" (worst: {r.NoLeakWorstMask})" : "")}  {Verdict(r.NoLeakPass)}");
            o.WriteLine($"  batch      max |Δ| {r.BatchMaxAbsDiff:g4}  {Verdict(r.BatchPass)}");
            o.WriteLine($"  finite     {(r.AllFinite ? "all outputs finite, empty mask included" : "NON-FINITE OUTPUT")}  {Verdict(r.AllFinite)}");
            if (h.Reference != null)
            {
                o.WriteLine($"  device     {r.ImagesRun} images in {r.Calls} calls, {r.Seconds:F1} s");
            }

            o.WriteLine(r.Pass ? "PASS" : "FAIL");
        }

        /// <summary>The report as one JSON object, fields in the order of the text.</summary>
        private static Dictionary<string, object?> Json(InvariantReport r, VerifyHeader h)
        {
            bool referenced = h.Reference != null;
            var identity = new Dictionary<string, object?> { ["maxAbsDiff"] = r.IdentityMaxAbsDiff };
            if (referenced)
            {
                identity["relativeDiff"] = r.IdentityRelativeDiff;
            }

            identity["tolerance"] = r.IdentityTolerance;
            if (referenced)
            {
                identity["relativeTolerance"] = r.IdentityRelativeTolerance;
            }

            identity["argmaxSame"] = r.IdentityArgmaxSame;
            identity["pass"] = r.IdentityPass;

            var json = new Dictionary<string, object?>
            {
                ["model"] = h.ModelPath,
                ["device"] = h.Device,
                ["deviceName"] = h.DeviceName,
                ["supported"] = true,
                ["threshold"] = h.Threshold,
                ["images"] = r.Images,
                ["realImages"] = h.RealImages,
            };
            if (referenced)
            {
                json["reference"] = h.Reference;
            }

            json["identity"] = identity;
            json["noLeak"] = new { masks = r.NoLeakMasks, informativeMasks = r.NoLeakInformativeMasks, maxAbsDiff = r.NoLeakMaxAbsDiff, worstMask = r.NoLeakWorstMask, pass = r.NoLeakPass };
            if (r.Agreement is AgreementReport a)
            {
                json["agreement"] = new
                {
                    masks = a.Masks,
                    maxAbsDiff = a.MaxAbsDiff,
                    relativeDiff = a.RelativeDiff,
                    tolerance = a.Tolerance,
                    relativeTolerance = a.RelativeTolerance,
                    masksWithinTolerance = a.MasksWithinTolerance,
                    rule = a.Rule,
                    worstMask = a.WorstMask,
                    pass = a.Pass,
                };
            }

            json["batch"] = new { maxAbsDiff = r.BatchMaxAbsDiff, pass = r.BatchPass };
            json["finite"] = r.AllFinite;
            if (referenced)
            {
                json["deviceCalls"] = r.Calls;
                json["deviceImages"] = r.ImagesRun;
                json["deviceSeconds"] = r.Seconds;
            }

            json["pass"] = r.Pass;
            return json;
        }

        private static string Verdict(bool pass) => pass ? "ok" : "FAIL";

        /// <summary>
        /// The engine's options as the reference. For a QDQ model checked on a device, ONNX Runtime runs the graph as written
        /// (no graph optimisations): optimised, it fuses DequantizeLinear → Conv → QuantizeLinear into int8 QLinearConv kernels
        /// whose integer requantization rounds differently, while the device, like the ONNX spec, computes in float between
        /// QuantizeLinear and DequantizeLinear.
        /// </summary>
        private static EngineOptions ReferenceOptions(EngineOptions options, bool quantized)
        {
            return quantized ? options with { Optimization = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_DISABLE_ALL } : options;
        }

        private static float[] RealImages(ImageClassifier classifier, string folder, int limit)
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"image folder not found: {folder}");
            }

            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(ImageFiles.IsImage)
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
