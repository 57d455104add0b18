using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Description;
using ConvAD.Imaging;
using Xunit;

namespace ConvAD.Tests.Imaging
{
    public sealed class PredictionsTests
    {
        [Fact]
        public void Softmax_of_equal_logits_is_uniform()
        {
            var p = new float[4];
            Predictions.Softmax(new float[] { 3, 3, 3, 3 }, p);
            Assert.All(p, v => Assert.Equal(0.25f, v));
        }

        [Fact]
        public void Softmax_matches_hand_computation()
        {
            var p = new float[3];
            Predictions.Softmax(new float[] { 1, 2, 3 }, p);
            double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
            Assert.Equal(Math.Exp(1) / sum, p[0], 6);
            Assert.Equal(Math.Exp(3) / sum, p[2], 6);
        }

        [Fact]
        public void Softmax_does_not_overflow_on_large_logits()
        {
            var p = new float[2];
            Predictions.Softmax(new float[] { 1000, 1000 + MathF.Log(3) }, p);
            Assert.Equal(0.25f, p[0], 5);
            Assert.Equal(0.75f, p[1], 5);
        }

        [Fact]
        public void TopK_ranks_logits_with_labels()
        {
            IReadOnlyList<Prediction> top = Predictions.TopK(new float[] { 0, 5, 1, 5, -2 }, OutputKind.Logits, new[] { "a", "b", "c", "d", "e" }, 3);

            Assert.Equal(new[] { 1, 3, 2 }, top.Select(t => t.Index)); // tie between 1 and 3 goes to the lower index
            Assert.Equal(new[] { "b", "d", "c" }, top.Select(t => t.Label));
            Assert.Equal(top[0].Confidence, top[1].Confidence);
            Assert.True(top[0].Confidence > 0.4f && top[0].Confidence < 0.5f);
        }

        [Fact]
        public void TopK_keeps_probabilities_as_given_and_labels_by_index_without_labels()
        {
            IReadOnlyList<Prediction> top = Predictions.TopK(new float[] { 0.1f, 0.7f, 0.2f }, OutputKind.Probabilities, null, 10);

            Assert.Equal(3, top.Count);
            Assert.Equal(new Prediction(1, "1", 0.7f), top[0]);
            Assert.Equal(new Prediction(0, "0", 0.1f), top[2]);
        }

        [Fact]
        public void TopK_ranks_nan_last()
        {
            IReadOnlyList<Prediction> top = Predictions.TopK(new[] { float.NaN, 0.2f, 0.8f }, OutputKind.Probabilities, null, 3);
            Assert.Equal(new[] { 2, 1, 0 }, top.Select(t => t.Index));
        }

        [Fact]
        public void Rejects_empty_rows_and_non_positive_k()
        {
            Assert.Throws<ArgumentException>(() => Predictions.TopK(ReadOnlySpan<float>.Empty, OutputKind.Logits, null, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => Predictions.TopK(new float[] { 1 }, OutputKind.Logits, null, 0));
        }
    }
}
