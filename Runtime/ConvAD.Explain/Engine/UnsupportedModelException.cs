using System;
using ConvAD.Plan;

namespace ConvAD.Engine
{
    /// <summary>The model cannot run under ConvAD; <see cref="Reason"/> names the node, its op and why.</summary>
    public sealed class UnsupportedModelException : Exception
    {
        public UnsupportedModelException(UnsupportedReason reason)
            : base("unsupported model: " + reason)
        {
            Reason = reason;
        }

        public UnsupportedReason Reason { get; }
    }
}
