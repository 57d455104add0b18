using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Plan;
using ConvAD.Shapes;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    public sealed partial class GpuConvAdModel
    {
        /// <summary>
        /// Walks the plan's nodes in graph order for one batch size and turns each into kernel launches on
        /// buffers allocated once: checkpoints before a node (deactivation to 0 or the lowest value), the op,
        /// then its output correction. In masked mode every plan mask is computed on the device first.
        /// </summary>
        private sealed class ProgramBuilder
        {
            private readonly GpuConvAdModel _m;
            private readonly int _n;
            private readonly bool _masked;
            private readonly List<Action> _steps = new List<Action>();
            private readonly List<IDisposable> _owned = new List<IDisposable>();
            private readonly Dictionary<string, DeviceTensor> _tensors = new Dictionary<string, DeviceTensor>(StringComparer.Ordinal);
            private readonly DeviceTensor[] _maskTensors;
            private readonly KernelSet _k;

            public ProgramBuilder(GpuConvAdModel model, int count, bool masked)
            {
                _m = model;
                _n = count;
                _masked = masked;
                _k = model._kernels;
                _maskTensors = new DeviceTensor[masked ? model.Plan.Masks.Count : 0];
            }

            private ConvAdPlan Plan => _m.Plan;

            public Program Build()
            {
                try
                {
                    return BuildCore();
                }
                catch
                {
                    foreach (IDisposable d in _owned)
                    {
                        d.Dispose();
                    }

                    throw;
                }
            }

            private Program BuildCore()
            {
                ModelInput input = Plan.Input!;
                DeviceTensor images = Allocate(new long[] { _n, input.Channels, input.Height, input.Width });
                _tensors[input.Name] = images;
                MemoryBuffer1D<float, Stride1D.Dense>? masks = null;
                if (_masked)
                {
                    DeviceTensor m = Allocate(new long[] { _n, 1, input.Height, input.Width });
                    masks = m.Buffer;
                    BuildMasks(m);
                }

                foreach (OnnxNode node in Plan.Order)
                {
                    if (IsHostOnly(Plan, node))
                    {
                        continue;
                    }

                    PlanNode? plan = _m._planNodes.TryGetValue(node.Index, out PlanNode? p) ? p : null;
                    Emit(node, plan);
                }

                DeviceTensor output = Tensor(Plan.Outputs[0]);
                if (output.Length != _n * _m.ClassCount)
                {
                    throw new NotSupportedException($"output '{Plan.Outputs[0]}' has shape {TensorShape.Format(output.Shape)} for a batch of {_n}; expected {_n}×{_m.ClassCount}");
                }

                return new Program(images.Buffer, masks, output, _steps.ToArray(), _owned.ToArray());
            }

            private DeviceTensor Allocate(long[] shape)
            {
                long length = shape.Aggregate(1L, (a, d) => a * d);
                MemoryBuffer1D<float, Stride1D.Dense> buffer = _m._accelerator.Allocate1D<float>(Math.Max(1, length));
                _owned.Add(buffer);
                return new DeviceTensor(buffer, shape);
            }

            private DeviceTensor Tensor(string name) =>
                _tensors.TryGetValue(name, out DeviceTensor? t) ? t :
                _m._weights.TryGetValue(name, out DeviceTensor? w) ? w :
                throw new NotSupportedException($"tensor '{name}' has no floating-point values on the device (an integer tensor used as data?)");

            // ---------------------------------------------------------------- masks

            private void BuildMasks(DeviceTensor input)
            {
                PropagationThreshold tau = Plan.Options.Threshold;
                foreach (PlanMask mask in Plan.Masks)
                {
                    DeviceTensor result;
                    switch (mask.Origin)
                    {
                        case MaskOrigin.Input:
                            result = input;
                            break;
                        case MaskOrigin.Propagated:
                        {
                            DeviceTensor src = _maskTensors[mask.Sources[0]];
                            PoolGeometry g = mask.Geometry!;
                            result = Allocate(new long[] { _n, 1, mask.Height, mask.Width });
                            var p = new MaskParams
                            {
                                H = (int)src.Shape[2], W = (int)src.Shape[3], OH = mask.Height, OW = mask.Width,
                                KH = g.Kernel[0], KW = g.Kernel[1], SH = g.Strides[0], SW = g.Strides[1],
                                PH = g.PadsBegin[0], PW = g.PadsBegin[1], DH = g.Dilations[0], DW = g.Dilations[1],
                                Any = tau.IsAny ? 1 : 0,
                                // Φ takes values k/n with small n; the margin separates τ from the nearest value below it (as the engine).
                                Threshold = tau.IsAny ? 0f : (float)(tau.Value * (1 - 1e-6)),
                            };
                            ArrayView<float> s = src.View, d = result.View;
                            int length = result.Length;
                            _steps.Add(() => _k.PropagateMask(length, s, d, p));
                            break;
                        }

                        default:
                        {
                            int op = Plan.Options.Combination == MaskCombination.Union ? Kernels.OpMax : Kernels.OpMul;
                            result = _maskTensors[mask.Sources[0]];
                            foreach (int source in mask.Sources.Skip(1))
                            {
                                result = BinaryOp(result, _maskTensors[source], op);
                            }

                            break;
                        }
                    }

                    _maskTensors[mask.Id] = result;
                }
            }

            private DeviceTensor MaskOf(int id, DeviceTensor forTensor, string node)
            {
                DeviceTensor mask = _maskTensors[id];
                if (forTensor.Shape.Length != 4 || forTensor.Shape[0] != _n || forTensor.Shape[2] != mask.Shape[2] || forTensor.Shape[3] != mask.Shape[3])
                {
                    throw new NotSupportedException($"node '{node}': a checkpoint on a tensor of shape {TensorShape.Format(forTensor.Shape)} with a {mask.Shape[2]}×{mask.Shape[3]} mask is not supported yet (NCHW only)");
                }

                return mask;
            }

            /// <summary>A copy of <paramref name="x"/> with deactivated positions (mask 0) set to <paramref name="neutral"/>.</summary>
            private DeviceTensor Deactivated(DeviceTensor x, DeviceTensor mask, float neutral, DeviceTensor? into = null)
            {
                DeviceTensor y = into ?? Allocate(x.Shape);
                ArrayView<float> xs = x.View, ms = mask.View, ys = y.View;
                int length = x.Length;
                int hw = (int)(x.Shape[2] * x.Shape[3]);
                int chw = (int)(x.Shape[1] * hw);
                _steps.Add(() => _k.Deactivate(length, xs, ms, ys, chw, hw, neutral));
                return y;
            }

            // ---------------------------------------------------------------- nodes

            private void Emit(OnnxNode node, PlanNode? plan)
            {
                // Inputs, with the plan's checkpoints applied right before this node reads them.
                var inputs = new DeviceTensor?[node.Inputs.Count];
                DeviceTensor In(int i) => inputs[i] ??= Tensor(node.Input(i));
                if (_masked && plan != null)
                {
                    foreach (PlanCheckpoint c in plan.Checkpoints)
                    {
                        if (!c.Layout.IsNchw)
                        {
                            throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): a checkpoint on a {c.Layout} tensor is not supported yet");
                        }

                        DeviceTensor x = In(c.InputIndex);
                        inputs[c.InputIndex] = Deactivated(x, MaskOf(c.MaskId, x, node.Name), c.Neutral == Neutral.Lowest ? float.MinValue : 0f);
                    }
                }

                OutputCorrection correction = _masked && plan != null ? plan.Correction : OutputCorrection.None;
                DeviceTensor y;
                switch (node.OpType)
                {
                    case "Conv":
                        y = Conv(node, In(0), In(1), node.Input(2).Length > 0 ? In(2) : null);
                        break;
                    case "Relu":
                        y = Unary(In(0), Kernels.UnaryRelu, 0f, 0f);
                        break;
                    case "Sigmoid":
                        y = Unary(In(0), Kernels.UnarySigmoid, 0f, 0f);
                        break;
                    case "Clip":
                        y = Unary(In(0), Kernels.UnaryClip, ClipBound(node, 1, "min", float.MinValue), ClipBound(node, 2, "max", float.MaxValue));
                        break;
                    case "Identity":
                    case "Dropout":
                        y = In(0);
                        break;
                    case "Add":
                        y = BinaryOp(In(0), In(1), Kernels.OpAdd);
                        break;
                    case "Sub":
                        y = BinaryOp(In(0), In(1), Kernels.OpSub);
                        break;
                    case "Mul":
                        y = BinaryOp(In(0), In(1), Kernels.OpMul);
                        break;
                    case "Div":
                        y = BinaryOp(In(0), In(1), Kernels.OpDiv);
                        break;
                    case "MaxPool":
                        y = MaxPool(node, In(0));
                        if (correction == OutputCorrection.ResetDeactivated)
                        {
                            y = Deactivated(y, MaskOf(plan!.OutputMask!.Value, y, node.Name), 0f, into: y);
                        }

                        break;
                    case "AveragePool":
                        y = AveragePool(node, In(0), correction == OutputCorrection.MaskedWindowAverage ? MaskOf(plan!.Checkpoints[0].MaskId, In(0), node.Name) : null);
                        break;
                    case "GlobalAveragePool":
                    case "GlobalMaxPool":
                        y = GlobalPool(In(0), node.OpType == "GlobalMaxPool",
                            correction is OutputCorrection.MaskedGlobalMean or OutputCorrection.EmptyIsZero ? MaskOf(plan!.Checkpoints[0].MaskId, In(0), node.Name) : null);
                        break;
                    case "Reshape":
                        y = new DeviceTensor(In(0).Buffer, ReshapeTarget(node, In(0).Shape));
                        break;
                    case "Flatten":
                    {
                        long[] s = In(0).Shape;
                        int axis = ShapeInference.NormaliseAxis(node.Int("axis", 1), s.Length);
                        y = new DeviceTensor(In(0).Buffer, new[] { s.Take(axis).Aggregate(1L, (a, d) => a * d), s.Skip(axis).Aggregate(1L, (a, d) => a * d) });
                        break;
                    }

                    case "Gemm":
                        y = Gemm(node, In(0), In(1), node.Input(2).Length > 0 ? In(2) : null,
                            node.Int("transA", 0) != 0, node.Int("transB", 0) != 0, node.Float("alpha", 1f), node.Float("beta", 1f));
                        break;
                    case "MatMul":
                        y = MatMul(node, In(0), In(1));
                        break;
                    case "BatchNormalization":
                        y = BatchNorm(node, In(0));
                        break;
                    case "Softmax":
                        y = Softmax(node, In(0));
                        break;
                    case "Constant":
                        y = Tensor(node.Outputs[0]);
                        break;
                    default:
                        throw new NotSupportedException($"node '{node.Name}' ({node.OpType}) is not supported by the GPU runtime yet");
                }

                if (correction != OutputCorrection.None && !(node.OpType is "MaxPool" or "AveragePool" or "GlobalAveragePool" or "GlobalMaxPool"))
                {
                    throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): output correction {correction} is not implemented by the GPU runtime");
                }

                _tensors[node.Outputs[0]] = y;
            }

            private float ClipBound(OnnxNode node, int input, string attribute, float fallback)
            {
                if (node.Input(input).Length > 0)
                {
                    return _m._small.TryGetValue(node.Input(input), out float[]? v) && v.Length == 1 ? v[0] :
                        throw new NotSupportedException($"node '{node.Name}' (Clip): bound '{node.Input(input)}' is not a constant");
                }

                return node.Float(attribute, fallback);
            }

            private static int[] Dims4(DeviceTensor t, OnnxNode node)
            {
                if (t.Shape.Length != 4)
                {
                    throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): only 2-D (N×C×H×W) tensors are supported, got {TensorShape.Format(t.Shape)}");
                }

                return t.Shape.Select(d => checked((int)d)).ToArray();
            }

            private DeviceTensor Conv(OnnxNode node, DeviceTensor x, DeviceTensor w, DeviceTensor? b)
            {
                int[] s = Dims4(x, node);
                int[] k = Dims4(w, node);
                PoolGeometry g = PoolGeometry.FromNode(node, node.Ints("kernel_shape") ?? new[] { w.Shape[2], w.Shape[3] }, s[2], s[3]);
                int groups = checked((int)node.Int("group", 1));
                int oh = (int)g.OutputSize(0, s[2]), ow = (int)g.OutputSize(1, s[3]);
                if (s[1] != k[1] * groups || k[0] % groups != 0)
                {
                    throw new NotSupportedException($"node '{node.Name}' (Conv): {s[1]} input channels do not match weights {TensorShape.Format(w.Shape)} with {groups} groups");
                }

                DeviceTensor y = Allocate(new long[] { _n, k[0], oh, ow });
                var p = new ConvParams
                {
                    C = s[1], H = s[2], W = s[3], M = k[0], OH = oh, OW = ow, KH = k[2], KW = k[3],
                    SH = g.Strides[0], SW = g.Strides[1], PH = g.PadsBegin[0], PW = g.PadsBegin[1], DH = g.Dilations[0], DW = g.Dilations[1],
                    Groups = groups, HasBias = b != null ? 1 : 0,
                };
                ArrayView<float> xs = x.View, ws = w.View, bs = b?.View ?? _m._dummy.View, ys = y.View;
                int length = y.Length;
                _steps.Add(() => _k.Conv(length, xs, ws, bs, ys, p));
                return y;
            }

            private PoolParams Pool(OnnxNode node, DeviceTensor x, out long[] outShape)
            {
                int[] s = Dims4(x, node);
                long[] kernel = node.Ints("kernel_shape") ?? throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): kernel_shape is missing");
                PoolGeometry g = PoolGeometry.FromNode(node, kernel, s[2], s[3]);
                int oh = (int)g.OutputSize(0, s[2]), ow = (int)g.OutputSize(1, s[3]);
                outShape = new long[] { _n, s[1], oh, ow };
                return new PoolParams
                {
                    C = s[1], H = s[2], W = s[3], OH = oh, OW = ow, KH = g.Kernel[0], KW = g.Kernel[1], SH = g.Strides[0], SW = g.Strides[1],
                    PBH = g.PadsBegin[0], PBW = g.PadsBegin[1], PEH = g.PadsEnd[0], PEW = g.PadsEnd[1], DH = g.Dilations[0], DW = g.Dilations[1],
                    CountIncludePad = (int)node.Int("count_include_pad", 0),
                };
            }

            private DeviceTensor MaxPool(OnnxNode node, DeviceTensor x)
            {
                PoolParams p = Pool(node, x, out long[] shape);
                DeviceTensor y = Allocate(shape);
                ArrayView<float> xs = x.View, ys = y.View;
                int length = y.Length;
                _steps.Add(() => _k.MaxPool(length, xs, ys, p));
                return y;
            }

            private DeviceTensor AveragePool(OnnxNode node, DeviceTensor x, DeviceTensor? mask)
            {
                PoolParams p = Pool(node, x, out long[] shape);
                p.Masked = mask != null ? 1 : 0;
                DeviceTensor y = Allocate(shape);
                ArrayView<float> xs = x.View, ms = mask?.View ?? _m._dummy.View, ys = y.View;
                int length = y.Length;
                _steps.Add(() => _k.AveragePool(length, xs, ms, ys, p));
                return y;
            }

            private DeviceTensor GlobalPool(DeviceTensor x, bool max, DeviceTensor? mask)
            {
                long[] s = x.Shape;
                if (s.Length != 4)
                {
                    throw new NotSupportedException($"global pooling of a tensor of shape {TensorShape.Format(s)} is not supported yet");
                }

                DeviceTensor y = Allocate(new[] { s[0], s[1], 1L, 1L });
                ArrayView<float> xs = x.View, ms = mask?.View ?? _m._dummy.View, ys = y.View;
                int c = (int)s[1], hw = (int)(s[2] * s[3]), flags = (mask != null ? 1 : 0) | (max ? 2 : 0);
                int length = y.Length;
                _steps.Add(() => _k.GlobalPool(length, xs, ms, ys, c, hw, flags));
                return y;
            }

            private DeviceTensor BinaryOp(DeviceTensor a, DeviceTensor b, int op)
            {
                long[] shape = TensorShapeBroadcast(a.Shape, b.Shape);
                int rank = shape.Length;
                var meta = new int[1 + 3 * rank];
                meta[0] = rank;
                for (int d = 0; d < rank; d++)
                {
                    meta[1 + d] = checked((int)shape[d]);
                }

                FillStrides(a.Shape, shape, meta, 1 + rank);
                FillStrides(b.Shape, shape, meta, 1 + 2 * rank);
                MemoryBuffer1D<int, Stride1D.Dense> metaBuffer = _m._accelerator.Allocate1D(meta);
                _owned.Add(metaBuffer);
                DeviceTensor y = Allocate(shape);
                ArrayView<float> xa = a.View, xb = b.View, ys = y.View;
                ArrayView<int> ms = metaBuffer.View;
                int length = y.Length;
                _steps.Add(() => _k.Binary(length, xa, xb, ys, ms, op));
                return y;
            }

            private static long[] TensorShapeBroadcast(long[] a, long[] b)
            {
                int rank = Math.Max(a.Length, b.Length);
                var result = new long[rank];
                for (int i = 0; i < rank; i++)
                {
                    long x = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
                    long y = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
                    if (x != y && x != 1 && y != 1)
                    {
                        throw new NotSupportedException($"shapes {TensorShape.Format(a)} and {TensorShape.Format(b)} do not broadcast");
                    }

                    result[i] = x == 1 ? y : x;
                }

                return result;
            }

            /// <summary>Strides of <paramref name="shape"/> aligned to the right of <paramref name="output"/>, 0 along broadcast axes.</summary>
            private static void FillStrides(long[] shape, long[] output, int[] meta, int offset)
            {
                int rank = output.Length;
                long stride = 1;
                for (int d = rank - 1; d >= 0; d--)
                {
                    int sd = d - (rank - shape.Length);
                    long extent = sd >= 0 ? shape[sd] : 1;
                    meta[offset + d] = extent == 1 && output[d] != 1 ? 0 : checked((int)stride);
                    stride *= extent;
                }
            }

            private DeviceTensor Unary(DeviceTensor x, int op, float low, float high)
            {
                DeviceTensor y = Allocate(x.Shape);
                ArrayView<float> xs = x.View, ys = y.View;
                int length = y.Length;
                _steps.Add(() => _k.Unary(length, xs, ys, op, low, high));
                return y;
            }

            private long[] ReshapeTarget(OnnxNode node, long[] input)
            {
                long[] target = Plan.Batch.ReshapeFixes.TryGetValue(node.Name, out long[]? fix) ? fix :
                    Plan.Shapes!.ConstantOf(node.Input(1)) ?? throw new NotSupportedException($"node '{node.Name}' (Reshape): the target shape is not static");
                bool allowZero = node.Int("allowzero", 0) != 0;
                long total = input.Aggregate(1L, (a, d) => a * d);
                var shape = new long[target.Length];
                int inferred = -1;
                long known = 1;
                for (int i = 0; i < target.Length; i++)
                {
                    if (target[i] == -1)
                    {
                        inferred = i;
                        continue;
                    }

                    shape[i] = target[i] == 0 && !allowZero ? input[i] : target[i];
                    known *= shape[i];
                }

                if (inferred >= 0)
                {
                    shape[inferred] = known == 0 ? 0 : total / known;
                }

                if (shape.Aggregate(1L, (a, d) => a * d) != total)
                {
                    throw new NotSupportedException($"node '{node.Name}' (Reshape): target {TensorShape.Format(target)} does not fit {TensorShape.Format(input)}");
                }

                return shape;
            }

            private DeviceTensor Gemm(OnnxNode node, DeviceTensor a, DeviceTensor b, DeviceTensor? c, bool transA, bool transB, float alpha, float beta)
            {
                if (a.Shape.Length != 2 || b.Shape.Length != 2)
                {
                    throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): expects 2-D operands, got {TensorShape.Format(a.Shape)} and {TensorShape.Format(b.Shape)}");
                }

                int m = (int)(transA ? a.Shape[1] : a.Shape[0]);
                int k = (int)(transA ? a.Shape[0] : a.Shape[1]);
                int n = (int)(transB ? b.Shape[0] : b.Shape[1]);
                if ((transB ? b.Shape[1] : b.Shape[0]) != k)
                {
                    throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): inner dimensions differ ({TensorShape.Format(a.Shape)} × {TensorShape.Format(b.Shape)})");
                }

                var p = new GemmParams { M = m, N = n, K = k, TransA = transA ? 1 : 0, TransB = transB ? 1 : 0, Alpha = alpha, Beta = beta };
                if (c != null)
                {
                    long[] cs = c.Shape;
                    long rows = cs.Length == 2 ? cs[0] : 1;
                    long cols = cs.Length >= 1 ? cs[cs.Length - 1] : 1;
                    if (cs.Length > 2 || (rows != 1 && rows != m) || (cols != 1 && cols != n))
                    {
                        throw new NotSupportedException($"node '{node.Name}' (Gemm): bias of shape {TensorShape.Format(cs)} does not broadcast to {m}×{n}");
                    }

                    p.HasC = 1;
                    p.CRowStride = rows == 1 ? 0 : (int)cols;
                    p.CColStride = cols == 1 ? 0 : 1;
                }

                DeviceTensor y = Allocate(new long[] { m, n });
                ArrayView<float> xa = a.View, xb = b.View, xc = c?.View ?? _m._dummy.View, ys = y.View;
                int length = y.Length;
                _steps.Add(() => _k.Gemm(length, xa, xb, xc, ys, p));
                return y;
            }

            /// <summary>MatMul of an [..., K] tensor by a 2-D [K, N] matrix (the forms the supported models use).</summary>
            private DeviceTensor MatMul(OnnxNode node, DeviceTensor a, DeviceTensor b)
            {
                if (b.Shape.Length != 2 || a.Shape.Length < 2 || a.Shape[a.Shape.Length - 1] != b.Shape[0])
                {
                    throw new NotSupportedException($"node '{node.Name}' (MatMul): only [..., K] × [K, N] products are supported, got {TensorShape.Format(a.Shape)} × {TensorShape.Format(b.Shape)}");
                }

                long k = b.Shape[0];
                DeviceTensor flat = new DeviceTensor(a.Buffer, new[] { a.Length / k, k });
                DeviceTensor y = Gemm(node, flat, b, null, false, false, 1f, 0f);
                long[] shape = a.Shape.ToArray();
                shape[shape.Length - 1] = b.Shape[1];
                return new DeviceTensor(y.Buffer, shape);
            }

            private DeviceTensor BatchNorm(OnnxNode node, DeviceTensor x)
            {
                (DeviceTensor scale, DeviceTensor shift) = _m._batchNorms[node.Name];
                if (x.Shape.Length < 2 || x.Shape[1] != scale.Shape[0])
                {
                    throw new NotSupportedException($"node '{node.Name}' (BatchNormalization): {TensorShape.Format(x.Shape)} does not have {scale.Shape[0]} channels");
                }

                DeviceTensor y = Allocate(x.Shape);
                int c = (int)x.Shape[1];
                int hw = (int)x.Shape.Skip(2).Aggregate(1L, (a, d) => a * d);
                ArrayView<float> xs = x.View, ss = scale.View, ts = shift.View, ys = y.View;
                int length = y.Length;
                _steps.Add(() => _k.ScaleShift(length, xs, ss, ts, ys, c, hw));
                return y;
            }

            private DeviceTensor Softmax(OnnxNode node, DeviceTensor x)
            {
                long[] s = x.Shape;
                bool legacy = _m.Graph.DefaultOpset < 13;
                int axis = ShapeInference.NormaliseAxis(node.Int("axis", legacy ? 1 : -1), s.Length);
                // Before opset 13 the input is coerced to 2-D at 'axis'; from 13 on softmax runs along 'axis' only.
                long extent = legacy ? s.Skip(axis).Aggregate(1L, (a, d) => a * d) : s[axis];
                long inner = legacy ? 1 : s.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
                DeviceTensor y = Allocate(s);
                ArrayView<float> xs = x.View, ys = y.View;
                int length = (int)(x.Length / extent);
                int e = (int)extent, i = (int)inner;
                _steps.Add(() => _k.Softmax(length, xs, ys, e, i));
                return y;
            }
        }
    }
}
