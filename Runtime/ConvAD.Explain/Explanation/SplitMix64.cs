namespace ConvAD.Explanation
{
    /// <summary>
    /// A tiny, fully specified random generator. System.Random's seeded sequence is an implementation detail of .NET;
    /// this one gives the same explanation for a seed on every runtime version and platform.
    /// </summary>
    internal struct SplitMix64
    {
        private ulong _state;

        public SplitMix64(ulong seed) => _state = seed;

        /// <summary>A well-mixed key for (seed, stream, index), so each mutant's noise is a function of its identity, not of batching.</summary>
        public static ulong Key(long seed, long stream, long index)
        {
            var g = new SplitMix64(unchecked((ulong)seed));
            ulong a = g.Next() ^ unchecked((ulong)stream * 0xD1B54A32D192ED03UL);
            g = new SplitMix64(a);
            ulong b = g.Next() ^ unchecked((ulong)index * 0x9E3779B97F4A7C15UL);
            return new SplitMix64(b).Next();
        }

        public ulong Next()
        {
            ulong z = unchecked(_state += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1) with 24 random bits (exactly representable as float).</summary>
        public float NextFloat() => (Next() >> 40) * (1f / (1 << 24));

        /// <summary>Uniform integer in [0, bound) (bound ≤ 2^31; the modulo bias is below 2^-32).</summary>
        public int NextInt(int bound) => (int)(Next() % (ulong)bound);
    }
}
