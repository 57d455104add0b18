using System;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Rendering
{
    /// <summary>
    /// A perceptual colour map as a 256-entry lookup table. Viridis and inferno are Matt Zucker's degree-6 polynomial fits
    /// of matplotlib's maps (within a few RGB units of them); turbo is Google's published polynomial approximation.
    /// Perceptually uniform maps make equal steps of responsibility look like equal steps of colour, unlike "jet".
    /// </summary>
    public sealed class ColorMap
    {
        private static readonly double[,] ViridisCoefficients =
        {
            { 0.2777273272234177, 0.005407344544966578, 0.3340998053353061 },
            { 0.1050930431085774, 1.404613529898575, 1.384590162594685 },
            { -0.3308618287255563, 0.214847559468213, 0.09509516302823659 },
            { -4.634230498983486, -5.799100973351585, -19.33244095627987 },
            { 6.228269936347081, 14.17993336680509, 56.69055260068105 },
            { 4.776384997670288, -13.74514537774601, -65.35303263337234 },
            { -5.435455855934631, 4.645852612178535, 26.3124352495832 },
        };

        private static readonly double[,] InfernoCoefficients =
        {
            { 0.0002189403691192265, 0.001651004631001012, -0.01948089843709184 },
            { 0.1065134194856116, 0.5639564367884091, 3.932712388889277 },
            { 11.60249308247187, -3.972853965665698, -15.9423941062914 },
            { -41.70399613139459, 17.43639888205313, 44.35414519872813 },
            { 77.162935699427, -33.40235894210092, -81.80730925738993 },
            { -71.31942824499214, 32.62606426397723, 73.20951985803202 },
            { 25.13112622477341, -12.24266895238567, -23.07032500287172 },
        };

        private static readonly double[,] TurboCoefficients =
        {
            { 0.13572138, 0.09140261, 0.10667330 },
            { 4.61539260, 2.19418839, 12.64194608 },
            { -42.66032258, 4.84296658, -60.58204836 },
            { 132.13108234, -14.18503333, 110.36276771 },
            { -152.94239396, 4.27729857, -89.90310912 },
            { 59.28637943, 2.82956604, 27.34824973 },
            { 0, 0, 0 },
        };

        private readonly Rgb24[] _table;

        private ColorMap(string name, double[,] coefficients)
        {
            Name = name;
            _table = new Rgb24[256];
            for (int i = 0; i < 256; i++)
            {
                double t = i / 255.0;
                _table[i] = new Rgb24(Channel(coefficients, 0, t), Channel(coefficients, 1, t), Channel(coefficients, 2, t));
            }
        }

        /// <summary>Matplotlib's viridis: dark blue through green to yellow, perceptually uniform.</summary>
        public static ColorMap Viridis { get; } = new ColorMap("viridis", ViridisCoefficients);

        /// <summary>Matplotlib's inferno: black through red to pale yellow, perceptually uniform.</summary>
        public static ColorMap Inferno { get; } = new ColorMap("inferno", InfernoCoefficients);

        /// <summary>Google's turbo: blue through green to red, a rainbow with smooth lightness.</summary>
        public static ColorMap Turbo { get; } = new ColorMap("turbo", TurboCoefficients);

        /// <summary>The map's name as <see cref="Parse"/> accepts it ("viridis", "inferno", "turbo").</summary>
        public string Name { get; }

        /// <summary>The table's entry for <paramref name="value"/> in [0, 1] (clamped; NaN maps to 0).</summary>
        public Rgb24 this[float value] => _table[Index(value)];

        /// <summary>The table's entry <paramref name="index"/>, 0 to 255.</summary>
        public Rgb24 Entry(int index) => _table[index];

        /// <summary>The table index, 0 to 255, of <paramref name="value"/> in [0, 1] (clamped; NaN maps to 0).</summary>
        public static int Index(float value) => float.IsNaN(value) ? 0 : (int)Math.Round(Math.Clamp(value, 0f, 1f) * 255f);

        /// <summary>The colour map named <paramref name="name"/>, case-insensitive.</summary>
        /// <exception cref="ArgumentException">The name is not viridis, inferno or turbo.</exception>
        public static ColorMap Parse(string name) => name.ToLowerInvariant() switch
        {
            "viridis" => Viridis,
            "inferno" => Inferno,
            "turbo" => Turbo,
            _ => throw new ArgumentException($"unknown colour map '{name}': use viridis, inferno or turbo"),
        };

        private static byte Channel(double[,] c, int channel, double t)
        {
            double v = 0;
            for (int k = c.GetLength(0) - 1; k >= 0; k--)
            {
                v = v * t + c[k, channel];
            }

            return (byte)Math.Round(Math.Clamp(v, 0, 1) * 255);
        }
    }
}
