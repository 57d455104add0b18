using System.Collections.Generic;
using System.Linq;

namespace ConvAD.Plan
{
    /// <summary>
    /// An image input whose height or width is symbolic in the file (an export with dynamic H/W): which axes, what the file
    /// calls them, and the size the plan was built for. The plan is built only for a stated size (<see cref="PlanOptions.InputSize"/>).
    /// </summary>
    public sealed class SymbolicInputSize
    {
        internal SymbolicInputSize(string input, IReadOnlyList<int> axes, IReadOnlyList<string> names, InputSize? size)
        {
            Input = input;
            Axes = axes;
            Names = names;
            Size = size;
        }

        /// <summary>The image input's name.</summary>
        public string Input { get; }

        /// <summary>The symbolic spatial axes of the input, ascending (2 and 3 for N×C×H×W).</summary>
        public IReadOnlyList<int> Axes { get; }

        /// <summary>The file's names for those axes (<c>dim_param</c>, e.g. "H", "W"; "?" when unnamed), in the order of <see cref="Axes"/>.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>The size the plan was built for; null when none was stated (the plan is then unsupported and says how to state one).</summary>
        public InputSize? Size { get; }

        /// <inheritdoc/>
        public override string ToString() =>
            string.Join(", ", Axes.Select((a, i) => $"axis {a} '{Names[i]}'")) + (Size == null ? ": no size stated" : $": run at {Size}");
    }
}
