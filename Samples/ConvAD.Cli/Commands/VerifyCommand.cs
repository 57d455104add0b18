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
        private static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga" };

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
            var command = new Command("verify", "Check ConvAD's invariants: identity, no leak, batch independence")
            {
                model, images, limit, masks, seed, threshold, device, json,
            };
            command.SetAction(parse => console.Guard(() => Run(console, parse.GetValue(model)!, parse.GetValue(images), parse.GetValue(limit),
                parse.GetValue(masks), parse.GetValue(seed), parse.GetValue(threshold)!, parse.GetValue(device)!, parse.GetValue(json))));
            return command;
        }

        private static int Run(CliConsole console, string modelPath, string? imageFolder, int limit, int maskCount, int seed, string threshold, string device, bool json)
        {
            if (maskCount < 1 || limit < 1)
            {
                throw new CliUsageException("--masks and --limit must be at least 1");
            }

            DeviceKind? kind = Device.Kind(device);
            EngineOptions options = CommonOptions.Engine(threshold, 0);
            bool quantized = kind != null && Device.IsQuantized(modelPath);
            using ImageClassifier classifier = ImageClassifier.Load(modelPath, ReferenceOptions(options, quantized));
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
            if (kind is DeviceKind deviceKind)
            {
                return RunOnDevice(console, classifier, modelPath, imageFolder != null, inputs, maskCount, seed, options, device, deviceKind, quantized, json);
            }

            InvariantReport r = InvariantChecker.Check(classifier.Model, inputs, maskCount, seed);
            if (json)
            {
                console.WriteJson(new
                {
                    model = modelPath,
                    device,
                    deviceName = Device.CpuName,
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

        /// <summary>
        /// The invariants on ConvAD's own runtime (cuda, cuda-emulated): identity and agreement against the ONNX Runtime engine
        /// (1e-4 relative to the logit scale), no leak bitwise on the device, batch independence and finiteness on the device.
        /// </summary>
        private static int RunOnDevice(CliConsole console, ImageClassifier classifier, string modelPath, bool realImages, float[] inputs, int maskCount, int seed,
            EngineOptions options, string device, DeviceKind kind, bool quantized, bool json)
        {
            DeviceInvariantReport r;
            string deviceName;
            try
            {
                using GpuConvAdModel gpu = Device.Load(classifier.Description.ModelPath, kind, options.Plan, device);
                deviceName = gpu.DeviceName;
                r = DeviceVerifier.Check(classifier.Model, gpu, device, inputs, maskCount, seed, quantized);
            }
            catch (DeviceUnsupportedException e)
            {
                if (!json)
                {
                    throw;
                }

                console.WriteJson(new { model = modelPath, device, supported = false, node = e.Node, op = e.Op, reason = e.Reason, pass = false });
                return ExitCodes.Unsupported;
            }

            if (json)
            {
                console.WriteJson(new
                {
                    model = modelPath,
                    device,
                    deviceName,
                    supported = true,
                    threshold = options.Plan.Threshold.ToString(),
                    images = r.Images,
                    realImages,
                    reference = r.Reference,
                    identity = new
                    {
                        maxAbsDiff = r.IdentityMaxAbsDiff,
                        relativeDiff = r.IdentityRelativeDiff,
                        tolerance = r.IdentityTolerance,
                        relativeTolerance = Device.RelativeTolerance,
                        argmaxSame = r.IdentityArgmaxSame,
                        pass = r.IdentityPass,
                    },
                    noLeak = new { masks = r.NoLeakMasks, informativeMasks = r.NoLeakInformativeMasks, maxAbsDiff = r.NoLeakMaxAbsDiff, worstMask = r.NoLeakWorstMask, pass = r.NoLeakPass },
                    agreement = new
                    {
                        masks = r.NoLeakMasks,
                        maxAbsDiff = r.AgreementMaxAbsDiff,
                        relativeDiff = r.AgreementRelativeDiff,
                        tolerance = r.AgreementTolerance,
                        relativeTolerance = Device.RelativeTolerance,
                        masksWithinTolerance = r.AgreementMasksWithin,
                        rule = r.AgreementRule,
                        worstMask = r.AgreementWorstMask,
                        pass = r.AgreementPass,
                    },
                    batch = new { maxAbsDiff = r.BatchMaxAbsDiff, pass = r.BatchPass },
                    finite = r.AllFinite,
                    deviceCalls = r.DeviceCalls,
                    deviceImages = r.DeviceImages,
                    deviceSeconds = r.DeviceSeconds,
                    pass = r.Pass,
                });
            }
            else
            {
                TextWriter o = console.Out;
                o.WriteLine($"{Path.GetFileName(modelPath)} on {device} ({deviceName}): {r.Images} {(realImages ? "real" : "random")} image(s), τ = {options.Plan.Threshold}; reference: {r.Reference}");
                o.WriteLine($"  identity   max |Δ| {r.IdentityMaxAbsDiff:g4}, {r.IdentityRelativeDiff:g3} relative (tolerance {Device.RelativeTolerance:g3} relative = {r.IdentityTolerance:g3}, argmax same: {r.IdentityArgmaxSame})  {Verdict(r.IdentityPass)}");
                o.WriteLine($"  agreement  max |Δ| {r.AgreementMaxAbsDiff:g4}, {r.AgreementRelativeDiff:g3} relative over {r.NoLeakMasks} masks against the engine's ConvAD, {r.AgreementMasksWithin} within {r.AgreementTolerance:g3}{(r.AgreementWorstMask != null ? $" (worst: {r.AgreementWorstMask})" : "")}; rule: {r.AgreementRule}  {Verdict(r.AgreementPass)}");
                o.WriteLine($"  no leak    max |Δ| {r.NoLeakMaxAbsDiff:g4} over {r.NoLeakMasks} masks, {r.NoLeakInformativeMasks} reaching the head{(r.NoLeakWorstMask != null ? $" (worst: {r.NoLeakWorstMask})" : "")}  {Verdict(r.NoLeakPass)}");
                o.WriteLine($"  batch      max |Δ| {r.BatchMaxAbsDiff:g4}  {Verdict(r.BatchPass)}");
                o.WriteLine($"  finite     {(r.AllFinite ? "all outputs finite, empty mask included" : "NON-FINITE OUTPUT")}  {Verdict(r.AllFinite)}");
                o.WriteLine($"  device     {r.DeviceImages} images in {r.DeviceCalls} calls, {r.DeviceSeconds:F1} s");
                o.WriteLine(r.Pass ? "PASS" : "FAIL");
            }

            return r.Pass ? ExitCodes.Ok : ExitCodes.Failed;
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
