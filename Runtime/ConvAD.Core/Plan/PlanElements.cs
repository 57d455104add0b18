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

        public int Id { get; }

        public MaskOrigin Origin { get; }

        public int Height { get; }

        public int Width { get; }

        /// <summary>The masks this one is computed from (one for propagation, several for combination).</summary>
        public IReadOnlyList<int> Sources { get; }

        /// <summary>The window of a propagated mask.</summary>
        internal PoolGeometry? Geometry { get; }

        /// <summary>The padding of a padded mask.</summary>
        public MaskPadding? Padding { get; }

        /// <summary>The first node that needed this mask.</summary>
        public string CreatedBy { get; }

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

        public string Node { get; }

        public int InputIndex { get; }

        public string Tensor { get; }

        public int MaskId { get; }

        public Neutral Neutral { get; }

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

        public int Index { get; }

        public string Name { get; }

        public string OpType { get; }

        public NodeRole Role { get; }

        /// <summary>The first output's shape as exported (batch as in the file).</summary>
        public long[]? OutputShape { get; }

        /// <summary>The mask of the (first) spatial input, if any.</summary>
        public int? InputMask { get; }

        /// <summary>The mask of the first output, or null when it carries none.</summary>
        public int? OutputMask { get; }

        public SpatialLayout? OutputLayout { get; }

        public IReadOnlyList<PlanCheckpoint> Checkpoints { get; }

        public bool IsCheckpoint => Checkpoints.Count > 0;

        public OutputCorrection Correction { get; }

        /// <summary>The window used to propagate the mask (spatial mixing only).</summary>
        internal PoolGeometry? Geometry { get; }
    }

    /// <summary>Why a model cannot run under ConvAD: the node, its op, and the reason.</summary>
    public sealed class UnsupportedReason
    {
        public UnsupportedReason(string node, string op, string reason)
        {
            Node = node;
            Op = op;
            Reason = reason;
        }

        public string Node { get; }

        public string Op { get; }

        public string Reason { get; }

        public override string ToString() => Node.Length == 0 ? Reason : $"node '{Node}' ({Op}): {Reason}";
    }
}
