using System;
using System.Collections.Generic;
using System.Globalization;
using ConvAD.Description;

namespace ConvAD.Imaging
{
    /// <summary>Reads a model's class output row as probabilities and ranked predictions.</summary>
    public static class Predictions
    {
        /// <summary>Softmax computed as exp(x − max) / Σ exp(x − max) so large logits cannot overflow.</summary>
        public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
        {
            if (logits.IsEmpty)
            {
                throw new ArgumentException("the output row is empty", nameof(logits));
            }

            if (destination.Length != logits.Length)
            {
                throw new ArgumentException($"destination holds {destination.Length} floats, the output row {logits.Length}", nameof(destination));
            }

            float max = float.NegativeInfinity;
            foreach (float x in logits)
            {
                max = Math.Max(max, x);
            }

            // Accumulate in double: with 1000 classes float sums lose the small tails that confidences are compared on.
            double sum = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                double e = Math.Exp(logits[i] - (double)max);
                destination[i] = (float)e;
                sum += e;
            }

            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)(destination[i] / sum);
            }
        }

        /// <summary>Per-class probabilities: softmax of logits, or the row itself when the model already outputs probabilities.</summary>
        public static float[] Probabilities(ReadOnlySpan<float> output, OutputKind kind)
        {
            var probabilities = new float[output.Length];
            if (kind == OutputKind.Logits)
            {
                Softmax(output, probabilities);
            }
            else
            {
                output.CopyTo(probabilities);
            }

            return probabilities;
        }

        /// <summary>The <paramref name="k"/> most probable classes, best first; ties go to the lower index, NaN ranks last.</summary>
        public static IReadOnlyList<Prediction> TopK(ReadOnlySpan<float> output, OutputKind kind, IReadOnlyList<string>? labels, int k)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
            float[] probabilities = Probabilities(output, kind);
            var order = new int[probabilities.Length];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) =>
            {
                int byConfidence = probabilities[b].CompareTo(probabilities[a]);
                return byConfidence != 0 ? byConfidence : a.CompareTo(b);
            });

            int count = Math.Min(k, order.Length);
            var top = new Prediction[count];
            for (int r = 0; r < count; r++)
            {
                int index = order[r];
                top[r] = new Prediction(index, LabelOf(index, labels), probabilities[index]);
            }

            return top;
        }

        /// <summary>The class's label, or its index as text when there are no labels for it.</summary>
        public static string LabelOf(int index, IReadOnlyList<string>? labels) =>
            labels != null && index >= 0 && index < labels.Count ? labels[index] : index.ToString(CultureInfo.InvariantCulture);
    }
}
