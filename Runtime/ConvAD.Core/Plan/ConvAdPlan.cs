using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>
    /// The ConvAD plan of a model: for every node its role, mask and checkpoints, and the distinct
    /// mask grids. Computed once by <see cref="ConvAdPlanBuilder"/>; the generator emits it, the
    /// runtime applies it. An unsupported model has <see cref="Unsupported"/> set and no partial plan.
    /// </summary>
    public sealed class ConvAdPlan
    {
        internal ConvAdPlan(PlanOptions options, ModelInput? input, IReadOnlyList<string> outputs, IReadOnlyList<PlanNode> nodes,
            IReadOnlyList<PlanMask> masks, UnsupportedReason? unsupported, BatchSupport batch, long[]? outputShape, IReadOnlyList<OnnxNode> order, ShapeInference? shapes,
            SymbolicInputSize? symbolicSize)
        {
            SymbolicSize = symbolicSize;
            Shapes = shapes;
            Options = options;
            Input = input;
            Outputs = outputs;
            Nodes = nodes;
            Masks = masks;
            Unsupported = unsupported;
            Batch = batch;
            OutputShape = outputShape;
            Order = order;
        }

        /// <summary>The options the plan was built with (propagation threshold, mask combination, neighbour fill, input size).</summary>
        public PlanOptions Options { get; }

        /// <summary>Inferred shapes and element types of the graph's tensors (null when inference failed).</summary>
        internal ShapeInference? Shapes { get; }

        /// <summary>The image input (null when the model has none that ConvAD understands).</summary>
        public ModelInput? Input { get; }

        /// <summary>
        /// Set when the image input's height or width is symbolic in the file: which axes, and the size the plan was built for.
        /// Without a stated size (<see cref="PlanOptions.InputSize"/>) the plan is unsupported and <see cref="Input"/> is null.
        /// </summary>
        public SymbolicInputSize? SymbolicSize { get; }

        /// <summary>True when the plan is refused only because the input's height or width is symbolic and no size was stated.</summary>
        public bool NeedsInputSize => SymbolicSize != null && SymbolicSize.Size == null;

        /// <summary>The names of the graph's outputs, in the file's order; the first is the one classified.</summary>
        public IReadOnlyList<string> Outputs { get; }

        /// <summary>The first output's shape as exported.</summary>
        public long[]? OutputShape { get; }

        /// <summary>Classes predicted: the product of the first output's non-batch dimensions.</summary>
        public long ClassCount => OutputShape == null ? 0 : OutputShape.Skip(1).Aggregate(1L, (a, d) => a * d);

        /// <summary>One entry per node, in execution (topological) order.</summary>
        public IReadOnlyList<PlanNode> Nodes { get; }

        /// <summary>The graph's nodes in execution order.</summary>
        internal IReadOnlyList<OnnxNode> Order { get; }

        /// <summary>The distinct mask grids, indexed by <see cref="PlanMask.Id"/>; mask 0 is the input mask.</summary>
        public IReadOnlyList<PlanMask> Masks { get; }

        /// <summary>Every checkpoint of every node, in execution order.</summary>
        public IEnumerable<PlanCheckpoint> Checkpoints => Nodes.SelectMany(n => n.Checkpoints);

        /// <summary>The number of checkpoints in the plan (the count of <see cref="Checkpoints"/>).</summary>
        public int CheckpointCount => Nodes.Sum(n => n.Checkpoints.Count);

        /// <summary>True when the model can run under ConvAD (<see cref="Unsupported"/> is null).</summary>
        public bool IsSupported => Unsupported == null;

        /// <summary>Why the model cannot run under ConvAD; null when it can. An unsupported plan has no partial node plan.</summary>
        public UnsupportedReason? Unsupported { get; }

        /// <summary>Whether the model can run a batch of images in one call, and the Reshape fixes that make it so.</summary>
        public BatchSupport Batch { get; }
    }

    /// <summary>The image input of a model.</summary>
    public sealed class ModelInput
    {
        internal ModelInput(string name, TensorElementType elementType, long[] shape, SpatialLayout layout, SymbolicInputSize? symbolicSize = null)
        {
            SymbolicSize = symbolicSize;
            Name = name;
            ElementType = elementType;
            Shape = shape;
            Layout = layout;
        }

        /// <summary>The graph input's name, as in the ONNX file.</summary>
        public string Name { get; }

        /// <summary>The element type of the input tensor, as the file declares it.</summary>
        public TensorElementType ElementType { get; }

        /// <summary>
        /// The shape as the plan runs it: as exported, the batch dimension -1 when symbolic, a symbolic height and width
        /// replaced by the stated size (<see cref="SymbolicSize"/>).
        /// </summary>
        public long[] Shape { get; }

        /// <summary>Which spatial axes the file leaves symbolic and the size used for them; null when the file fixes both.</summary>
        public SymbolicInputSize? SymbolicSize { get; }

        /// <summary>Where the input keeps its batch, height and width axes (NCHW or NHWC).</summary>
        public SpatialLayout Layout { get; }

        /// <summary>Height of the model's input in pixels, after any stated input size.</summary>
        public int Height => (int)Shape[Layout.HeightAxis];

        /// <summary>Width of the model's input in pixels, after any stated input size.</summary>
        public int Width => (int)Shape[Layout.WidthAxis];

        /// <summary>Channels of the model's input (1 for gray, 3 for colour), read from its channel axis.</summary>
        public int Channels => (int)Shape[Layout.Equals(SpatialLayout.Nhwc) ? 3 : 1];
    }

    /// <summary>Whether the model can run a batch of N images in one call, and how.</summary>
    public sealed class BatchSupport
    {
        internal BatchSupport(bool canBatch, string? reason, IReadOnlyDictionary<string, long[]> reshapeFixes)
        {
            CanBatch = canBatch;
            Reason = reason;
            ReshapeFixes = reshapeFixes;
        }

        /// <summary>True when N images can run in one call; false when they run one by one (<see cref="Reason"/> says why).</summary>
        public bool CanBatch { get; }

        /// <summary>Why the batch dimension cannot be made symbolic (images then run one by one).</summary>
        public string? Reason { get; }

        /// <summary>Reshape nodes whose literal target shape hard-codes batch 1: node name → target with 0 (copy batch).</summary>
        public IReadOnlyDictionary<string, long[]> ReshapeFixes { get; }
    }
}
