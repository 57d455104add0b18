using System.IO;
using ConvAD.Rendering;
using ScottPlot;
using SkiaSharp;

namespace ConvAD.Charts
{
    /// <summary>Writes a chart (one or more stacked panels) as a PNG and, beside it, the same chart as an SVG with its text as text.</summary>
    public static class ChartFiles
    {
        /// <summary>The SVG written beside <paramref name="png"/>: the same name ending in .svg.</summary>
        public static string SvgOf(string png) => Path.ChangeExtension(png, ".svg");

        /// <summary>Renders <paramref name="chart"/> at <paramref name="width"/>×<paramref name="height"/> pixels to <paramref name="png"/> and <see cref="SvgOf"/>, each atomically.</summary>
        internal static void Write(string png, Multiplot chart, int width, int height)
        {
            var rect = new PixelRect(new PixelSize(width, height));
            AtomicFile.Write(png, stream =>
            {
                using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height));
                chart.Render(surface.Canvas, rect);
                using SKImage image = surface.Snapshot();
                using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
                data.SaveTo(stream);
            });
            AtomicFile.Write(SvgOf(png), stream =>
            {
                using var managed = new SKManagedWStream(stream);
                using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), managed))
                {
                    chart.Render(canvas, rect);
                }
            });
        }
    }
}
