using System;
using System.Collections.Generic;

namespace ConvAD.Explanation
{
    /// <summary>
    /// One iteration of the responsibility search, advanced one level at a time. Its state depends only on its own seed
    /// and on the verdicts of its own mutants, so it reaches the same map however its mutants are grouped into batches.
    /// </summary>
    internal sealed class IterationSearch
    {
        // The 14 non-empty proper subsets of the 4 parts of a split, as bit sets.
        private const int FirstSubset = 1;
        private const int LastSubset = 14;

        private readonly ExplainerOptions _options;
        private readonly int _height;
        private readonly int _width;
        private readonly int? _budget;
        private SplitMix64 _rng;
        private List<Mutant> _level = new List<Mutant>();
        private MutantVerdict[] _verdicts = Array.Empty<MutantVerdict>();
        private int _outstanding;

        public IterationSearch(int iteration, ExplainerOptions options, int height, int width, int? budget)
        {
            Iteration = iteration;
            _options = options;
            _height = height;
            _width = width;
            _budget = budget;
            _rng = new SplitMix64(unchecked((ulong)(options.Seed + iteration)));
            Map = new float[height * width];
        }

        public int Iteration { get; }

        /// <summary>This iteration's responsibility map, row-major H×W.</summary>
        public float[] Map { get; }

        /// <summary>Levels whose mutants have been issued.</summary>
        public int Depth { get; private set; }

        public int MutantsIssued { get; private set; }

        public bool Done { get; private set; }

        public bool LevelComplete => _outstanding == 0;

        /// <summary>The first level: the whole image is the only box.</summary>
        public IReadOnlyList<Mutant> Start() =>
            Issue(new List<(Box[] Static, Box[] Active)> { (Array.Empty<Box>(), new[] { new Box(0, 0, _height, _width) }) });

        public void Record(Mutant mutant, MutantVerdict verdict)
        {
            _verdicts[mutant.LevelIndex] = verdict;
            _outstanding--;
        }

        /// <summary>Credits the finished level's passing mutants and issues the next level (empty when the search is over).</summary>
        public IReadOnlyList<Mutant> Advance()
        {
            var passing = new List<Mutant>();
            foreach (Mutant m in _level)
            {
                MutantVerdict v = _verdicts[m.LevelIndex];
                if (!v.Passes)
                {
                    continue;
                }

                passing.Add(m);
                float weight = _options.WeightByConfidence ? v.Confidence : 1f;
                float share = weight / m.Active.Length;
                foreach (Box b in m.Active)
                {
                    b.Add(Map, _width, share);
                }
            }

            // The smallest passing mutants carry on: they are the most informative about where the cause lies.
            passing.Sort((a, b) => a.VisibleArea != b.VisibleArea ? a.VisibleArea.CompareTo(b.VisibleArea) : a.LevelIndex.CompareTo(b.LevelIndex));
            var jobs = new List<(Box[] Static, Box[] Active)>();
            for (int i = 0; i < passing.Count && i < _options.QueueLength; i++)
            {
                jobs.Add((passing[i].Static, passing[i].Active));
            }

            return Depth >= _options.MaxDepth ? Finish() : Issue(jobs);
        }

        private IReadOnlyList<Mutant> Issue(List<(Box[] Static, Box[] Active)> jobs)
        {
            var level = new List<Mutant>();
            foreach ((Box[] stat, Box[] active) in jobs)
            {
                for (int j = 0; j < active.Length; j++)
                {
                    Box box = active[j];
                    if (box.Area < _options.MinBoxArea || box.Height < 2 || box.Width < 2)
                    {
                        continue;
                    }

                    // Uniform split point strictly inside the box, so that all four parts are non-empty.
                    int row = box.Top + 1 + _rng.NextInt(box.Height - 1);
                    int column = box.Left + 1 + _rng.NextInt(box.Width - 1);
                    Box[] parts = box.SplitAt(row, column);
                    Box[] rest = Rest(stat, active, j);
                    for (int subset = FirstSubset; subset <= LastSubset; subset++)
                    {
                        level.Add(new Mutant(Iteration, MutantsIssued + level.Count, level.Count, Pick(parts, subset), rest));
                    }
                }
            }

            if (level.Count == 0 || (_budget is int budget && MutantsIssued + level.Count > budget))
            {
                return Finish();
            }

            _level = level;
            _verdicts = new MutantVerdict[level.Count];
            _outstanding = level.Count;
            MutantsIssued += level.Count;
            Depth++;
            return level;
        }

        private IReadOnlyList<Mutant> Finish()
        {
            Done = true;
            _level = new List<Mutant>();
            return Array.Empty<Mutant>();
        }

        private static Box[] Rest(Box[] stat, Box[] active, int split)
        {
            var rest = new Box[stat.Length + active.Length - 1];
            stat.CopyTo(rest, 0);
            int k = stat.Length;
            for (int i = 0; i < active.Length; i++)
            {
                if (i != split)
                {
                    rest[k++] = active[i];
                }
            }

            return rest;
        }

        private static Box[] Pick(Box[] parts, int subset)
        {
            var picked = new Box[System.Numerics.BitOperations.PopCount((uint)subset)];
            int k = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                if ((subset & (1 << i)) != 0)
                {
                    picked[k++] = parts[i];
                }
            }

            return picked;
        }
    }
}
