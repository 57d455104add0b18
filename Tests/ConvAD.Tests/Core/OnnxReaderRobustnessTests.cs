using System;
using System.IO;
using ConvAD.Onnx;
using ConvAD.Plan;
using Xunit;

namespace ConvAD.Tests.Core
{
    /// <summary>Corrupt input gives <see cref="OnnxFormatException"/> or a plan that says why — nothing else.</summary>
    public sealed class OnnxReaderRobustnessTests
    {
        [Fact]
        public void Truncated_models_fail_cleanly()
        {
            byte[] model = File.ReadAllBytes(RepoPaths.File("models", "mnist", "mnist-8.onnx"));
            for (int length = 0; length < model.Length; length += 97)
            {
                AssertCleanOutcome(model.AsSpan(0, length).ToArray());
            }
        }

        [Fact]
        public void Random_and_mutated_bytes_fail_cleanly()
        {
            byte[] model = File.ReadAllBytes(RepoPaths.File("models", "cifar10", "small-cnn.onnx"));
            var rng = new Random(17);
            for (int i = 0; i < 200; i++)
            {
                byte[] bytes = i % 2 == 0 ? new byte[rng.Next(1, 4096)] : (byte[])model.Clone();
                if (i % 2 == 0)
                {
                    rng.NextBytes(bytes);
                }
                else
                {
                    for (int k = 0; k < 8; k++)
                    {
                        bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                    }
                }

                AssertCleanOutcome(bytes);
            }
        }

        [Fact]
        public void Weights_are_skipped_not_read()
        {
            // Structure-only reading decodes no large payload: ResNet-32's conv weights have no values.
            OnnxModel model = OnnxReader.Read(RepoPaths.File("models", "cifar10", "resnet32.onnx"));
            Assert.All(model.Graph.Initializers.Values, t => Assert.True(t.ElementCount <= 64 || (t.FloatValues == null && t.Int64Values == null)));
        }

        private static void AssertCleanOutcome(byte[] bytes)
        {
            OnnxModel model;
            try
            {
                model = OnnxReader.Read(bytes);
            }
            catch (OnnxFormatException)
            {
                return;
            }

            ConvAdPlan plan = ConvAdPlanBuilder.Build(model);
            Assert.True(plan.IsSupported || plan.Unsupported!.Reason.Length > 0);
        }
    }
}
