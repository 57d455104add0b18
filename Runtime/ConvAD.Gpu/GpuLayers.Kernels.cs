using System;
using System.Linq;
using ConvAD.Onnx;
using ConvAD.Shapes;
using ILGPU;

namespace ConvAD.Gpu
{
    /// <summary>The kernels' launch parameters for each op, computed once per batch size from the node and its input shapes.</summary>
    public sealed partial class GpuLayers
    {
        private float ClipBound(OnnxNode node, int input, string attribute, float fallback)
        {
            if (node.Input(input).Length > 0)
            {
                return _model.SmallValues.TryGetValue(node.Input(input), out float[]? v) && v.Length == 1 ? v[0] :
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

        private DeviceTensor ConvCore(OnnxNode node, DeviceTensor x, DeviceTensor w, DeviceTensor? b)
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

            DeviceTensor y = Allocate(new long[] { _batch, k[0], oh, ow });
            var launch = new ConvLaunch
            {
                P = new ConvParams
                {
                    C = s[1], H = s[2], W = s[3], M = k[0], OH = oh, OW = ow, KH = k[2], KW = k[3],
                    SH = g.Strides[0], SW = g.Strides[1], PH = g.PadsBegin[0], PW = g.PadsBegin[1], DH = g.Dilations[0], DW = g.Dilations[1],
                    Groups = groups, HasBias = b != null ? 1 : 0, Masked = x.PendingMask != null ? 1 : 0,
                },
            };
            ArrayView<float> xs = x.View, ms = x.PendingMask?.View ?? Dummy, ws = w.View, bs = b?.View ?? Dummy, ys = y.View;
            int length = y.Length;
            // The parameters are read at launch time: an activation that follows may still fuse into them (FusedIntoConv).
            Launch(() => _kernels.Conv(length, xs, ms, ws, bs, ys, launch.P));
            _convOutputs[y] = launch;
            return y;
        }

        /// <summary>
        /// Fuses an activation into the convolution that produced <paramref name="x"/> when nothing else reads the
        /// convolution's output; returns the fused output (a view), or null when it cannot fuse. Not in step-through
        /// mode, where the convolution has already run.
        /// </summary>
        private DeviceTensor? FusedIntoConv(DeviceTensor x, int activation, float low, float high)
        {
            if (_eager || x.PendingMask != null || !_convOutputs.TryGetValue(x, out ConvLaunch? launch) || launch.P.Activation != 0 ||
                x.Source == null || _model.ReaderCount(x.Source) != 1)
            {
                return null;
            }

            launch.P.Activation = activation;
            launch.P.Low = low;
            launch.P.High = high;
            return new DeviceTensor(x.Buffer, x.Shape);
        }

        /// <summary>A recorded convolution whose parameters an activation after it may still change.</summary>
        private sealed class ConvLaunch
        {
            public ConvParams P;
        }

        private PoolParams Pool(OnnxNode node, DeviceTensor x, out long[] outShape)
        {
            int[] s = Dims4(x, node);
            long[] kernel = node.Ints("kernel_shape") ?? throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): kernel_shape is missing");
            PoolGeometry g = PoolGeometry.FromNode(node, kernel, s[2], s[3]);
            int oh = (int)g.OutputSize(0, s[2]), ow = (int)g.OutputSize(1, s[3]);
            outShape = new long[] { _batch, s[1], oh, ow };
            return new PoolParams
            {
                C = s[1], H = s[2], W = s[3], OH = oh, OW = ow, KH = g.Kernel[0], KW = g.Kernel[1], SH = g.Strides[0], SW = g.Strides[1],
                PBH = g.PadsBegin[0], PBW = g.PadsBegin[1], PEH = g.PadsEnd[0], PEW = g.PadsEnd[1], DH = g.Dilations[0], DW = g.Dilations[1],
                CountIncludePad = (int)node.Int("count_include_pad", 0),
            };
        }

        /// <summary>
        /// A 3-D pool over [N, D, C, H, W] whose window is one position on H and W (torch's LocalResponseNorm pools the
        /// channels of x² so): the 2-D pool of the view [N, D, C, H·W] with a window of one column. Never masked: it mixes
        /// channels only, so the plan leaves the mask unchanged.
        /// </summary>
        private DeviceTensor PoolOverChannels(OnnxNode node, DeviceTensor x, bool max)
        {
            long[] s = x.Shape;
            long[] k = node.Ints("kernel_shape") ?? throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): kernel_shape is missing");
            long[] strides = node.Ints("strides") ?? new long[] { 1, 1, 1 };
            long[] dilations = node.Ints("dilations") ?? new long[] { 1, 1, 1 };
            long[] pads = node.Ints("pads") ?? new long[6];
            string autoPad = node.String("auto_pad", "NOTSET");
            if (k.Length != 3 || strides.Length != 3 || dilations.Length != 3 || pads.Length != 6 || k[1] != 1 || k[2] != 1 ||
                strides[1] != 1 || strides[2] != 1 || dilations[1] != 1 || dilations[2] != 1 || pads[1] != 0 || pads[2] != 0 || pads[4] != 0 ||
                pads[5] != 0 || (autoPad != "NOTSET" && autoPad != "VALID") || node.Int("ceil_mode", 0) != 0)
            {
                throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): a 3-D pool runs on the GPU runtime only with a window of one position on its last two axes, explicit pads and no ceil_mode");
            }

            int c = checked((int)s[2]), hw = checked((int)(s[3] * s[4]));
            var g = new PoolGeometry(new[] { (int)k[0], 1 }, new[] { (int)strides[0], 1 }, new[] { autoPad == "VALID" ? 0 : (int)pads[0], 0 },
                new[] { autoPad == "VALID" ? 0 : (int)pads[3], 0 }, new[] { (int)dilations[0], 1 }, ceilMode: false);
            int oc = (int)g.OutputSize(0, c);
            var p = new PoolParams
            {
                C = (int)s[1], H = c, W = hw, OH = oc, OW = hw, KH = g.Kernel[0], KW = 1, SH = g.Strides[0], SW = 1,
                PBH = g.PadsBegin[0], PBW = 0, PEH = g.PadsEnd[0], PEW = 0, DH = g.Dilations[0], DW = 1,
                CountIncludePad = (int)node.Int("count_include_pad", 0),
            };
            DeviceTensor y = Allocate(new[] { s[0], s[1], oc, s[3], s[4] });
            ArrayView<float> xs = x.View, ys = y.View;
            int length = y.Length;
            if (max)
            {
                Launch(() => _kernels.MaxPool(length, xs, ys, p));
            }
            else
            {
                ArrayView<float> ms = Dummy;
                Launch(() => _kernels.AveragePool(length, xs, ms, ys, p));
            }

            return y;
        }

        private DeviceTensor MaxPoolCore(OnnxNode node, DeviceTensor x)
        {
            PoolParams p = Pool(node, x, out long[] shape);
            DeviceTensor y = Allocate(shape);
            ArrayView<float> xs = x.View, ys = y.View;
            int length = y.Length;
            Launch(() => _kernels.MaxPool(length, xs, ys, p));
            return y;
        }

        private DeviceTensor AveragePoolCore(OnnxNode node, DeviceTensor x, DeviceTensor? mask)
        {
            PoolParams p = Pool(node, x, out long[] shape);
            p.Masked = mask != null ? 1 : 0;
            DeviceTensor y = Allocate(shape);
            ArrayView<float> xs = x.View, ms = mask?.View ?? Dummy, ys = y.View;
            int length = y.Length;
            Launch(() => _kernels.AveragePool(length, xs, ms, ys, p));
            return y;
        }

        /// <summary>Global average or max over H and W (NCHW, or NHWC for a reduction of a channels-last tensor) into N×C values.</summary>
        private DeviceTensor GlobalPool(DeviceTensor x, bool max, DeviceTensor? mask, bool nhwc = false)
        {
            long[] s = x.Shape;
            if (s.Length != 4)
            {
                throw new NotSupportedException($"global pooling of a tensor of shape {TensorShape.Format(s)} is not supported yet");
            }

            DeviceTensor y = Allocate(nhwc ? new[] { s[0], 1L, 1L, s[3] } : new[] { s[0], s[1], 1L, 1L });
            ArrayView<float> xs = x.View, ms = mask?.View ?? Dummy, ys = y.View;
            int c = (int)(nhwc ? s[3] : s[1]), hw = (int)(nhwc ? s[1] * s[2] : s[2] * s[3]), flags = (mask != null ? 1 : 0) | (max ? 2 : 0);
            int length = y.Length;
            if (nhwc)
            {
                Launch(() => _kernels.GlobalPoolNhwc(length, xs, ms, ys, c, hw, flags));
            }
            else
            {
                Launch(() => _kernels.GlobalPool(length, xs, ms, ys, c, hw, flags));
            }

            return y;
        }

        private DeviceTensor Binary(DeviceTensor a, DeviceTensor b, int op)
        {
            long[] shape = BroadcastShape(a.Shape, b.Shape);
            int rank = shape.Length;
            var meta = new int[1 + 3 * rank];
            meta[0] = rank;
            for (int d = 0; d < rank; d++)
            {
                meta[1 + d] = checked((int)shape[d]);
            }

            FillStrides(a.Shape, shape, meta, 1 + rank);
            FillStrides(b.Shape, shape, meta, 1 + 2 * rank);
            DeviceTensor y = Allocate(shape);
            ArrayView<float> xa = a.View, xb = b.View, ys = y.View;
            ArrayView<int> ms = Upload(meta);
            int length = y.Length;
            Launch(() => _kernels.Binary(length, xa, xb, ys, ms, op));
            return y;
        }

        /// <summary>The broadcast shape of a binary op; a mismatch is an op this runtime cannot run, named as such.</summary>
        private static long[] BroadcastShape(long[] a, long[] b)
        {
            try
            {
                return TensorShape.Broadcast(a, b);
            }
            catch (ShapeException e)
            {
                throw new NotSupportedException(e.Message, e);
            }
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
            Launch(() => _kernels.Unary(length, xs, ys, op, low, high));
            return y;
        }

        private long[] ReshapeTarget(OnnxNode node, long[] input)
        {
            long[] target = Plan.Batch.ReshapeFixes.TryGetValue(node.Name, out long[]? fix) ? fix :
                Plan.Shapes!.ConstantOf(node.Input(1)) ?? throw new NotSupportedException($"node '{node.Name}' (Reshape): the target shape is not static");
            if (!_model.IsLiteral(node.Input(1)) && target.Length > 0 && target[0] == 1 && input.Length > 0 && input[0] == _batch && _batch != 1)
            {
                // A target computed from the input's Shape (a dynamic-batch flatten) was folded for the exported batch
                // of 1; ONNX Runtime computes it per call, so here its first entry is the batch.
                target = (long[])target.Clone();
                target[0] = _batch;
            }

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

        private DeviceTensor GemmCore(OnnxNode node, DeviceTensor a, DeviceTensor b, DeviceTensor? c, bool transA, bool transB, float alpha, float beta)
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
            ArrayView<float> xa = a.View, xb = b.View, xc = c?.View ?? Dummy, ys = y.View;
            int length = y.Length;
            Launch(() => _kernels.Gemm(length, xa, xb, xc, ys, p));
            return y;
        }

        /// <summary>MatMul of an [..., K] tensor by a 2-D [K, N] matrix (the forms the supported models use).</summary>
        private DeviceTensor MatMulCore(OnnxNode node, DeviceTensor a, DeviceTensor b)
        {
            if (b.Shape.Length != 2 || a.Shape.Length < 2 || a.Shape[a.Shape.Length - 1] != b.Shape[0])
            {
                throw new NotSupportedException($"node '{node.Name}' (MatMul): only [..., K] × [K, N] products are supported, got {TensorShape.Format(a.Shape)} × {TensorShape.Format(b.Shape)}");
            }

            long k = b.Shape[0];
            DeviceTensor flat = new DeviceTensor(a.Buffer, new[] { a.Length / k, k });
            DeviceTensor y = GemmCore(node, flat, b, null, false, false, 1f, 0f);
            long[] shape = a.Shape.ToArray();
            shape[shape.Length - 1] = b.Shape[1];
            return new DeviceTensor(y.Buffer, shape);
        }

        private DeviceTensor BatchNormCore(OnnxNode node, DeviceTensor x)
        {
            (DeviceTensor scale, DeviceTensor shift) = _model.BatchNorm(node.Name);
            if (x.Shape.Length < 2 || x.Shape[1] != scale.Shape[0])
            {
                throw new NotSupportedException($"node '{node.Name}' (BatchNormalization): {TensorShape.Format(x.Shape)} does not have {scale.Shape[0]} channels");
            }

            DeviceTensor y = Allocate(x.Shape);
            int c = (int)x.Shape[1];
            int hw = (int)x.Shape.Skip(2).Aggregate(1L, (a, d) => a * d);
            ArrayView<float> xs = x.View, ss = scale.View, ts = shift.View, ys = y.View;
            int length = y.Length;
            Launch(() => _kernels.ScaleShift(length, xs, ss, ts, ys, c, hw));
            return y;
        }

        private DeviceTensor SoftmaxCore(OnnxNode node, DeviceTensor x)
        {
            long[] s = x.Shape;
            bool legacy = _model.Graph.DefaultOpset < 13;
            int axis = ShapeInference.NormaliseAxis(node.Int("axis", legacy ? 1 : -1), s.Length);
            // Before opset 13 the input is coerced to 2-D at 'axis'; from 13 on softmax runs along 'axis' only.
            long extent = legacy ? s.Skip(axis).Aggregate(1L, (a, d) => a * d) : s[axis];
            long inner = legacy ? 1 : s.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
            DeviceTensor y = Allocate(s);
            ArrayView<float> xs = x.View, ys = y.View;
            int length = (int)(x.Length / extent);
            int e = (int)extent, i = (int)inner;
            Launch(() => _kernels.Softmax(length, xs, ys, e, i));
            return y;
        }
    }
}
