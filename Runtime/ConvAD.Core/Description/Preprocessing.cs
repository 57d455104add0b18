using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ConvAD.Description
{
    /// <summary>
    /// How 8-bit pixels become the model's input values:
    /// <c>value = ((low + (high − low)·p/255) − mean[c]) / std[c]</c> for pixel byte <c>p</c> in tensor channel <c>c</c>.
    /// Channel indices are the tensor's (for BGR, channel 0 is blue), so mean/std are listed in that order too.
    /// Width, height, channel count and layout are not here: they belong to the model's graph.
    /// </summary>
    public sealed class Preprocessing
    {
        // Copied and exposed read-only so a description cannot change after it was validated.
        private readonly double[] _mean;
        private readonly double[] _std;

        /// <summary>A preprocessing, checked as a sidecar's is.</summary>
        /// <param name="colorOrder">The order of the tensor's channels, or gray for one channel.</param>
        /// <param name="pixelLow">The value a 0 pixel maps to before mean/std.</param>
        /// <param name="pixelHigh">The value a 255 pixel maps to before mean/std; must differ from <paramref name="pixelLow"/>.</param>
        /// <param name="mean">One value for all channels or one per tensor channel; null for 0.</param>
        /// <param name="std">One positive value for all channels or one per tensor channel; null for 1.</param>
        /// <param name="resize">How an image of another size is brought to the model's input size.</param>
        /// <param name="shortSide">The short side's length before the centre crop; used only with <see cref="ResizeKind.ShortSideCenterCrop"/>.</param>
        /// <exception cref="ArgumentException">A value is out of range or inconsistent (the message says which).</exception>
        public Preprocessing(
            ColorOrder colorOrder,
            double pixelLow,
            double pixelHigh,
            IReadOnlyList<double>? mean = null,
            IReadOnlyList<double>? std = null,
            ResizeKind resize = ResizeKind.Stretch,
            int? shortSide = null)
        {
            _mean = (mean ?? new[] { 0.0 }).ToArray();
            _std = (std ?? new[] { 1.0 }).ToArray();
            string? problem = FindProblem(colorOrder, pixelLow, pixelHigh, _mean, _std, resize, shortSide);
            if (problem != null)
            {
                throw new ArgumentException(problem);
            }

            ColorOrder = colorOrder;
            PixelLow = pixelLow;
            PixelHigh = pixelHigh;
            Resize = resize;
            ShortSide = resize == ResizeKind.ShortSideCenterCrop ? shortSide : null;
        }

        /// <summary>The fallback for a model without a sidecar: RGB, [0, 1], no mean/std, stretch.</summary>
        public static Preprocessing Default { get; } = new Preprocessing(ColorOrder.Rgb, 0, 1);

        /// <summary>The order of the tensor's channels (RGB, BGR) or gray for a one-channel input.</summary>
        public ColorOrder ColorOrder { get; }

        /// <summary>The value a 0 pixel maps to before mean/std.</summary>
        public double PixelLow { get; }

        /// <summary>The value a 255 pixel maps to before mean/std.</summary>
        public double PixelHigh { get; }

        /// <summary>One value for all channels, or one per tensor channel.</summary>
        public IReadOnlyList<double> Mean => Array.AsReadOnly(_mean);

        /// <summary>One value for all channels, or one per tensor channel; all positive.</summary>
        public IReadOnlyList<double> Std => Array.AsReadOnly(_std);

        /// <summary>How an image of another size is brought to the model's input height and width.</summary>
        public ResizeKind Resize { get; }

        /// <summary>The short side's length before the centre crop; set only for <see cref="ResizeKind.ShortSideCenterCrop"/>.</summary>
        public int? ShortSide { get; }

        /// <summary>The channel count this colour order produces.</summary>
        public int Channels => ColorOrder == ColorOrder.Gray ? 1 : 3;

        /// <summary>The input value for pixel byte <paramref name="pixel"/> in tensor channel <paramref name="channel"/>.</summary>
        public float Map(int channel, byte pixel)
        {
            // Computed in double so that e.g. (p/255 − 0.485)/0.229 rounds once, like the reference pipelines.
            double scaled = PixelLow + (PixelHigh - PixelLow) * pixel / 255.0;
            double mean = _mean.Length == 1 ? _mean[0] : _mean[channel];
            double std = _std.Length == 1 ? _std[0] : _std[channel];
            return (float)((scaled - mean) / std);
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            string resize = Resize == ResizeKind.Stretch ? "stretch" : $"short side {ShortSide} + centre crop";
            return $"{ColorOrder.ToString().ToUpperInvariant()}, pixels [{Num(PixelLow)}, {Num(PixelHigh)}], " +
                   $"mean [{string.Join(", ", _mean.Select(Num))}], std [{string.Join(", ", _std.Select(Num))}], {resize}";
        }

        /// <summary>Shared by the constructor and the sidecar reader so both report the same problem in the same words.</summary>
        internal static string? FindProblem(
            ColorOrder colorOrder, double low, double high, IReadOnlyList<double> mean, IReadOnlyList<double> std, ResizeKind resize, int? shortSide)
        {
            if (!Enum.IsDefined(typeof(ColorOrder), colorOrder))
            {
                return $"unknown colorOrder {colorOrder}";
            }

            if (!IsFinite(low) || !IsFinite(high) || low == high)
            {
                return $"pixelRange must be two different finite numbers, got [{Num(low)}, {Num(high)}]";
            }

            if (Math.Abs(low) > PreprocessingLimits.MaxMagnitude || Math.Abs(high) > PreprocessingLimits.MaxMagnitude)
            {
                return $"pixelRange [{Num(low)}, {Num(high)}] is out of range: each value must lie within ±{Num(PreprocessingLimits.MaxMagnitude)}";
            }

            int channels = colorOrder == ColorOrder.Gray ? 1 : 3;
            string? problem = CheckPerChannel("mean", mean, channels, colorOrder) ?? CheckPerChannel("std", std, channels, colorOrder);
            if (problem != null)
            {
                return problem;
            }

            for (int i = 0; i < std.Count; i++)
            {
                if (!(std[i] > 0))
                {
                    return $"std must be positive, but std[{i}] is {Num(std[i])}";
                }

                if (std[i] < PreprocessingLimits.MinStd)
                {
                    return $"std[{i}] is {Num(std[i])}, below the smallest allowed std {Num(PreprocessingLimits.MinStd)} (dividing by it would make pixels infinite)";
                }
            }

            if (resize == ResizeKind.ShortSideCenterCrop && (shortSide == null || shortSide <= 0))
            {
                return "resize mode shortSideCenterCrop needs a positive integer shortSide";
            }

            if (resize == ResizeKind.ShortSideCenterCrop && shortSide > PreprocessingLimits.MaxShortSide)
            {
                return $"resize.shortSide {shortSide} is over the limit of {PreprocessingLimits.MaxShortSide}";
            }

            return Enum.IsDefined(typeof(ResizeKind), resize) ? null : $"unknown resize mode {resize}";
        }

        private static string? CheckPerChannel(string name, IReadOnlyList<double> values, int channels, ColorOrder colorOrder)
        {
            if (values.Count != 1 && values.Count != channels)
            {
                return channels == 1
                    ? $"{name} must have 1 value for colorOrder {colorOrder}, got {values.Count}"
                    : $"{name} must have 1 or 3 values, got {values.Count}";
            }

            for (int i = 0; i < values.Count; i++)
            {
                if (!IsFinite(values[i]))
                {
                    return $"{name}[{i}] is not a finite number";
                }

                if (Math.Abs(values[i]) > PreprocessingLimits.MaxMagnitude)
                {
                    return $"{name}[{i}] is {Num(values[i])}, out of range: it must lie within ±{Num(PreprocessingLimits.MaxMagnitude)}";
                }
            }

            return null;
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
