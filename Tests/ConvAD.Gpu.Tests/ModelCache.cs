using System;
using System.Collections.Generic;
using ConvAD.Plan;

namespace ConvAD.Gpu.Tests
{
    /// <summary>Loads each shipped model once per test class (ONNX Runtime session + device upload).</summary>
    public sealed class ModelCache : IDisposable
    {
        private readonly Dictionary<string, ModelPair> _pairs = new Dictionary<string, ModelPair>(StringComparer.Ordinal);
        private readonly object _gate = new object();

        internal ModelPair Get(string name, PropagationThreshold threshold, bool literalReference = false)
        {
            lock (_gate)
            {
                string key = name + "|" + threshold + "|" + literalReference;
                if (!_pairs.TryGetValue(key, out ModelPair? pair))
                {
                    pair = ModelPair.Load(name, threshold, literalReference);
                    _pairs[key] = pair;
                }

                return pair;
            }
        }

        public void Dispose()
        {
            foreach (ModelPair p in _pairs.Values)
            {
                p.Dispose();
            }
        }
    }
}
