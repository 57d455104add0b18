using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// The settings every attribution method shares: which method, its seed and how many masks go to the model per call.
    /// A method's own options type (<see cref="OcclusionOptions"/>, <see cref="RiseOptions"/>, <see cref="KernelShapOptions"/>)
    /// derives from it; pass one to <see cref="Explainer.Attribute"/>.
    /// </summary>
    public abstract record AttributionOptions
    {
        /// <summary>Seeds the method's random masks and the random masking values: the same seed gives the same map.</summary>
        public long Seed { get; init; }

        /// <summary>Masks per engine call. Only groups evaluations: it never changes the result.</summary>
        public int BatchSize { get; init; } = 64;

        /// <summary>The method's name on the command line and in outputs: "occlusion", "rise" or "kernelshap".</summary>
        public abstract string Method { get; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
        public virtual void Validate() => Check(BatchSize >= 1, "batch size must be at least 1");

        /// <summary>The method's masks for an image of <paramref name="height"/>×<paramref name="width"/> pixels.</summary>
        internal abstract IMaskQuery Query(int height, int width);

        /// <summary>Throws <see cref="ArgumentException"/> with <paramref name="message"/> unless <paramref name="ok"/>.</summary>
        protected static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }
    }
}
