using ConvAD.Onnx;

namespace ConvAD.Plan
{
    /// <summary>
    /// ONNX Runtime's QOperator contrib ops. Each computes what its float op computes, on values stored as
    /// scale·(q − zero point), so each takes its float op's role; the checkpoints write the zero point
    /// (the engine, GraphRewriter.Checkpoints.cs).
    /// </summary>
    internal sealed partial class ConvAdPlanBuilder
    {
        /// <summary>A com.microsoft QLinear op ConvAD has a rule for; any other custom-domain op stays refused.</summary>
        private static bool IsQuantizedContrib(OnnxNode node) =>
            node.Domain == OpCatalog.MicrosoftDomain && OpCatalog.MicrosoftQuantized.Contains(node.OpType);

        /// <summary>
        /// The pooling contrib ops can read NHWC in place of NCHW (channels_last = 1, which ONNX Runtime's own layout
        /// optimiser writes, not its quantizer); the window rules here are written for NCHW.
        /// </summary>
        private static void RequireChannelsFirst(OnnxNode node)
        {
            if (node.Int("channels_last", 0) != 0)
            {
                throw new GraphException(node.Name, node.OpType, "channels_last pooling (NHWC inside a quantized op) is not supported");
            }
        }
    }
}
