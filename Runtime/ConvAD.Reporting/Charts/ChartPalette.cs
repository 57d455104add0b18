using ScottPlot;

namespace ConvAD.Charts
{
    /// <summary>One fixed colour per mode (AD red, layer masking and the masking values from the Tableau palette), so every chart reads the same.</summary>
    public static class ChartPalette
    {
        /// <summary>
        /// The colour of <paramref name="mode"/>'s lines, bands, boxes and points; teal for a mode the palette does not know. A
        /// label <c>method/mode</c> (an evaluation of several methods) takes its mode's colour; the method sets the line pattern.
        /// </summary>
        public static Color Of(string mode) => (mode ?? "")[((mode ?? "").LastIndexOf('/') + 1)..] switch
        {
            "ad" => new Color(214, 39, 40),
            "layer-masking" => new Color(227, 119, 194),
            "zero" => new Color(31, 119, 180),
            "mean" => new Color(255, 127, 14),
            "min" => new Color(44, 160, 44),
            "random" => new Color(148, 103, 189),
            "noise" => new Color(140, 86, 75),
            "blur" => new Color(127, 127, 127),
            _ => new Color(23, 190, 207),
        };

        /// <summary>
        /// The marker of a method's points: rex circles, occlusion squares, RISE triangles, KernelSHAP diamonds (markers, not dash
        /// patterns, which the SVG canvas cannot draw).
        /// </summary>
        internal static MarkerShape MarkerOf(string method) => method switch
        {
            "occlusion" => MarkerShape.FilledSquare,
            "rise" => MarkerShape.FilledTriangleUp,
            "kernelshap" => MarkerShape.FilledDiamond,
            _ => MarkerShape.FilledCircle,
        };
    }
}
