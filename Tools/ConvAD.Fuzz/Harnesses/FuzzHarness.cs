using System;
using System.Collections.Generic;

namespace ConvAD.Fuzz.Harnesses
{
    /// <summary>
    /// One reader of untrusted bytes, fed a fuzzer's input. A harness catches the reader's documented, clean errors
    /// (the one-line messages users see) and lets anything else escape: an escaping exception is a finding.
    /// </summary>
    internal sealed record FuzzHarness(string Name, string Description, Action<byte[]> Run)
    {
        /// <summary>Every harness, by the name scripts/fuzz.sh and the committed corpora (Tests/Fuzz/corpus/NAME) use.</summary>
        public static IReadOnlyDictionary<string, FuzzHarness> All { get; } = new Dictionary<string, FuzzHarness>(StringComparer.Ordinal)
        {
            ["onnx"] = new FuzzHarness("onnx", "ONNX reader, validation, shape inference and the ConvAD plan", OnnxHarness.Run),
            ["sidecar"] = new FuzzHarness("sidecar", "model description (sidecar) reader and its JSON parser", SidecarHarness.Run),
            ["image"] = new FuzzHarness("image", "image loader (ImageSharp decoders behind ConvAD's limits)", ImageHarness.Run),
            ["generator"] = new FuzzHarness("generator", "the source generator's model reading (graph, plan and forward pass)", GeneratorHarness.Run),
        };
    }
}
