using System;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Explanation;
using ConvAD.Imaging;
using ConvAD.Verification;
using Xunit;

namespace ConvAD.Tests.Engine
{
    /// <summary>The one invariant checker works on any <see cref="IExplainableModel"/>, against itself or a reference, and catches what it checks.</summary>
    public sealed class InvariantCheckerTests
    {
        private static readonly string Mnist = RepoPaths.File("models", "mnist", "mnist-8.onnx");

        private static float[] Images(ConvAdModel model, int count)
        {
            var rng = new Random(5);
            return Enumerable.Range(0, count * model.ImageSize).Select(_ => (float)(rng.NextDouble() * 255)).ToArray();
        }

        [Fact]
        public void Against_itself_the_engine_passes_without_an_agreement_section()
        {
            using ConvAdModel model = ConvAdModel.Load(Mnist);
            InvariantReport r = InvariantChecker.Check(model, Images(model, 2), new InvariantCheckOptions { Masks = 8 }, model.Name);
            Assert.True(r.Pass, r.ToString());
            Assert.Null(r.Agreement);
            Assert.Equal("mnist-8", r.Model);
            Assert.Equal(1 + 3 + 4, r.Calls); // plain, identity, x, x', four single images
            Assert.Equal(2 + 2 + 2 * 8 + 4, r.ImagesRun);
        }

        [Fact]
        public void Against_a_reference_it_measures_agreement_and_one_call_gives_the_same_verdicts()
        {
            using ConvAdModel model = ConvAdModel.Load(Mnist);
            using ConvAdModel reference = ConvAdModel.Load(Mnist);
            var options = new InvariantCheckOptions { Masks = 8, Reference = reference };
            InvariantReport separate = InvariantChecker.Check(model, Images(model, 2), options);
            InvariantReport oneCall = InvariantChecker.Check(model, Images(model, 2), options with { OneCall = true });
            foreach (InvariantReport r in new[] { separate, oneCall })
            {
                Assert.True(r.Pass, r.ToString());
                Assert.NotNull(r.Agreement);
                Assert.Equal(0, r.Agreement!.MaxAbsDiff);
                Assert.Equal(8, r.Agreement.MasksWithinTolerance);
            }

            Assert.Equal(1 + 4, oneCall.Calls); // the reference's calls are not counted
        }

        [Fact]
        public void A_leak_and_a_deviation_from_the_reference_fail()
        {
            using ConvAdModel model = ConvAdModel.Load(Mnist);
            var leaky = new Leaky(model);
            InvariantReport r = InvariantChecker.Check(leaky, Images(model, 2), new InvariantCheckOptions { Masks = 8, Reference = model });
            Assert.False(r.NoLeakPass);
            Assert.False(r.Agreement!.Pass);
            Assert.False(r.Pass);
        }

        /// <summary>Adds the first occluded pixel's value to every score: a leak, and a deviation from the engine.</summary>
        private sealed class Leaky : IExplainableModel
        {
            private readonly IExplainableModel _inner;

            public Leaky(IExplainableModel inner) => _inner = inner;

            public ImageTensorShape Shape => _inner.Shape;

            public int ClassCount => _inner.ClassCount;

            public void RunPlain(ReadOnlySpan<float> images, int count, Span<float> scores) => _inner.RunPlain(images, count, scores);

            public void RunMasked(ReadOnlySpan<float> images, ReadOnlySpan<float> masks, int count, Span<float> scores)
            {
                _inner.RunMasked(images, masks, count, scores);
                int plane = Shape.Height * Shape.Width;
                for (int i = 0; i < count; i++)
                {
                    int p = masks.Slice(i * plane, plane).IndexOf(0f);
                    if (p >= 0)
                    {
                        float leak = images[i * Shape.Length + p];
                        for (int c = 0; c < ClassCount; c++)
                        {
                            scores[i * ClassCount + c] += leak;
                        }
                    }
                }
            }
        }
    }
}
