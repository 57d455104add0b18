using System.Collections.Generic;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>How a node's mask comes to be.</summary>
    public enum MaskOrigin
    {
        /// <summary>The input mask M, on the input's grid.</summary>
        Input,

        /// <summary>Propagated through a window (kernel, stride, padding) by the rule Φ ≥ τ.</summary>
        Propagated,

        /// <summary>Combined from the masks of branches that meet.</summary>
        Combined,

        /// <summary>Padded with its tensor by an explicit Pad of the spatial axes (<see cref="PlanMask.Padding"/>).</summary>
        Padded,
    }

    /// <summary>One distinct mask grid of the plan (a 0/1 map of shape N×1×h×w).</summary>
    public sealed class PlanMask
    {
        internal PlanMask(int id, MaskOrigin origin, int height, int width, IReadOnlyList<int> sources, PoolGeometry? geometry, string createdBy,
            MaskPadding? padding = null)
        {
            Padding = padding;
            Id = id;
            Origin = origin;
            Height = height;
            Width = width;
            Sources = sources;
            Geometry = geometry;
            CreatedBy = createdBy;
        }

        /// <summary>The mask's index in <see cref="ConvAdPlan.Masks"/>; 0 is the input mask.</summary>
        public int Id { get; }

        /// <summary>How the mask comes to be: the input mask, propagated, combined or padded.</summary>
        public MaskOrigin Origin { get; }

        /// <summary>Height of the mask grid in positions (the height of the tensors it masks).</summary>
        public int Height { get; }

        /// <summary>Width of the mask grid in positions (the width of the tensors it masks).</summary>
        public int Width { get; }

        /// <summary>The masks this one is computed from (one for propagation, several for combination).</summary>
        public IReadOnlyList<int> Sources { get; }

        /// <summary>The window of a propagated mask.</summary>
        internal PoolGeometry? Geometry { get; }

        /// <summary>The padding of a padded mask.</summary>
        public MaskPadding? Padding { get; }

        /// <summary>The first node that needed this mask.</summary>
        public string CreatedBy { get; }

        /// <inheritdoc/>
        public override string ToString() => $"m{Id} {Height}x{Width} ({Origin.ToString().ToLowerInvariant()}{(Geometry != null ? " " + Geometry : "")}{(Padding != null ? " " + Padding : "")})";
    }

    /// <summary>What value a deactivated activation takes at a checkpoint.</summary>
    public enum Neutral
    {
        /// <summary>0 (or the quantized zero point): neutral for sums, convolutions and averages.</summary>
        Zero,

        /// <summary>The lowest value: neutral for max-pooling.</summary>
        Lowest,
    }

    /// <summary>A place where deactivated positions are reset to the neutral value, right before a node reads them.</summary>
    public sealed class PlanCheckpoint
    {
        internal PlanCheckpoint(string node, int inputIndex, string tensor, int maskId, Neutral neutral, SpatialLayout layout, int fillSteps = 0)
        {
            FillSteps = fillSteps;
            Node = node;
            InputIndex = inputIndex;
            Tensor = tensor;
            MaskId = maskId;
            Neutral = neutral;
            Layout = layout;
        }

        /// <summary>The name of the node that reads the checkpointed tensor.</summary>
        public string Node { get; }

        /// <summary>Which of the node's inputs (0-based) is checkpointed.</summary>
        public int InputIndex { get; }

        /// <summary>The name of the tensor that is checkpointed.</summary>
        public string Tensor { get; }

        /// <summary>The mask (<see cref="PlanMask.Id"/>) whose deactivated positions are reset.</summary>
        public int MaskId { get; }

        /// <summary>The value deactivated positions take: zero, or the lowest value before a max-pooling.</summary>
        public Neutral Neutral { get; }

        /// <summary>Where the checkpointed tensor keeps its height and width axes.</summary>
        public SpatialLayout Layout { get; }

        /// <summary>
        /// 0: occluded positions take the neutral value. Otherwise the number of 3×3 neighbour-averaging steps
        /// that fill occluded positions from present ones before the node reads them (<see cref="NeighbourFill"/>):
        /// enough to reach every position a present output's window reads.
        /// </summary>
        public int FillSteps { get; }
    }

    /// <summary>What a node does to space, in ConvAD's terms.</summary>
    public enum NodeRole
    {
        /// <summary>No spatial input: nothing to do.</summary>
        NonSpatial,

        /// <summary>Does not mix positions (element-wise, 1×1 convolution, normalisation with fixed statistics): mask unchanged.</summary>
        Pointwise,

        /// <summary>Mixes positions through a window: checkpoint before, propagated mask after.</summary>
        SpatialMixing,

        /// <summary>Aggregates over space (global pooling, mean over H and W): over present positions only.</summary>
        GlobalAggregate,

        /// <summary>Branches meet: masks combine.</summary>
        BranchMerge,

        /// <summary>Moves axes (Transpose, Reshape, Split, Slice on channels): the mask follows the spatial axes.</summary>
        Layout,

        /// <summary>Folds space into features (Flatten, Reshape): checkpoint before, no mask after.</summary>
        FoldsSpace,

        /// <summary>Reads only the shape of a spatial tensor.</summary>
        ShapeOnly,
    }

    /// <summary>A correction applied to a node's output so it aggregates over present positions only.</summary>
    public enum OutputCorrection
    {
        /// <summary>No correction: the output is used as the node computes it.</summary>
        None,

        /// <summary>AveragePool: rescale so the average is over present positions (Σx·m / Σm).</summary>
        MaskedWindowAverage,

        /// <summary>Global average: divide by the present share (Σx·m / Σm; 0 when nothing is present).</summary>
        MaskedGlobalMean,

        /// <summary>Global max: 0 when nothing is present.</summary>
        EmptyIsZero,

        /// <summary>MaxPool: reset positions whose windows were fully deactivated.</summary>
        ResetDeactivated,
    }

    /// <summary>The ConvAD plan entry of one node.</summary>
    public sealed class PlanNode
    {
        internal PlanNode(OnnxNode node, NodeRole role, long[]? outputShape, int? inputMask, int? outputMask, SpatialLayout? outputLayout,
            IReadOnlyList<PlanCheckpoint> checkpoints, OutputCorrection correction, PoolGeometry? geometry)
        {
            Index = node.Index;
            Name = node.Name;
            OpType = node.OpType;
            Role = role;
            OutputShape = outputShape;
            InputMask = inputMask;
            OutputMask = outputMask;
            OutputLayout = outputLayout;
            Checkpoints = checkpoints;
            Correction = correction;
            Geometry = geometry;
        }

        /// <summary>The node's 0-based index in the ONNX graph.</summary>
        public int Index { get; }

        /// <summary>The node's name in the ONNX graph.</summary>
        public string Name { get; }

        /// <summary>The node's ONNX op type (Conv, MaxPool, Add…).</summary>
        public string OpType { get; }

        /// <summary>What the node does to space, which decides its checkpoints and its output mask.</summary>
        public NodeRole Role { get; }

        /// <summary>The first output's shape as exported (batch as in the file).</summary>
        public long[]? OutputShape { get; }

        /// <summary>The mask of the (first) spatial input, if any.</summary>
        public int? InputMask { get; }

        /// <summary>The mask of the first output, or null when it carries none.</summary>
        public int? OutputMask { get; }

        /// <summary>Where the first output keeps its height and width axes; null when it has none.</summary>
        public SpatialLayout? OutputLayout { get; }

        /// <summary>The checkpoints applied to the node's inputs before it reads them; empty when none.</summary>
        public IReadOnlyList<PlanCheckpoint> Checkpoints { get; }

        /// <summary>True when the node has at least one checkpoint.</summary>
        public bool IsCheckpoint => Checkpoints.Count > 0;

        /// <summary>The correction applied to the node's output so it aggregates over present positions only.</summary>
        public OutputCorrection Correction { get; }

        /// <summary>The window used to propagate the mask (spatial mixing only).</summary>
        internal PoolGeometry? Geometry { get; }
    }

    /// <summary>Why a model cannot run under ConvAD: the node, its op, and the reason.</summary>
    public sealed class UnsupportedReason
    {
        /// <summary>A reason a model cannot run under ConvAD.</summary>
        /// <param name="node">The node at fault; "" when the problem is the model's as a whole.</param>
        /// <param name="op">Its op type; "" with no node.</param>
        /// <param name="reason">Why it cannot run, for people to read.</param>
        public UnsupportedReason(string node, string op, string reason)
        {
            Node = node;
            Op = op;
            Reason = reason;
        }

        /// <summary>The node at fault; "" when the problem is the model's as a whole (its input, its outputs).</summary>
        public string Node { get; }

        /// <summary>The op type of the node at fault; "" with no node.</summary>
        public string Op { get; }

        /// <summary>Why the model cannot run, for people to read.</summary>
        public string Reason { get; }

        /// <inheritdoc/>
        public override string ToString() => Node.Length == 0 ? Reason : $"node '{Node}' ({Op}): {Reason}";
    }
}
