using System;
using System.IO;
using System.Threading;
using ScottPlot;
using SkiaSharp;

namespace ConvAD.Charts
{
    /// <summary>
    /// The one typeface every chart and sheet is drawn with: DejaVu Sans, bundled in this assembly. A bare Linux machine (no
    /// fontconfig, no fonts) would otherwise render no text at all, and another machine would render other glyphs.
    /// </summary>
    public static class ChartFont
    {
        /// <summary>The family name charts ask for.</summary>
        public const string Family = "DejaVu Sans";

        private static readonly Lazy<SKTypeface> Loaded = new Lazy<SKTypeface>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
        private static readonly Lazy<bool> Registered = new Lazy<bool>(Register, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The bundled typeface.</summary>
        public static SKTypeface Typeface => Loaded.Value;

        /// <summary>Makes ScottPlot resolve every font name to the bundled typeface (once per process; later calls do nothing).</summary>
        public static void Use() => _ = Registered.Value;

        private static SKTypeface Load()
        {
            using Stream stream = typeof(ChartFont).Assembly.GetManifestResourceStream("ConvAD.Fonts.DejaVuSans.ttf")
                ?? throw new InvalidOperationException("the bundled font ConvAD.Fonts.DejaVuSans.ttf is missing from ConvAD.Reporting");
            return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("the bundled font could not be read");
        }

        private static bool Register()
        {
            Fonts.FontResolvers.Insert(0, new BundledResolver());
            Fonts.Default = Family;
            return true;
        }

        /// <summary>Answers every request with the bundled typeface: chart text never depends on the machine's fonts.</summary>
        private sealed class BundledResolver : IFontResolver
        {
            public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Typeface;

            public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Typeface;
        }
    }
}
