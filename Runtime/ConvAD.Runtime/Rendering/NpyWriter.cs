using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Text;

namespace ConvAD.Rendering
{
    /// <summary>Writes a float32 array in NumPy's .npy format (version 1.0, little-endian, C order), so <c>numpy.load</c> reads it.</summary>
    public static class NpyWriter
    {
        /// <summary>Writes <paramref name="values"/> with the given <paramref name="shape"/> to <paramref name="stream"/>; the shape's product must equal the value count.</summary>
        public static void Write(Stream stream, ReadOnlySpan<float> values, params int[] shape)
        {
            long count = 1;
            foreach (int d in shape)
            {
                count *= d;
            }

            if (count != values.Length)
            {
                throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {count} values, got {values.Length}");
            }

            string dims = shape.Length == 1 ? shape[0].ToString(CultureInfo.InvariantCulture) + "," : string.Join(", ", shape);
            string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
            // Magic (6) + version (2) + header length (2) + header + padding + '\n' must be a multiple of 64.
            int unpadded = 10 + header.Length + 1;
            header += new string(' ', (64 - unpadded % 64) % 64) + "\n";
            Span<byte> preamble = stackalloc byte[10];
            preamble[0] = 0x93;
            Encoding.ASCII.GetBytes("NUMPY", preamble.Slice(1));
            preamble[6] = 1;
            preamble[7] = 0;
            BinaryPrimitives.WriteUInt16LittleEndian(preamble.Slice(8), (ushort)header.Length);
            stream.Write(preamble);
            stream.Write(Encoding.ASCII.GetBytes(header));
            var buffer = new byte[values.Length * sizeof(float)];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), values[i]);
            }

            stream.Write(buffer);
        }

        /// <summary>Writes <paramref name="values"/> with the given <paramref name="shape"/> to the file <paramref name="path"/>, atomically (<see cref="AtomicFile"/>).</summary>
        public static void Write(string path, ReadOnlySpan<float> values, params int[] shape)
        {
            float[] copy = values.ToArray();
            AtomicFile.Write(path, s => Write(s, copy, shape));
        }
    }
}
