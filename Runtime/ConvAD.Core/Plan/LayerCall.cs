using System.Collections.Generic;

namespace ConvAD.Plan
{
    /// <summary>What a <see cref="LayerCall"/> does in the ConvAD forward pass.</summary>
    public enum LayerCallKind
    {
        /// <summary>A mask of the plan: propagated through a window, padded with its tensor, or combined where branches meet.</summary>
        Mask,

        /// <summary>A checkpoint: a copy of a tensor with deactivated positions set to the neutral value.</summary>
        Checkpoint,

        /// <summary>One node of the model.</summary>
        Layer,

        /// <summary>An output correction that is a step of its own (MaxPool outputs reset where their window was empty).</summary>
        Correction,
    }

    /// <summary>
    /// One call of a model's ConvAD forward pass, as a runtime executes it and as the source generator writes it:
    /// <c>Results = Method(Node?, MaskId?, Arguments…)</c>. Arguments and results are variable names; a null
    /// argument is written <c>null</c> (an optional mask that is absent).
    /// </summary>
    public sealed class LayerCall
    {
        internal LayerCall(LayerCallKind kind, string method, IReadOnlyList<string> results, IReadOnlyList<string> arguments,
            string? node, int? maskId, IReadOnlyList<string> tensors, string comment)
        {
            Kind = kind;
            Method = method;
            Results = results;
            Arguments = arguments;
            Node = node;
            MaskId = maskId;
            Tensors = tensors;
            Comment = comment;
        }

        /// <summary>What the call does: compute a mask, a checkpoint, a node of the model or an output correction.</summary>
        public LayerCallKind Kind { get; }

        /// <summary>The runtime method: the node's op type for layers, or PropagateMask, PadMask, CombineMasks, Deactivate, DeactivateLowest, ResetDeactivated.</summary>
        public string Method { get; }

        /// <summary>Variable names of the results (several for a node with several outputs, such as Split).</summary>
        public IReadOnlyList<string> Results { get; }

        /// <summary>Variable names of the arguments: the node's activation inputs in order, then the mask a correction needs.</summary>
        public IReadOnlyList<string> Arguments { get; }

        /// <summary>The ONNX node (layers and corrections).</summary>
        public string? Node { get; }

        /// <summary>The plan mask a mask call computes.</summary>
        public int? MaskId { get; }

        /// <summary>The ONNX tensor names of the results.</summary>
        public IReadOnlyList<string> Tensors { get; }

        /// <summary>A one-line description for people reading the generated code.</summary>
        public string Comment { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{string.Join(", ", Results)} = {Method}({(Node != null ? "'" + Node + "', " : "")}{string.Join(", ", Arguments)})";
    }
}
