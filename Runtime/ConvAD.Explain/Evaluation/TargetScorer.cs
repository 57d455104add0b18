using System;
using ConvAD.Description;
using ConvAD.Explanation;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Scores many images or masks against one target class, a batch at a time: for each, whether the model's top class is
    /// the target and the target's probability. Verdicts come from the explainer's own judge, so P(c|E) here is bit-for-bit
    /// the confidence the explainer reported for the same mask. Holds no per-call state: thread-safe when its model is.
    /// </summary>
    public sealed class TargetScorer
    {
        private readonly IExplainableModel _model;
        private readonly OutputKind _output;

        /// <summary>A scorer over <paramref name="model"/>, whose outputs are <paramref name="output"/>, <paramref name="batchSize"/> images per model call.</summary>
        public TargetScorer(IExplainableModel model, OutputKind output, int batchSize = 64)
            : this(model, output, batchSize, Engine.BatchMemory.DefaultMaxBatchBytes)
        {
        }

        /// <summary>
        /// A scorer over <paramref name="model"/>, whose outputs are <paramref name="output"/>, at most <paramref name="batchSize"/>
        /// images per model call, fewer when that many images' buffers (image, mask and scores) would not fit
        /// <paramref name="maxBatchBytes"/>: like the batch size, the budget never changes a verdict.
        /// </summary>
        /// <exception cref="Engine.BatchMemoryException">One image's buffers alone exceed <paramref name="maxBatchBytes"/>.</exception>
        public TargetScorer(IExplainableModel model, OutputKind output, int batchSize, long maxBatchBytes)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchBytes);
            _output = output;
            BatchSize = Engine.BatchMemory.Capacity(batchSize, MutantEvaluator.BytesPerMutant(model), maxBatchBytes,
                $"one scored image of a {model.Shape} input (its image, mask and scores)", "EvaluationOptions.MaxBatchBytes, --max-batch-mb");
        }

        /// <summary>The model scored.</summary>
        public IExplainableModel Model => _model;

        /// <summary>Images per model call: the batch size asked for, lowered to fit the batch memory budget.</summary>
        public int BatchSize { get; }

        /// <summary>The plain model on <paramref name="count"/> whole input tensors.</summary>
        public void ScorePlain(ReadOnlySpan<float> images, int count, int target, Span<MutantVerdict> verdicts)
        {
            int size = _model.Shape.Length, classes = _model.ClassCount;
            Check(images.Length, count * size, verdicts.Length, count);
            var scores = new float[Math.Min(count, BatchSize) * classes];
            for (int first = 0; first < count; first += BatchSize)
            {
                int n = Math.Min(BatchSize, count - first);
                _model.RunPlain(images.Slice(first * size, n * size), n, scores.AsSpan(0, n * classes));
                Judge(scores, n, target, verdicts.Slice(first, n));
            }
        }

        /// <summary>
        /// One image under a perturbation, for <paramref name="count"/> H×W keep-masks: AD passes each mask to the ConvAD
        /// forward; occlusion writes the masking value (with that mask's noise key) and runs the plain model.
        /// </summary>
        public void ScorePerturbed(MutantInputs inputs, ReadOnlySpan<float> masks, ReadOnlySpan<ulong> keys, int count, int target, Span<MutantVerdict> verdicts)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            int size = _model.Shape.Length, pixels = _model.Shape.Height * _model.Shape.Width, classes = _model.ClassCount;
            Check(masks.Length, count * pixels, verdicts.Length, count);
            if (keys.Length != count)
            {
                throw new ArgumentException($"expected {count} noise keys, got {keys.Length}", nameof(keys));
            }

            bool masked = inputs.Perturbation.UsesMaskedForward;
            int capacity = Math.Min(count, BatchSize);
            var images = new float[capacity * size];
            var scores = new float[capacity * classes];
            for (int first = 0; first < count; first += BatchSize)
            {
                int n = Math.Min(BatchSize, count - first);
                for (int i = 0; i < n; i++)
                {
                    inputs.Write(masks.Slice((first + i) * pixels, pixels), keys[first + i], images.AsSpan(i * size, size));
                }

                Span<float> s = scores.AsSpan(0, n * classes);
                if (masked)
                {
                    MaskedForward.Run(_model, inputs.Perturbation, images.AsSpan(0, n * size), masks.Slice(first * pixels, n * pixels), n, s);
                }
                else
                {
                    _model.RunPlain(images.AsSpan(0, n * size), n, s);
                }

                Judge(scores, n, target, verdicts.Slice(first, n));
            }
        }

        private void Judge(float[] scores, int n, int target, Span<MutantVerdict> verdicts)
        {
            int classes = _model.ClassCount;
            for (int i = 0; i < n; i++)
            {
                verdicts[i] = MutantEvaluator.Judge(scores.AsSpan(i * classes, classes), target, _output, 0f);
            }
        }

        private static void Check(int values, int expectedValues, int verdicts, int count)
        {
            if (count < 0 || values != expectedValues || verdicts != count)
            {
                throw new ArgumentException($"expected {expectedValues} input values and {count} verdict slots, got {values} and {verdicts}");
            }
        }
    }
}
