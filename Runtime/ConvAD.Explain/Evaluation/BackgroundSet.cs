using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Imaging;

namespace ConvAD.Evaluation
{
    /// <summary>
    /// Backgrounds in the model's input space (after its preprocessing), ready to be composited with an explanation.
    /// Preprocessing maps each pixel on its own once the image has the input size, so pasting in input space is the same as
    /// pasting in RGB and preprocessing the composite.
    /// </summary>
    public sealed class BackgroundSet
    {
        private static readonly BackgroundKind[] Cycle = { BackgroundKind.UniformNoise, BackgroundKind.SolidColour, BackgroundKind.BlurredNoise };

        private readonly float[] _tensors;
        private readonly BackgroundKind[] _kinds;

        internal BackgroundSet(ImageTensorShape shape, float[] tensors, BackgroundKind[] kinds)
        {
            Shape = shape;
            _tensors = tensors;
            _kinds = kinds;
        }

        /// <summary>The shape of one background: the model's input shape.</summary>
        public ImageTensorShape Shape { get; }

        /// <summary>How many backgrounds the set holds.</summary>
        public int Count => _kinds.Length;

        /// <summary>The kind of each background, in the set's order.</summary>
        public IReadOnlyList<BackgroundKind> Kinds => _kinds;

        /// <summary>The kinds present, each once, in the order they first appear: the per-kind r(E) columns.</summary>
        public IReadOnlyList<BackgroundKind> DistinctKinds => _kinds.Distinct().ToArray();

        /// <summary>The kind of background <paramref name="index"/> of the ρ-robustness test: index mod 3 (uniform noise, solid colour, blurred noise): the legacy cycle.</summary>
        public static BackgroundKind DefaultKind(int index) => Cycle[index % Cycle.Length];

        /// <summary>Background <paramref name="index"/>'s input tensor.</summary>
        public ReadOnlySpan<float> Tensor(int index) => _tensors.AsSpan(index * Shape.Length, Shape.Length);

        /// <summary>Backgrounds given directly as input tensors (tests, or backgrounds made elsewhere).</summary>
        public static BackgroundSet FromTensors(ImageTensorShape shape, IReadOnlyList<float[]> tensors, IReadOnlyList<BackgroundKind>? kinds = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (tensors.Count == 0)
            {
                throw new ArgumentException("at least one background is needed", nameof(tensors));
            }

            var all = new float[checked(tensors.Count * shape.Length)];
            var k = new BackgroundKind[tensors.Count];
            for (int j = 0; j < tensors.Count; j++)
            {
                if (tensors[j].Length != shape.Length)
                {
                    throw new ArgumentException($"background {j} holds {tensors[j].Length} values; a {shape} input needs {shape.Length}");
                }

                tensors[j].CopyTo(all, j * shape.Length);
                k[j] = kinds != null ? kinds[j] : DefaultKind(j);
            }

            return new BackgroundSet(shape, all, k);
        }
    }
}
