using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;

namespace ConvAD.Plan
{
    /// <summary>Whether the batch dimension can be made symbolic, and the Reshape targets to rewrite for it.</summary>
    internal sealed partial class ConvAdPlanBuilder
    {
        private BatchSupport AnalyseBatch(IReadOnlyList<OnnxNode> order)
        {
            var fixes = new Dictionary<string, long[]>(StringComparer.Ordinal);
            if (_shapes == null)
            {
                return new BatchSupport(false, "the graph could not be analysed", fixes);
            }

            var literal = new HashSet<string>(_model.Graph.Initializers.Keys, StringComparer.Ordinal);
            foreach (OnnxNode n in order)
            {
                if (n.OpType == "Constant")
                {
                    literal.Add(n.Outputs[0]);
                }
            }

            foreach (OnnxNode n in order)
            {
                if (n.OpType != "Reshape" || !_dataDependent.Contains(n.Input(0)) || !literal.Contains(n.Input(1)))
                {
                    continue;
                }

                long[]? target = _shapes.ConstantOf(n.Input(1));
                long[]? x = _shapes.ShapeOf(n.Input(0))?.Dims;
                if (target == null || x == null || x.Length == 0 || target.Length == 0 || x[0] != 1)
                {
                    continue;
                }

                bool allowZero = n.Int("allowzero", 0) != 0;
                long perSample = x.Skip(1).Aggregate(1L, (a, d) => a * d);
                if (target[0] == 0 && !allowZero)
                {
                    continue;
                }

                if (target[0] == -1 && target.Skip(1).All(d => d > 0) && target.Skip(1).Aggregate(1L, (a, d) => a * d) == perSample)
                {
                    continue;
                }

                if (target[0] == 1 && !allowZero && !target.Skip(1).Contains(0))
                {
                    long[] fixedTarget = (long[])target.Clone();
                    fixedTarget[0] = 0;
                    fixes[n.Name] = fixedTarget;
                    continue;
                }

                return new BatchSupport(false, $"Reshape '{n.Name}' hard-codes the target shape {TensorShape.Format(target)}, which fixes the batch size", new Dictionary<string, long[]>());
            }

            foreach (OnnxNode n in order)
            {
                if ((n.OpType == "Transpose" && _dataDependent.Contains(n.Input(0)) && (n.Ints("perm")?[0] ?? 0) != 0) ||
                    (n.OpType == "Flatten" && _dataDependent.Contains(n.Input(0)) && n.Int("axis", 1) == 0))
                {
                    return new BatchSupport(false, $"node '{n.Name}' ({n.OpType}) moves the batch axis", new Dictionary<string, long[]>());
                }
            }

            return new BatchSupport(true, null, fixes);
        }
    }
}
