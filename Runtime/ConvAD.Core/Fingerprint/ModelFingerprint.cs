using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using ConvAD.Onnx;

namespace ConvAD.Fingerprint
{
    /// <summary>
    /// Identifies an ONNX file cheaply enough to compute on every build of a 100 MB model.
    /// <para>
    /// SHA-256 over: a version tag, the file length, every byte of the file except the payloads of
    /// large initializers, and for each large payload its length and four 64-byte samples (start,
    /// one third, two thirds, end). So the graph, every attribute, every small constant and the
    /// shape of every weight are covered exactly; large weights are covered by sample. This tells
    /// the file a class was generated from from a retrained, re-exported or different model, without
    /// reading all the weights at compile time. It is not a cryptographic hash of the whole file.
    /// </para>
    /// <para>The generator computes it at compile time and the runtime checks it on load; both call this code.</para>
    /// </summary>
    internal static class ModelFingerprint
    {
        /// <summary>Prefix of every fingerprint; a new scheme gets a new prefix so old generated code fails loudly.</summary>
        public const string Scheme = "convad-fp1";

        /// <summary>Payloads up to this size are hashed in full; larger ones are sampled.</summary>
        private const int SampledPayloadThreshold = 4096;

        private const int SampleBytes = 64;

        public static string Compute(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            return Compute(stream);
        }

        public static string Compute(byte[] bytes)
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return Compute(stream);
        }

        /// <summary>Fingerprints a seekable stream holding an ONNX model; throws <see cref="OnnxFormatException"/> on malformed protobuf.</summary>
        public static string Compute(Stream stream)
        {
            if (!stream.CanSeek)
            {
                throw new ArgumentException("the fingerprint needs a seekable stream", nameof(stream));
            }

            var payloads = new List<ByteRange>();
            try
            {
                FindLargePayloads(stream, payloads);
            }
            catch (IOException e)
            {
                throw new OnnxFormatException("cannot read the model: " + e.Message);
            }

            using var sha = SHA256.Create();
            long length = stream.Length;
            Feed(sha, Encoding.ASCII.GetBytes(Scheme));
            Feed(sha, BitConverter.GetBytes(length));
            long hashedTo = 0;
            var buffer = new byte[81920];
            foreach (ByteRange payload in payloads)
            {
                HashSpan(sha, stream, hashedTo, payload.Offset - hashedTo, buffer);
                Feed(sha, BitConverter.GetBytes(payload.Length));
                foreach (long sample in SampleOffsets(payload))
                {
                    HashSpan(sha, stream, sample, SampleBytes, buffer);
                }

                hashedTo = payload.Offset + payload.Length;
            }

            HashSpan(sha, stream, hashedTo, length - hashedTo, buffer);
            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            return Scheme + ":" + ToHex(sha.Hash!);
        }

        // ModelProto.graph (7) → GraphProto.initializer (5) → TensorProto data fields. Everything else is hashed verbatim.
        private static void FindLargePayloads(Stream stream, List<ByteRange> payloads)
        {
            var model = new ProtoReader(stream, 0, stream.Length);
            while (model.TryReadKey(out int field, out WireType wt))
            {
                if (field == OnnxProto.Model.Graph && wt == WireType.LengthDelimited)
                {
                    ProtoReader graph = model.ReadMessage(out ByteRange graphRange);
                    while (graph.TryReadKey(out int gField, out WireType gWt))
                    {
                        if (gField == OnnxProto.Graph.Initializer && gWt == WireType.LengthDelimited)
                        {
                            ProtoReader tensor = graph.ReadMessage(out ByteRange tensorRange);
                            FindTensorPayloads(tensor, payloads);
                            graph.SeekPast(tensorRange);
                        }
                        else
                        {
                            graph.SkipField(gWt);
                        }
                    }

                    model.SeekPast(graphRange);
                }
                else
                {
                    model.SkipField(wt);
                }
            }
        }

        private static void FindTensorPayloads(ProtoReader tensor, List<ByteRange> payloads)
        {
            while (tensor.TryReadKey(out int field, out WireType wt))
            {
                // raw_data and the packed typed data fields (float, int32, int64, double, uint64).
                bool data = field == OnnxProto.Tensor.RawData || field == OnnxProto.Tensor.FloatData || field == OnnxProto.Tensor.Int32Data ||
                    field == OnnxProto.Tensor.Int64Data || field == OnnxProto.Tensor.DoubleData || field == OnnxProto.Tensor.Uint64Data;
                if (data && wt == WireType.LengthDelimited)
                {
                    ByteRange range = tensor.SkipLengthDelimited();
                    if (range.Length > SampledPayloadThreshold)
                    {
                        payloads.Add(range);
                    }
                }
                else
                {
                    tensor.SkipField(wt);
                }
            }
        }

        private static IEnumerable<long> SampleOffsets(ByteRange payload)
        {
            long last = payload.Length - SampleBytes;
            yield return payload.Offset;
            yield return payload.Offset + last / 3;
            yield return payload.Offset + 2 * (last / 3);
            yield return payload.Offset + last;
        }

        private static void HashSpan(HashAlgorithm sha, Stream stream, long offset, long count, byte[] buffer)
        {
            stream.Position = offset;
            while (count > 0)
            {
                int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (read <= 0)
                {
                    throw new OnnxFormatException($"the model ends at byte {stream.Position}, before its declared content");
                }

                sha.TransformBlock(buffer, 0, read, null, 0);
                count -= read;
            }
        }

        private static void Feed(HashAlgorithm sha, byte[] bytes) => sha.TransformBlock(bytes, 0, bytes.Length, null, 0);

        private static string ToHex(byte[] hash)
        {
            var sb = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
            {
                sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }
    }
}
