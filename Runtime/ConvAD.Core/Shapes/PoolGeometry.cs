using System;

namespace ConvAD.Shapes
{
    /// <summary>
    /// The spatial geometry of a windowed op (Conv, MaxPool, AveragePool) on one NCHW map:
    /// kernel, stride, explicit begin/end padding, dilation and ceil mode. Auto-padding is resolved
    /// to explicit pads, so the ConvAD mask propagation can replay the window exactly.
    /// </summary>
    internal sealed class PoolGeometry : IEquatable<PoolGeometry>
    {
        public PoolGeometry(int[] kernel, int[] strides, int[] padsBegin, int[] padsEnd, int[] dilations, bool ceilMode)
        {
            Kernel = kernel;
            Strides = strides;
            PadsBegin = padsBegin;
            PadsEnd = padsEnd;
            Dilations = dilations;
            CeilMode = ceilMode;
        }

        public int[] Kernel { get; }

        public int[] Strides { get; }

        public int[] PadsBegin { get; }

        public int[] PadsEnd { get; }

        public int[] Dilations { get; }

        public bool CeilMode { get; }

        public bool HasDilation => Dilations[0] != 1 || Dilations[1] != 1;

        /// <summary>True when the op reads exactly one input position per output position (1×1, stride 1, no padding).</summary>
        public bool IsPointwise =>
            Kernel[0] == 1 && Kernel[1] == 1 && Strides[0] == 1 && Strides[1] == 1 &&
            PadsBegin[0] == 0 && PadsBegin[1] == 0 && PadsEnd[0] == 0 && PadsEnd[1] == 0;

        /// <summary>
        /// True when some output position's window reads no input position, only padding: pads not smaller than the
        /// dilated kernel, or a dilation that steps over the whole input. Such a window has no Φ (0 of 0 positions); the
        /// mask takes the rule of an explicit constant Pad there (docs/architecture.md, "Windows over padding only").
        /// </summary>
        public bool HasPaddingOnlyWindows(long inputHeight, long inputWidth) =>
            HasPaddingOnlyWindow(0, inputHeight) || HasPaddingOnlyWindow(1, inputWidth);

        private bool HasPaddingOnlyWindow(int axis, long inputSize)
        {
            long n = OutputSize(axis, inputSize);
            long k = Kernel[axis], s = Strides[axis], d = Dilations[axis], p = PadsBegin[axis];
            for (long o = 0; o < n; o++)
            {
                // The taps o·s − p + i·d (0 ≤ i < k) inside [0, inputSize): the first i at or after 0, the last before the end.
                long start = o * s - p;
                long first = start >= 0 ? 0 : (-start + d - 1) / d;
                long last = inputSize - 1 - start < 0 ? -1 : Math.Min(k - 1, (inputSize - 1 - start) / d);
                if (first > last)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The output extent along one axis.</summary>
        public long OutputSize(int axis, long inputSize)
        {
            long effective = (long)Dilations[axis] * (Kernel[axis] - 1) + 1;
            long span = inputSize + PadsBegin[axis] + PadsEnd[axis] - effective;
            if (span < 0)
            {
                throw new ShapeException($"kernel {Kernel[axis]} does not fit an input of {inputSize}");
            }

            long n = CeilMode ? (span + Strides[axis] - 1) / Strides[axis] + 1 : span / Strides[axis] + 1;
            if (CeilMode && (n - 1) * Strides[axis] >= inputSize + PadsBegin[axis])
            {
                n--; // the last window must start inside the input or the begin padding (ONNX/PyTorch rule)
            }

            return n;
        }

        /// <summary>Reads a node's kernel/stride/pads/dilations, resolving auto_pad against the input size.</summary>
        public static PoolGeometry FromNode(Onnx.OnnxNode node, long[] kernel, long inputH, long inputW)
        {
            // The validator checks kernel_shape against the op's other attributes, not against the input's rank: a 1-D
            // kernel on an image input is refused here (found by fuzzing: it indexed past the kernel).
            if (kernel.Length != 2)
            {
                throw new ShapeException($"kernel_shape has {kernel.Length} values; a 2-D op needs 2");
            }

            int[] k = { checked((int)kernel[0]), checked((int)kernel[1]) };
            int[] s = Pair(node.Ints("strides"), 1);
            int[] d = Pair(node.Ints("dilations"), 1);
            bool ceil = node.Int("ceil_mode", 0) != 0;
            long[]? pads = node.Ints("pads");
            int[] begin = { 0, 0 };
            int[] end = { 0, 0 };
            string autoPad = node.String("auto_pad", "NOTSET");
            if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
            {
                long[] input = { inputH, inputW };
                for (int a = 0; a < 2; a++)
                {
                    long outSize = (input[a] + s[a] - 1) / s[a];
                    long total = Math.Max(0, (outSize - 1) * s[a] + (long)d[a] * (k[a] - 1) + 1 - input[a]);
                    int small = (int)(total / 2);
                    int large = (int)(total - small);
                    begin[a] = autoPad == "SAME_UPPER" ? small : large;
                    end[a] = autoPad == "SAME_UPPER" ? large : small;
                }
            }
            else if (autoPad != "VALID" && pads != null)
            {
                if (pads.Length != 4)
                {
                    throw new ShapeException($"pads has {pads.Length} values; a 2-D op needs 4");
                }

                begin = new[] { checked((int)pads[0]), checked((int)pads[1]) };
                end = new[] { checked((int)pads[2]), checked((int)pads[3]) };
            }

            if (k[0] <= 0 || k[1] <= 0 || s[0] <= 0 || s[1] <= 0 || d[0] <= 0 || d[1] <= 0 || begin[0] < 0 || begin[1] < 0 || end[0] < 0 || end[1] < 0)
            {
                throw new ShapeException("kernel, strides, dilations must be positive and pads non-negative");
            }

            return new PoolGeometry(k, s, begin, end, d, ceil);
        }

        private static int[] Pair(long[]? values, int fallback)
        {
            if (values == null || values.Length == 0)
            {
                return new[] { fallback, fallback };
            }

            if (values.Length != 2)
            {
                throw new ShapeException($"expected 2 spatial values, found {values.Length}");
            }

            return new[] { checked((int)values[0]), checked((int)values[1]) };
        }

        public bool Equals(PoolGeometry? other) =>
            other != null && Same(Kernel, other.Kernel) && Same(Strides, other.Strides) && Same(PadsBegin, other.PadsBegin) &&
            Same(PadsEnd, other.PadsEnd) && Same(Dilations, other.Dilations) && CeilMode == other.CeilMode;

        public override bool Equals(object? obj) => Equals(obj as PoolGeometry);

        public override int GetHashCode() => ToString().GetHashCode();

        public override string ToString() =>
            $"k{Kernel[0]}x{Kernel[1]} s{Strides[0]}x{Strides[1]} p{PadsBegin[0]},{PadsBegin[1]},{PadsEnd[0]},{PadsEnd[1]}" +
            (HasDilation ? $" d{Dilations[0]}x{Dilations[1]}" : "") + (CeilMode ? " ceil" : "");

        private static bool Same(int[] a, int[] b) => a[0] == b[0] && a[1] == b[1];
    }
}
