using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ConvAD.Engine;

namespace ConvAD.Tests.Engine
{
    /// <summary>The committed test models and their recorded inputs and expected outputs.</summary>
    internal static class FixtureModels
    {
        public static string Torchvision(string file) => RepoPaths.File("Tests", "Fixtures", "models", "torchvision", file);

        public static string Special(string file) => RepoPaths.File("Tests", "Fixtures", "models", "special", file);

        /// <summary>Export patterns of real classifiers (scripts/make_export_patterns.py).</summary>
        public static string Pattern(string file) => RepoPaths.File("Tests", "Fixtures", "models", "patterns", file);

        /// <summary>A recorded input of an export-pattern fixture and torch's logits for it.</summary>
        public static (float[] Input, float[] Logits) PatternReference(string model, string inputFile)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Pattern("expected.json")));
            float[] logits = doc.RootElement.GetProperty(model).GetProperty(inputFile).EnumerateArray().Select(v => v.GetSingle()).ToArray();
            return (ReadFloats(Pattern(inputFile)), logits);
        }

        /// <summary>The input torch was run on when the fixture was exported, and the logits it gave.</summary>
        public static (float[] Input, float[] Logits) TorchReference(string model)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Torchvision("expected.json")));
            JsonElement entry = doc.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("file").GetString() == model);
            float[] input = ReadFloats(Torchvision(entry.GetProperty("input_file").GetString()!));
            float[] logits = entry.GetProperty("expected_logits").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            return (input, logits);
        }

        public static float[] ReadFloats(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var values = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
            return values;
        }

        /// <summary>Two inputs for a model: the recorded torch input when there is one, then a random one.</summary>
        public static float[] Inputs(ConvAdModel model, float[]? recorded, int seed)
        {
            var rng = new Random(seed);
            float[] images = new float[2 * model.ImageSize];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = (float)(rng.NextDouble() * 4 - 2);
            }

            recorded?.AsSpan(0, model.ImageSize).CopyTo(images);
            return images;
        }
    }
}
