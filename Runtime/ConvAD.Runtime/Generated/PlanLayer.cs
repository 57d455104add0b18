using ConvAD.Plan;

namespace ConvAD.Generated
{
    /// <summary>
    /// One layer of a generated model's ConvAD plan, as the generator computed it: what AD does at this node.
    /// </summary>
    /// <param name="Index">The node's 0-based index in the ONNX graph.</param>
    /// <param name="Name">The node's name in the ONNX graph.</param>
    /// <param name="OpType">The node's ONNX op type.</param>
    /// <param name="Role">What the node does to space, which decides its checkpoints and output mask.</param>
    /// <param name="OutputShape">The first output's shape as exported, as text.</param>
    /// <param name="InputMask">The mask grid (see <see cref="PlanMaskGrid.Id"/>) of the node's spatial input, if any.</param>
    /// <param name="OutputMask">The mask grid of its output; null once space is folded or aggregated away.</param>
    /// <param name="Checkpoint">Where deactivated positions are reset before the node reads them ("input 0: zero"), or null.</param>
    /// <param name="Correction">The correction applied to the output so it aggregates over present positions only.</param>
    /// <param name="Window">The kernel/stride/padding window that propagates the mask, for spatial mixing.</param>
    public sealed record PlanLayer(
        int Index,
        string Name,
        string OpType,
        NodeRole Role,
        string OutputShape,
        int? InputMask,
        int? OutputMask,
        string? Checkpoint,
        OutputCorrection Correction,
        string? Window)
    {
        /// <summary>True when deactivated positions are reset before the node reads them (<c>Checkpoint</c> is set).</summary>
        public bool IsCheckpoint => Checkpoint != null;
    }

    /// <summary>One distinct mask grid of a generated model's ConvAD plan.</summary>
    /// <param name="Id">The grid's id; 0 is the input mask.</param>
    /// <param name="Origin">How the grid comes to be: the input mask, propagated, combined or padded.</param>
    /// <param name="Height">Height of the grid in positions.</param>
    /// <param name="Width">Width of the grid in positions.</param>
    /// <param name="Sources">The grids this one is computed from.</param>
    /// <param name="Window">The window that propagates it, for a propagated grid; the padding of a padded grid ("pad 1,1,1,1 edge": top, left, bottom, right, mode).</param>
    public sealed record PlanMaskGrid(int Id, MaskOrigin Origin, int Height, int Width, string Sources, string? Window);
}
