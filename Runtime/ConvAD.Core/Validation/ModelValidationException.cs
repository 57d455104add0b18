using ConvAD.Onnx;

namespace ConvAD.Validation
{
    /// <summary>Which rule a model breaks; the generator reports each kind under its own diagnostic.</summary>
    public enum ModelRule
    {
        /// <summary>Something ONNX itself forbids (an opset that does not exist, a Conv group of 0, a negative pad…).</summary>
        Onnx,

        /// <summary>Valid ONNX, but a size beyond <see cref="ModelLimits"/>.</summary>
        Limit,

        /// <summary>A tensor kept in an external data file, which ConvAD does not load.</summary>
        ExternalData,
    }

    /// <summary>
    /// The model breaks a rule of ONNX or one of ConvAD's limits; the message names the node and op (or the
    /// tensor) at fault. An <see cref="OnnxFormatException"/>, so every reader of models already refuses it cleanly.
    /// </summary>
    public sealed class ModelValidationException : OnnxFormatException
    {
        /// <summary>A broken rule.</summary>
        /// <param name="rule">Which kind of rule is broken.</param>
        /// <param name="node">The node at fault; "" when the problem is the model's (an opset, a graph input, an initializer).</param>
        /// <param name="op">Its op type (or the tensor at fault); "" with no node.</param>
        /// <param name="reason">What is wrong, for people to read.</param>
        public ModelValidationException(ModelRule rule, string node, string op, string reason)
            : base(node.Length == 0 ? reason : $"node '{node}' ({op}): {reason}")
        {
            Rule = rule;
            Node = node;
            Op = op;
            Reason = reason;
        }

        /// <summary>Which kind of rule the model breaks; the generator reports each kind under its own diagnostic.</summary>
        public ModelRule Rule { get; }

        /// <summary>The node at fault, "" when the problem is the model's (an opset, a graph input, an initializer).</summary>
        public string Node { get; }

        /// <summary>The op type of the node at fault; "" with no node.</summary>
        public string Op { get; }

        /// <summary>What is wrong, without the node and op the message starts with.</summary>
        public string Reason { get; }
    }
}
