using System.IO;
using ConvAD.Description;
using ConvAD.IO;
using ConvAD.Json;

namespace ConvAD.Fuzz.Harnesses
{
    /// <summary>
    /// Sidecar bytes through the checks a sidecar file gets (UTF-8) and the sidecar reader (JSON, then every field),
    /// with the files it names answered from memory so a run touches no disk. Clean errors:
    /// <see cref="InputFileException"/> (not UTF-8) and <see cref="ModelDescriptionException"/> (everything else;
    /// the JSON parser's <see cref="JsonLiteException"/> too, should one escape the reader unwrapped).
    /// </summary>
    internal static class SidecarHarness
    {
        private static readonly string Folder = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "convad-fuzz-sidecar"));
        private static readonly string SidecarPath = Path.Combine(Folder, "model.convad.json");

        public static void Run(byte[] input)
        {
            try
            {
                string json = Utf8Text.Decode(input, SidecarPath);
                _ = SidecarReader.Read(json, Folder, SidecarPath, SidecarPath, InMemoryFiles.Instance);
            }
            catch (InputFileException)
            {
            }
            catch (ModelDescriptionException)
            {
            }
            catch (JsonLiteException)
            {
            }
        }

        /// <summary>Every model exists; every labels file holds three classes (so a sidecar's class count can match, or not).</summary>
        private sealed class InMemoryFiles : SidecarFiles
        {
            public static InMemoryFiles Instance { get; } = new InMemoryFiles();

            public override bool ModelExists(string fullPath) => true;

            public override string? ReadLabels(string fullPath) => "cat\ndog\nbird\n";
        }
    }
}
