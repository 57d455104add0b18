using System.Reflection;
using System.Security.Cryptography;
using ConvAD.Classification;
using ConvAD.Description;
using ConvAD.Engine;

namespace ConvAD.Cli
{
    /// <summary>
    /// Finds the model a command runs: a path the user gave (ONNX or sidecar), or the embedded default,
    /// SqueezeNet 1.1, which ships inside this tool so the tool works with nothing else installed.
    /// </summary>
    public static class ModelResolver
    {
        public const string DefaultModelName = "squeezenet1.1-fp16";
        private static readonly string[] DefaultFiles = { "squeezenet1.1-fp16.onnx", "squeezenet1.1-fp16.convad.json", "imagenet_classes.txt" };

        /// <summary>
        /// The model at <paramref name="path"/>, or the embedded default; sidecar paths confined unless the console allows. Without
        /// a sidecar the console says which defaults were assumed.
        /// </summary>
        public static ImageClassifier Load(string? path, EngineOptions options, CliConsole console)
        {
            ImageClassifier classifier = ImageClassifier.Load(path ?? ExtractDefault(), options, console.ImageLoader(), allowPathsOutsideFolder: console.AllowOutsidePaths);
            console.NoteDefaults(classifier.Description);
            return classifier;
        }

        /// <summary>
        /// The options for a model file (ONNX or sidecar) that is run without its description (bench, info): the sidecar's
        /// <c>input.size</c> when <c>--input-size</c> gave none. <paramref name="description"/> is the sidecar read, or the default.
        /// </summary>
        public static EngineOptions WithSidecarSize(string path, EngineOptions options, CliConsole console, out ModelDescription description)
        {
            description = path.EndsWith(ModelDescription.SidecarSuffix, StringComparison.OrdinalIgnoreCase)
                ? ModelDescription.Load(path, console.AllowOutsidePaths)
                : ModelDescription.LoadFor(path, console.AllowOutsidePaths);
            return options with { Plan = options.Plan.WithInputSizeFallback(description.InputSize) };
        }

        /// <summary>
        /// Writes the embedded default model to the user's own cache folder (atomically) and returns its sidecar. Every use
        /// compares the cached files with the embedded bytes and rewrites any that differ, so a replaced file (same length,
        /// zeroed weights) is never run.
        /// </summary>
        /// <param name="cacheRoot">Where the cache lives (default: the user's local application data, <c>convad/</c>).</param>
        public static string ExtractDefault(string? cacheRoot = null)
        {
            Assembly assembly = typeof(ModelResolver).Assembly;
            var contents = DefaultFiles.ToDictionary(f => f, f => ReadResource(assembly, "default/" + f));
            string hash = Convert.ToHexString(SHA256.HashData(contents.Values.SelectMany(b => b).ToArray()))[..16].ToLowerInvariant();
            string folder = Path.Combine(cacheRoot ?? CacheRoot(), "default-" + hash);
            Directory.CreateDirectory(folder);
            foreach (var (name, bytes) in contents)
            {
                string target = Path.Combine(folder, name);
                if (File.Exists(target) && new FileInfo(target).Length == bytes.Length && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
                {
                    continue;
                }

                string temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
                File.WriteAllBytes(temp, bytes);
                File.Move(temp, target, overwrite: true);
            }

            return Path.Combine(folder, DefaultFiles[1]);
        }

        /// <summary>A per-user folder (not the shared temp folder, where another user could plant files first).</summary>
        private static string CacheRoot()
        {
            string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
            return Path.Combine(local.Length > 0 ? local : Path.GetTempPath(), "convad");
        }

        private static byte[] ReadResource(Assembly assembly, string name)
        {
            using Stream stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
    }
}
