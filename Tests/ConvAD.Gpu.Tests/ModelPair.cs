using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConvAD.Classification;
using ConvAD.Engine;
using ConvAD.Imaging;
using ConvAD.Plan;
using ConvAD.Verification;
using ConvAD.Tests;

namespace ConvAD.Gpu.Tests
{
    /// <summary>A shipped model loaded twice — on the ONNX Runtime engine (the reference) and on the GPU runtime — with real images.</summary>
    internal sealed class ModelPair : IDisposable
    {
        private ModelPair(string name, ImageClassifier reference, GpuConvAdModel gpu, float[] images, int count)
        {
            Name = name;
            Reference = reference;
            Gpu = gpu;
            Images = images;
            Count = count;
        }

        public string Name { get; }

        public ImageClassifier Reference { get; }

        public ConvAdModel Engine => Reference.Model;

        public GpuConvAdModel Gpu { get; }

        /// <summary>Preprocessed real images, NCHW.</summary>
        public float[] Images { get; }

        public int Count { get; }

        private (float[] Images, float[] Masks, int Count)? _batch;
        private float[]? _gpuOutput;

        /// <summary>
        /// Every image with every chosen mask of <see cref="MaskPatterns"/> (edge cases — empty, one pixel, stripes,
        /// checkerboard, half — then random boxes and noise). ResNet-20 is the slow one on the CPU accelerator
        /// (about 1.4 s per image): it gets one image and a subset of the masks.
        /// </summary>
        public (float[] Images, float[] Masks, int Count) MaskedBatch => _batch ??= MakeBatch(this, seed: 5);

        /// <summary>The device's ConvAD output for <see cref="MaskedBatch"/>, computed once (shared by the tests).</summary>
        public float[] GpuMaskedOutput => _gpuOutput ??= Gpu.Run(MaskedBatch.Images, MaskedBatch.Masks, MaskedBatch.Count);

        public static (float[] Images, float[] Masks, int Count) MakeBatch(ModelPair m, int seed)
        {
            int h = m.Gpu.Input.Height, w = m.Gpu.Input.Width, size = m.Gpu.ImageSize;
            IReadOnlyList<MaskPattern> all = MaskPatterns.Generate(h, w, 10, seed);
            bool slow = IsSlow(m.Name);
            List<MaskPattern> patterns = slow ? new[] { 1, 5, 8, 9 }.Select(i => all[i]).ToList() : all.ToList();
            int images = slow ? 1 : m.Count;
            int count = images * patterns.Count;
            var batch = new float[count * size];
            var masks = new float[count * h * w];
            for (int i = 0; i < images; i++)
            {
                for (int k = 0; k < patterns.Count; k++)
                {
                    int n = i * patterns.Count + k;
                    Array.Copy(m.Images, i * size, batch, n * size, size);
                    Array.Copy(patterns[k].Values, 0, masks, n * h * w, h * w);
                }
            }

            return (batch, masks, count);
        }

        /// <summary>The models that get one image and four masks: ResNet-20 and the 224×224 ImageNet models (about 1.5 s per image on the CPU accelerator).</summary>
        public static bool IsSlow(string name) => name is "resnet20" or "squeezenet" or "shufflenet";

        /// <param name="literalReference">
        /// Make the reference ONNX Runtime run the graph as written (no graph optimisations). For a QDQ model this is the
        /// reference the device can match: optimised, ONNX Runtime fuses DequantizeLinear → Conv → QuantizeLinear into
        /// int8 QLinearConv kernels whose integer accumulation and requantization round differently from float arithmetic.
        /// </param>
        public static ModelPair Load(string name, PropagationThreshold threshold, bool literalReference = false)
        {
            var plan = new PlanOptions { Threshold = threshold };
            string sidecar = name switch
            {
                "mnist" => RepoPaths.File("models", "mnist", "mnist-8.convad.json"),
                "resnet20" => RepoPaths.File("models", "cifar10", "resnet20.convad.json"),
                "small-cnn" => RepoPaths.File("models", "cifar10", "small-cnn.convad.json"),
                "squeezenet" => RepoPaths.File("models", "squeezenet1.1", "squeezenet1.1-fp16.convad.json"),
                "shufflenet" => RepoPaths.File("models", "shufflenet-v2", "shufflenet-v2-12-qdq.convad.json"),
                _ => throw new ArgumentException(name),
            };
            string onnx = Path.ChangeExtension(Path.ChangeExtension(sidecar, null), ".onnx");
            var engineOptions = new EngineOptions { Plan = plan, IntraOpThreads = 1 };
            if (literalReference)
            {
                engineOptions = engineOptions with { Optimization = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_DISABLE_ALL };
            }

            var reference = ImageClassifier.Load(sidecar, engineOptions);
            try
            {
                int images = IsSlow(name) ? 1 : 2;
                float[] inputs;
                if (name == "mnist")
                {
                    MnistSet digits = MnistReader.Read(RepoPaths.File("data", "mnist", "mnist_t10k-images-idx3-ubyte.gz"),
                        RepoPaths.File("data", "mnist", "mnist_t10k-labels-idx1-ubyte.gz"), images);
                    inputs = new float[images * reference.InputShape.Length];
                    for (int i = 0; i < images; i++)
                    {
                        using var image = digits.ToImage(i);
                        reference.WriteInput(image, inputs.AsSpan(i * reference.InputShape.Length, reference.InputShape.Length));
                    }
                }
                else if (name is "squeezenet" or "shufflenet")
                {
                    inputs = reference.LoadInputs(new[] { RepoPaths.File("data", "photos", "kitten_224.png") });
                }
                else
                {
                    string root = RepoPaths.File("data", "cifar10-test");
                    List<string> files = Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal)
                        .Select(d => Directory.GetFiles(d).Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f, StringComparer.Ordinal).First())
                        .Take(images).ToList();
                    inputs = reference.LoadInputs(files);
                }

                return new ModelPair(name, reference, GpuConvAdModel.Load(onnx, DeviceKind.CudaEmulated, plan), inputs, images);
            }
            catch
            {
                reference.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Gpu.Dispose();
            Reference.Dispose();
        }
    }
}
