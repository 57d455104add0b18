using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Engine;
using ConvAD.Onnx;
using ConvAD.Plan;
using ILGPU;
using ILGPU.Runtime;

namespace ConvAD.Gpu
{
    /// <summary>Weights: decoded from the model's payloads and uploaded once at load (fp16 widened, QDQ weights dequantized, BatchNorm folded).</summary>
    public sealed partial class GpuConvAdModel
    {
        // The quantized initializers read by quantized operators, with the scale and zero point they were dequantized with.
        private readonly Dictionary<string, (float[] Scale, float[] Zero)> _dequantized = new Dictionary<string, (float[] Scale, float[] Zero)>(StringComparer.Ordinal);

        private static OnnxTensor? FloatConstant(OnnxNode node) =>
            node.Attributes.TryGetValue("value", out OnnxAttribute? a) && a.Tensor != null && IsFloat(a.Tensor.ElementType) ? a.Tensor : null;

        private static bool IsFloat(TensorElementType t) => t == TensorElementType.Float || t == TensorElementType.Float16 || t == TensorElementType.Double;

        private void UploadWeights()
        {
            var batchNormInputs = new HashSet<string>(Plan.Order.Where(n => n.OpType == "BatchNormalization").SelectMany(n => n.Inputs.Skip(1)), StringComparer.Ordinal);
            foreach (OnnxTensor t in Graph.Graph.Initializers.Values)
            {
                if (IsFloat(t.ElementType))
                {
                    float[] values = TensorPayload.ReadFloats(_bytes, t);
                    if (values.Length <= 16 || batchNormInputs.Contains(t.Name))
                    {
                        _small[t.Name] = values;
                    }

                    _weights[t.Name] = Upload(values, t.Dims);
                }
                else if (t.ElementCount <= 16 && t.ElementType != TensorElementType.String)
                {
                    // Zero points and other small integer tensors, read on the host (exact as floats).
                    _small[t.Name] = TensorPayload.ReadFloats(_bytes, t);
                }
            }

            foreach (OnnxNode node in Plan.Order)
            {
                if (node.OpType == "Constant" && FloatConstant(node) is OnnxTensor c)
                {
                    float[] values = c.FloatValues ?? TensorPayload.ReadFloats(_bytes, c);
                    if (values.Length <= 16)
                    {
                        _small[node.Outputs[0]] = values;
                    }

                    _weights[node.Outputs[0]] = Upload(values, c.Dims);
                }
                else if (node.OpType == "DequantizeLinear" && Sequence.IsLoadTime(node))
                {
                    _weights[node.Outputs[0]] = DequantizeWeight(node);
                }
                else if (node.OpType != "Constant" && Sequence.IsLoadTime(node) && _weights.TryGetValue(node.Input(0), out DeviceTensor? viewed))
                {
                    // A view of a weight (Reshape, Flatten, Squeeze, Unsqueeze, Identity): same values, the inferred shape.
                    long[] shape = Plan.Shapes!.ShapeOf(node.Outputs[0])?.Dims ?? throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): the shape of '{node.Outputs[0]}' is not known");
                    _weights[node.Outputs[0]] = new DeviceTensor(viewed.Buffer, shape);
                    if (_small.TryGetValue(node.Input(0), out float[]? values))
                    {
                        _small[node.Outputs[0]] = values;
                    }
                }
                else if (node.OpType == "BatchNormalization")
                {
                    FoldBatchNorm(node);
                }
                else if (QuantizationFormat.IsQuantizedOperator(node) || node.OpType == "QGemm")
                {
                    DequantizeOperatorWeights(node);
                }
            }
        }

        /// <summary>Inference BatchNormalization as y = x·s + t, s = γ/√(σ²+ε), t = β − μ·s (computed in double).</summary>
        private void FoldBatchNorm(OnnxNode node)
        {
            float[] Values(int i) => _small.TryGetValue(node.Input(i), out float[]? v) ? v :
                throw new NotSupportedException($"node '{node.Name}' (BatchNormalization): input '{node.Input(i)}' is not an initializer");
            float[] gamma = Values(1), beta = Values(2), mean = Values(3), variance = Values(4);
            double eps = node.Float("epsilon", 1e-5f);
            var scale = new float[gamma.Length];
            var shift = new float[gamma.Length];
            for (int c = 0; c < gamma.Length; c++)
            {
                double s = gamma[c] / Math.Sqrt(variance[c] + eps);
                scale[c] = (float)s;
                shift[c] = (float)(beta[c] - mean[c] * s);
            }

            _batchNorms[node.Name] = (Upload(scale, new long[] { scale.Length }), Upload(shift, new long[] { shift.Length }));
        }

        /// <summary>
        /// A quantized weight (int8, uint8 or int32) dequantized once on the host as ONNX Runtime does it,
        /// (float)(q − zero point) · scale, per tensor or per channel along 'axis'.
        /// </summary>
        private DeviceTensor DequantizeWeight(OnnxNode node)
        {
            OnnxTensor q = Graph.Graph.Initializers.TryGetValue(node.Input(0), out OnnxTensor? t) ? t :
                throw new NotSupportedException($"node '{node.Name}' (DequantizeLinear): '{node.Input(0)}' is not an initializer");
            float[] scale = HostValues(node, 1) ?? throw new NotSupportedException($"node '{node.Name}' (DequantizeLinear): the scale is not a constant");
            float[] zero = HostValues(node, 2) ?? new float[scale.Length];
            int axis = scale.Length == 1 ? 0 : Shapes.ShapeInference.NormaliseAxis(node.Int("axis", 1), q.Dims.Length);
            return Upload(Dequantize(node, q, scale, zero, axis), q.Dims);
        }

        /// <summary>(float)(q − zero[c]) · scale[c], c the index along <paramref name="axis"/> (or one scale for all).</summary>
        private float[] Dequantize(OnnxNode node, OnnxTensor q, float[] scale, float[] zero, int axis)
        {
            float[] values = TensorPayload.ReadFloats(_bytes, q);
            int channels = scale.Length;
            if (channels != 1 && (q.Dims.Length == 0 || axis >= q.Dims.Length || q.Dims[axis] != channels || zero.Length != channels))
            {
                throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): {channels} scales do not match {Shapes.TensorShape.Format(q.Dims)} along axis {axis}");
            }

            long inner = channels == 1 ? 1 : q.Dims.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
            for (long i = 0; i < values.Length; i++)
            {
                int c = channels == 1 ? 0 : (int)(i / inner % channels);
                values[i] = (values[i] - zero[c]) * scale[c];
            }

            return values;
        }

        /// <summary>
        /// The constant operands of a quantized operator (QOperator format) as the floats they stand for, uploaded under
        /// their initializers' names: the weights (per output channel for a convolution, per column for a matrix) and
        /// the int32 bias, whose scale is the input's scale times the weight's.
        /// </summary>
        private void DequantizeOperatorWeights(OnnxNode node)
        {
            if (IntegerOperands.IsIntegerOp(node))
            {
                IntegerOperatorWeights(node);
                return;
            }

            (int weightAxis, int biasInput) = node.OpType switch
            {
                "QLinearConv" => (0, 8),
                "QLinearMatMul" => (-1, -1),
                "QGemm" => (node.Int("transB", 0) != 0 ? 0 : 1, 6),
                _ => (int.MinValue, -1),
            };
            if (weightAxis == int.MinValue || !Graph.Graph.Initializers.TryGetValue(node.Input(3), out OnnxTensor? w))
            {
                return;
            }

            float[] scale = HostValues(node, 4) ?? throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): the weight scale is not a constant");
            float[] zero = HostValues(node, 5) ?? new float[scale.Length];
            int axis = weightAxis < 0 ? w.Dims.Length - 1 : weightAxis;
            AddDequantized(node, w, scale, zero, axis);
            if (biasInput >= 0 && node.Input(biasInput).Length > 0 && Graph.Graph.Initializers.TryGetValue(node.Input(biasInput), out OnnxTensor? bias))
            {
                float[] inputScale = HostValues(node, 1) ?? throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): the input scale is not a constant");
                float[] biasScale = scale.Select(s => inputScale[0] * s).ToArray();
                AddDequantized(node, bias, biasScale, new float[biasScale.Length], bias.Dims.Length - 1);
            }
        }

        /// <summary>
        /// The constant operand (input 1) of ConvInteger or MatMulInteger as the integers the op reads, w − w_zero_point
        /// (exact in float), per output channel for a convolution's weights, per column for a matrix. Scale 1: the
        /// graph multiplies the scales in after the op, on its int32 sums.
        /// </summary>
        private void IntegerOperatorWeights(OnnxNode node)
        {
            if (!Graph.Graph.Initializers.TryGetValue(node.Input(1), out OnnxTensor? w))
            {
                return;
            }

            float[] zero = HostValues(node, IntegerOperands.ZeroPointInput(1)) ?? new float[1];
            int axis = node.OpType == "ConvInteger" ? 0 : w.Dims.Length - 1;
            AddDequantized(node, w, Enumerable.Repeat(1f, zero.Length).ToArray(), zero, axis);
        }

        private void AddDequantized(OnnxNode node, OnnxTensor q, float[] scale, float[] zero, int axis)
        {
            if (_dequantized.TryGetValue(q.Name, out (float[] Scale, float[] Zero) earlier))
            {
                if (!earlier.Scale.SequenceEqual(scale) || !earlier.Zero.SequenceEqual(zero))
                {
                    throw new NotSupportedException($"node '{node.Name}' ({node.OpType}): '{q.Name}' is read with another scale or zero point by another node");
                }

                return;
            }

            _dequantized[q.Name] = (scale, zero);
            _weights[q.Name] = Upload(Dequantize(node, q, scale, zero, axis), q.Dims);
        }

        /// <summary>The values of a node input held on the host (a small initializer or constant), or null.</summary>
        internal float[]? HostValues(OnnxNode node, int input)
        {
            if (node.Input(input).Length == 0)
            {
                return null;
            }

            if (_small.TryGetValue(node.Input(input), out float[]? small))
            {
                return small;
            }

            if (!Graph.Graph.Initializers.TryGetValue(node.Input(input), out OnnxTensor? t))
            {
                return null;
            }

            // Decoded once: per-channel quantization scales are read again by every recording.
            float[] values = TensorPayload.ReadFloats(_bytes, t);
            _small[node.Input(input)] = values;
            return values;
        }

        private DeviceTensor Upload(float[] values, long[] dims)
        {
            MemoryBuffer1D<float, Stride1D.Dense> buffer = _accelerator.Allocate1D<float>(Math.Max(1, values.Length));
            if (values.Length > 0)
            {
                buffer.CopyFromCPU(values);
            }

            return new DeviceTensor(buffer, dims);
        }
    }
}
