using System;

namespace ConvAD.Explanation
{
    /// <summary>
    /// One perturbed image of the search: the parts of a split that are kept (<see cref="Active"/>) plus the job's other boxes,
    /// which stay present (<see cref="Static"/>). Every other pixel is removed. Holds boxes, not pixels: its mask is drawn into
    /// a batch slot only when it is evaluated.
    /// </summary>
    internal sealed class Mutant
    {
        public Mutant(int iteration, int sequence, int levelIndex, Box[] active, Box[] @static)
        {
            Iteration = iteration;
            Sequence = sequence;
            LevelIndex = levelIndex;
            Active = active;
            Static = @static;
            int area = 0;
            foreach (Box b in active)
            {
                area += b.Area;
            }

            foreach (Box b in @static)
            {
                area += b.Area;
            }

            VisibleArea = area;
        }

        public int Iteration { get; }

        /// <summary>Its number within its iteration: with the seed, it keys the mutant's random masking values.</summary>
        public int Sequence { get; }

        /// <summary>Its position in its level, which orders responsibility updates and ties.</summary>
        public int LevelIndex { get; }

        public Box[] Active { get; }

        public Box[] Static { get; }

        /// <summary>Present pixels (boxes never overlap).</summary>
        public int VisibleArea { get; }

        public void WriteMask(Span<float> mask, int width)
        {
            mask.Clear();
            foreach (Box b in Active)
            {
                b.Fill(mask, width);
            }

            foreach (Box b in Static)
            {
                b.Fill(mask, width);
            }
        }
    }
}
