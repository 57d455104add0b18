using System;
using ConvAD.Description;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Evaluates batches of masks for one image under one perturbation. Callers draw masks into slots, then
    /// <see cref="Evaluate"/> builds the inputs, makes one engine call and turns scores into verdicts about the target.
    /// The batch buffers are allocated once; nothing is allocated per mutant or per pixel.
    /// </summary>
    internal sealed class MutantEvaluator
    {
        private readonly IExplainableModel _model;
        private readonly MutantInputs _inputs;
        private readonly OutputKind _output;
        private readonly float[] _images;
        private readonly float[] _masks;
        private readonly float[] _scores;
        private readonly ulong[] _keys;
        private readonly int _imageSize;
        private readonly bool _masked;

        /// <param name="model">The model the mutants are scored with.</param>
        /// <param name="inputs">How a mask becomes an input (the image, the perturbation).</param>
        /// <param name="output">Whether the model outputs logits or probabilities.</param>
        /// <param name="target">The class the verdicts are about.</param>
        /// <param name="capacity">The batch size asked for: fewer slots when that many would not fit <paramref name="maxBatchBytes"/>.</param>
        /// <param name="maxBatchBytes">The budget of the batch buffers (<see cref="ExplainerOptions.MaxBatchBytes"/>).</param>
        /// <exception cref="Engine.BatchMemoryException">One mutant's buffers alone exceed the budget (nothing is allocated).</exception>
        public MutantEvaluator(IExplainableModel model, MutantInputs inputs, OutputKind output, int target, int capacity, long maxBatchBytes)
        {
            _model = model;
            _inputs = inputs;
            _output = output;
            Target = target;
            Pixels = model.Shape.Height * model.Shape.Width;
            _imageSize = model.Shape.Length;
            // Clamped before anything is allocated: the result never depends on the batch size, only the peak memory does.
            capacity = Engine.BatchMemory.Capacity(capacity, BytesPerMutant(model), maxBatchBytes,
                $"one mutant of a {model.Shape} input (its image, mask and scores)", "ExplainerOptions.MaxBatchBytes, --max-batch-mb");
            Capacity = capacity;
            _images = new float[checked(capacity * _imageSize)];
            _masks = new float[checked(capacity * Pixels)];
            _scores = new float[checked(capacity * model.ClassCount)];
            _keys = new ulong[capacity];
            _masked = inputs.Perturbation.UsesMaskedForward;
            if (_masked)
            {
                // AD and layer masking never change the image, so every slot holds it once and for all.
                for (int i = 0; i < capacity; i++)
                {
                    inputs.Original.CopyTo(_images.AsSpan(i * _imageSize, _imageSize));
                }
            }
        }

        public int Target { get; }

        /// <summary>The buffers one slot holds: its input tensor, its H×W mask, its scores and its noise key.</summary>
        public static long BytesPerMutant(IExplainableModel model) =>
            ((long)model.Shape.Length + (long)model.Shape.Height * model.Shape.Width + model.ClassCount) * sizeof(float) + sizeof(ulong);

        public int Capacity { get; }

        public int Pixels { get; }

        public int MutantsEvaluated { get; private set; }

        public int EngineCalls { get; private set; }

        public Span<float> Mask(int slot) => _masks.AsSpan(slot * Pixels, Pixels);

        public void SetKey(int slot, ulong key) => _keys[slot] = key;

        /// <summary>Evaluates slots [0, count): a verdict passes if the target strictly wins with confidence ≥ <paramref name="minConfidence"/>.</summary>
        public void Evaluate(int count, float minConfidence, Span<MutantVerdict> verdicts)
        {
            if (count < 1 || count > Capacity)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            int classes = _model.ClassCount;
            Span<float> scores = _scores.AsSpan(0, count * classes);
            if (_masked)
            {
                MaskedForward.Run(_model, _inputs.Perturbation, _images.AsSpan(0, count * _imageSize), _masks.AsSpan(0, count * Pixels), count, scores);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    _inputs.Write(Mask(i), _keys[i], _images.AsSpan(i * _imageSize, _imageSize));
                }

                _model.RunPlain(_images.AsSpan(0, count * _imageSize), count, scores);
            }

            EngineCalls++;
            MutantsEvaluated += count;
            for (int i = 0; i < count; i++)
            {
                verdicts[i] = Judge(scores.Slice(i * classes, classes), Target, _output, minConfidence);
            }
        }

        /// <summary>
        /// The verdict on one row of scores: the target passes only when its score is strictly greater than every other
        /// class's. A tie is not a win: with almost everything deactivated a network can give all classes the same score, and
        /// an argmax that breaks ties by index would then hand class 0 a pass it did not earn. NaN never passes.
        /// </summary>
        public static MutantVerdict Judge(ReadOnlySpan<float> row, int target, OutputKind output, float minConfidence)
        {
            float confidence = Confidence(row, target, output);
            return new MutantVerdict(StrictlyWins(row, target) && confidence >= minConfidence, confidence);
        }

        /// <summary>True when <paramref name="target"/>'s score is greater than every other class's (false on any tie or NaN).</summary>
        public static bool StrictlyWins(ReadOnlySpan<float> row, int target)
        {
            float score = row[target];
            for (int c = 0; c < row.Length; c++)
            {
                if (c != target && !(score > row[c]))
                {
                    return false;
                }
            }

            return !float.IsNaN(score);
        }

        /// <summary>The target's probability: its softmax for logits (without allocating the whole distribution), else its score.</summary>
        public static float Confidence(ReadOnlySpan<float> row, int target, OutputKind output)
        {
            if (output != OutputKind.Logits)
            {
                return row[target];
            }

            float max = float.NegativeInfinity;
            foreach (float x in row)
            {
                max = Math.Max(max, x);
            }

            double sum = 0;
            foreach (float x in row)
            {
                sum += Math.Exp(x - (double)max);
            }

            return (float)(Math.Exp(row[target] - (double)max) / sum);
        }
    }
}
