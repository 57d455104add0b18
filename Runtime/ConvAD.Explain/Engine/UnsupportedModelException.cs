using System;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>The model cannot run under ConvAD; <see cref="Reason"/> names the node, its op and why.</summary>
    public sealed class UnsupportedModelException : Exception
    {
        /// <summary>An exception for the unsupported node that <paramref name="reason"/> names.</summary>
        public UnsupportedModelException(UnsupportedReason reason)
            : base("unsupported model: " + reason)
        {
            Reason = reason;
        }

        /// <summary>The node, its op and why the model cannot run under ConvAD.</summary>
        public UnsupportedReason Reason { get; }
    }
}
