using System;
using System.Collections.Generic;
using System.Threading;

namespace ConvAD.Explanation
{
    /// <summary>
    /// Further explanations of one image, found by moving a spotlight (a disc) over its responsibility map: the disc's candidate
    /// pixels, most responsible first, are added a chunk at a time until the target passes on them alone. A spotlight that finds
    /// nothing grows, then moves (steered towards responsibility, or at random). Every evaluation is judged in a fixed order and
    /// keyed by (seed, spotlight, expansion, prefix), so the result does not depend on the batch size.
    /// </summary>
    internal sealed class SpotlightSearch
    {
        // Apart from the search's (≥ 0), the extraction's (−1, −2…) and the metrics' (−1,000 … −3,000) random masking values.
        private const long SpotlightStreams = -100_000;
        private const long ExhaustionStream = -99_000;
        private const long MoveStream = -99_001;

        // A disc's prefixes are at most this many: a wide disc steps by more than the explainer's chunk.
        private const int MaxPrefixes = 256;

        private readonly MutantEvaluator _evaluator;
        private readonly float[] _map;
        private readonly int _height;
        private readonly int _width;
        private readonly MultipleExplanationOptions _options;
        private readonly int _chunk;
        private readonly float _bar;
        private readonly long _seed;
        private readonly bool[] _used;
        private readonly List<float[]> _accepted = new List<float[]>();
        private SplitMix64 _random;

        public SpotlightSearch(MutantEvaluator evaluator, float[] map, int height, int width, MultipleExplanationOptions options, int chunk, float bar, long seed)
        {
            _evaluator = evaluator;
            _map = map;
            _height = height;
            _width = width;
            _options = options;
            _chunk = chunk;
            _bar = bar;
            _seed = seed;
            _used = new bool[height * width];
            _random = new SplitMix64(SplitMix64.Key(seed, MoveStream, 0));
        }

        /// <summary>Spotlight positions tried so far.</summary>
        public int Spotlights { get; private set; }

        /// <summary>Searches for explanations beyond <paramref name="first"/> until there are <see cref="MultipleExplanationOptions.Count"/>, or a stop rule holds.</summary>
        public SpotlightStop Run(float[] first, List<SpotlightExplanation> found, Action<double> reportProgress, CancellationToken cancellation)
        {
            Accept(first);
            int failures = 0;
            (int Row, int Column)? centre = null;
            while (found.Count < _options.Count)
            {
                cancellation.ThrowIfCancellationRequested();
                if (failures >= _options.Steps)
                {
                    return SpotlightStop.StepsSpent;
                }

                if (centre == null)
                {
                    // A new explanation starts where the most responsibility is left, as ReX's first spotlight does.
                    if (_options.MaxOverlap == 0 && !RestStillPasses())
                    {
                        return SpotlightStop.Exhausted;
                    }

                    centre = MostResponsibleFree();
                    if (centre == null)
                    {
                        return SpotlightStop.Exhausted;
                    }
                }

                int spotlight = Spotlights++;
                if (Search(spotlight, centre.Value) is SpotlightExplanation explanation)
                {
                    found.Add(explanation);
                    Accept(explanation.Explanation.ToArray());
                    centre = null;
                }
                else
                {
                    failures++;
                    centre = Move(centre.Value);
                }

                reportProgress(Math.Max(found.Count / (double)_options.Count, failures / (double)_options.Steps));
            }

            return SpotlightStop.CountReached;
        }

        private void Accept(float[] mask)
        {
            _accepted.Add(mask);
            for (int p = 0; p < mask.Length; p++)
            {
                _used[p] |= mask[p] != 0f;
            }
        }

        /// <summary>Whether every pixel no explanation holds, together, keeps the target: if not, no disjoint explanation is left.</summary>
        private bool RestStillPasses()
        {
            Span<float> mask = _evaluator.Mask(0);
            for (int p = 0; p < mask.Length; p++)
            {
                mask[p] = _used[p] ? 0f : 1f;
            }

            _evaluator.SetKey(0, SplitMix64.Key(_seed, ExhaustionStream, _accepted.Count));
            var verdict = new MutantVerdict[1];
            _evaluator.Evaluate(1, _bar, verdict);
            return verdict[0].Passes;
        }

        private SpotlightExplanation? Search(int spotlight, (int Row, int Column) centre)
        {
            int radius = _options.RadiusFor(_height, _width);
            for (int e = 0; e <= _options.Expansions; e++)
            {
                int r = radius * (e + 1);
                int[] candidates = Candidates(centre, r);
                if (candidates.Length == 0)
                {
                    continue;
                }

                long stream = SpotlightStreams - ((long)spotlight * (_options.Expansions + 1) + e);

                // The whole disc first (prefix 0 of this stream): most positions fail, and then cost one mutant, not every prefix.
                Span<float> all = _evaluator.Mask(0);
                all.Clear();
                foreach (int p in candidates)
                {
                    all[p] = 1f;
                }

                _evaluator.SetKey(0, SplitMix64.Key(_seed, stream, 0));
                var verdict = new MutantVerdict[1];
                _evaluator.Evaluate(1, _bar, verdict);
                if (!verdict[0].Passes)
                {
                    continue;
                }

                int chunk = Math.Max(_chunk, (candidates.Length + MaxPrefixes - 1) / MaxPrefixes);
                if (ExplanationExtractor.FirstPassingPrefix(_evaluator, candidates, chunk, _bar, _seed, stream, _ => { }, CancellationToken.None, out _)
                    is not ExplanationExtractor.Found region)
                {
                    continue;
                }

                if (!FewEnoughShared(region.Mask))
                {
                    return null;
                }

                var explanation = new SufficientExplanation(_height, _width, region.Mask, region.PrefixPixels, region.Verdict.Confidence, region.NoiseKey,
                    Sufficiency.Sufficient, minimised: false);
                return new SpotlightExplanation(explanation, centre.Row, centre.Column, r);
            }

            return null;
        }

        private bool FewEnoughShared(float[] mask)
        {
            foreach (float[] earlier in _accepted)
            {
                if (ExplanationOverlap.SharedFraction(mask, earlier) > _options.MaxOverlap)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The disc's candidate pixels, most responsible first (ties: lower index); earlier explanations' pixels only when overlap
        /// is permitted, and then after every free pixel.
        /// </summary>
        private int[] Candidates((int Row, int Column) centre, int radius)
        {
            var pixels = new List<int>();
            long r2 = (long)radius * radius;
            for (int y = Math.Max(0, centre.Row - radius); y <= Math.Min(_height - 1, centre.Row + radius); y++)
            {
                for (int x = Math.Max(0, centre.Column - radius); x <= Math.Min(_width - 1, centre.Column + radius); x++)
                {
                    long dy = y - centre.Row, dx = x - centre.Column;
                    int p = y * _width + x;
                    if (dy * dy + dx * dx <= r2 && (_options.MaxOverlap > 0 || !_used[p]))
                    {
                        pixels.Add(p);
                    }
                }
            }

            int[] order = pixels.ToArray();
            // Free pixels before earlier explanations' pixels, so that a permitted overlap is used only where it is needed.
            Array.Sort(order, (a, b) =>
            {
                int byFree = _used[a].CompareTo(_used[b]);
                if (byFree != 0)
                {
                    return byFree;
                }

                int byResponsibility = _map[b].CompareTo(_map[a]);
                return byResponsibility != 0 ? byResponsibility : a.CompareTo(b);
            });
            return order;
        }

        private (int Row, int Column)? MostResponsibleFree()
        {
            int best = -1;
            for (int p = 0; p < _map.Length; p++)
            {
                if (!_used[p] && (best < 0 || _map[p] > _map[best]))
                {
                    best = p;
                }
            }

            return best < 0 ? null : (best / _width, best % _width);
        }

        private (int Row, int Column) Move((int Row, int Column) centre)
        {
            if (_options.Move == SpotlightMove.Steered)
            {
                int step = _options.StepFor(_height, _width);
                double here = MeanFreeResponsibility(centre);
                (int Row, int Column)? best = null;
                double bestMean = here;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        var next = (Math.Clamp(centre.Row + dy * step, 0, _height - 1), Math.Clamp(centre.Column + dx * step, 0, _width - 1));
                        double mean = MeanFreeResponsibility(next);
                        if (mean > bestMean)
                        {
                            (best, bestMean) = (next, mean);
                        }
                    }
                }

                if (best is (int, int) uphill)
                {
                    return uphill;
                }
            }

            int pixel = _random.NextInt(_height * _width);
            return (pixel / _width, pixel % _width);
        }

        // The spotlight's objective: the mean responsibility of the disc's candidate pixels at the starting radius (ReX's "mean").
        private double MeanFreeResponsibility((int Row, int Column) centre)
        {
            int[] candidates = Candidates(centre, _options.RadiusFor(_height, _width));
            if (candidates.Length == 0)
            {
                return double.NegativeInfinity;
            }

            double sum = 0;
            foreach (int p in candidates)
            {
                sum += _map[p];
            }

            return sum / candidates.Length;
        }
    }
}
