using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Evaluation
{
    /// <summary>One fixed colour per mode (AD red, layer masking and the masking values from the Tableau palette), so every chart reads the same.</summary>
    public static class ChartPalette
    {
        public static readonly Rgb24 Background = new Rgb24(255, 255, 255);
        public static readonly Rgb24 Ink = new Rgb24(30, 30, 30);
        public static readonly Rgb24 Grid = new Rgb24(225, 225, 225);

        public static Rgb24 Of(string mode) => mode switch
        {
            "ad" => new Rgb24(214, 39, 40),
            "layer-masking" => new Rgb24(227, 119, 194),
            "zero" => new Rgb24(31, 119, 180),
            "mean" => new Rgb24(255, 127, 14),
            "min" => new Rgb24(44, 160, 44),
            "random" => new Rgb24(148, 103, 189),
            "noise" => new Rgb24(140, 86, 75),
            "blur" => new Rgb24(127, 127, 127),
            _ => new Rgb24(23, 190, 207),
        };
    }
}
