using System;
using System.Buffers.Binary;
using ConvAD.Onnx;

namespace ConvAD.Engine
{
    /// <summary>
    /// Decodes the values of a TensorProto (an initializer or a Constant's tensor) from the model bytes.
    /// The ONNX reader skips payloads; this reads them once, at load, to upload them to the device.
    /// Fields: dims = 1, data_type = 2, float_data = 4, int32_data = 5, int64_data = 7, name = 8,
    /// raw_data = 9, double_data = 10, data_location = 14.
    /// </summary>
    internal static class TensorPayload
    {
        /// <summary>The tensor's values as fp32 (fp16 widened exactly; integers converted).</summary>
        public static float[] ReadFloats(byte[] model, OnnxTensor tensor)
        {
            if (tensor.IsExternal)
            {
                throw new NotSupportedException($"tensor '{tensor.Name}' keeps its values in an external data file, which ConvAD does not load");
            }

            long count = tensor.ElementCount;
            if (count > int.MaxValue / 4)
            {
                throw new NotSupportedException($"tensor '{tensor.Name}' has {count} elements, more than ConvAD loads at once");
            }

            var values = new float[count];
            if (count == 0)
            {
                return values;
            }

            TensorElementType type = tensor.ElementType;
            int filled = 0;
            long p = tensor.Range.Offset;
            long end = tensor.Range.Offset + tensor.Range.Length;
            while (p < end)
            {
                ulong key = ProtoFields.Varint(model, ref p);
                int field = (int)(key >> 3);
                int wire = (int)(key & 7);
                switch (wire)
                {
                    case 0:
                        ProtoFields.Varint(model, ref p);
                        continue;
                    case 1:
                        p += 8;
                        continue;
                    case 5:
                        if (field == OnnxProto.Tensor.FloatData && type == TensorElementType.Float && filled < count)
                        {
                            values[filled++] = BinaryPrimitives.ReadSingleLittleEndian(model.AsSpan(checked((int)p), 4));
                        }

                        p += 4;
                        continue;
                    case 2:
                        break;
                    default:
                        throw new OnnxFormatException($"tensor '{tensor.Name}': unsupported wire type {wire}");
                }

                long length = (long)ProtoFields.Varint(model, ref p);
                long start = p;
                p += length;
                if (field == OnnxProto.Tensor.RawData)
                {
                    filled = DecodeRaw(model, start, length, type, values, tensor.Name);
                }
                else if (field == OnnxProto.Tensor.FloatData && type == TensorElementType.Float)
                {
                    for (long q = start; q + 4 <= start + length && filled < count; q += 4)
                    {
                        values[filled++] = BinaryPrimitives.ReadSingleLittleEndian(model.AsSpan(checked((int)q), 4));
                    }
                }
                else if (field == OnnxProto.Tensor.Int32Data || field == OnnxProto.Tensor.Int64Data)
                {
                    long q = start;
                    while (q < start + length && filled < count)
                    {
                        ulong v = ProtoFields.Varint(model, ref q);
                        values[filled++] = type switch
                        {
                            TensorElementType.Float16 => (float)BitConverter.UInt16BitsToHalf((ushort)v),
                            TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Int8 or TensorElementType.Int16 => field == OnnxProto.Tensor.Int64Data ? (long)v : (int)v,
                            _ => v,
                        };
                    }
                }
                else if (field == OnnxProto.Tensor.DoubleData && type == TensorElementType.Double)
                {
                    for (long q = start; q + 8 <= start + length && filled < count; q += 8)
                    {
                        values[filled++] = (float)BinaryPrimitives.ReadDoubleLittleEndian(model.AsSpan(checked((int)q), 8));
                    }
                }
            }

            if (filled != count)
            {
                throw new NotSupportedException($"tensor '{tensor.Name}' ({type.DisplayName()}, {count} values) stores {filled} values in a form the GPU runtime can read");
            }

            return values;
        }

        private static int DecodeRaw(byte[] model, long start, long length, TensorElementType type, float[] values, string name)
        {
            int size = type.Size();
            if (size == 0 || length != values.LongLength * size)
            {
                throw new NotSupportedException($"tensor '{name}': raw_data holds {length} bytes, expected {values.LongLength} × {size}");
            }

            ReadOnlySpan<byte> raw = model.AsSpan(checked((int)start), checked((int)length));
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = type switch
                {
                    TensorElementType.Float => BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i)),
                    TensorElementType.Float16 => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(2 * i))),
                    TensorElementType.Double => (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(8 * i)),
                    TensorElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(8 * i)),
                    TensorElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(4 * i)),
                    TensorElementType.Int8 => (sbyte)raw[i],
                    TensorElementType.UInt8 or TensorElementType.Bool => raw[i],
                    _ => throw new NotSupportedException($"tensor '{name}' has element type {type.DisplayName()}, which ConvAD does not load"),
                };
            }

            return values.Length;
        }
    }
}
