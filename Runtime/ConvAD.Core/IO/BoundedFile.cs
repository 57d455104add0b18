using System;
using System.Globalization;
using System.IO;

namespace ConvAD.IO
{
    /// <summary>
    /// Reads a whole input file (a model, a sidecar, a labels file) only when it is a regular file within a size limit, so
    /// /dev/zero, a FIFO or a 40 GB file named like a model is refused in a line instead of filling memory or hanging.
    /// </summary>
    internal static class BoundedFile
    {
        /// <summary>The most one read can hold: 2 × 10⁹ bytes, under .NET's largest array.</summary>
        public const long MaxBytes = 2_000_000_000;

        /// <summary>The default cap for model files: all that one read can hold, which is also about ONNX's 2 GiB protobuf limit.</summary>
        public const long DefaultMaxModelBytes = MaxBytes;

        /// <summary>The bytes of <paramref name="path"/>; <paramref name="what"/> names it in errors ("model file").</summary>
        /// <exception cref="FileNotFoundException">No such file.</exception>
        /// <exception cref="InputFileException">A directory, a special or empty file, or over <paramref name="maxBytes"/>.</exception>
        public static byte[] ReadAllBytes(string path, long maxBytes, string what)
        {
            if (maxBytes <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "the limit must be positive");
            }

            maxBytes = Math.Min(maxBytes, MaxBytes);
            if (Directory.Exists(path))
            {
                throw new InputFileException(what, path, "is a directory");
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{what} not found: {path}", path);
            }

            if (!RegularFile.IsReadable(path))
            {
                throw new InputFileException(what, path, "is empty, or not a regular file (a pipe, socket or device)");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long length = stream.Length;
            if (length == 0 || !stream.CanSeek)
            {
                throw new InputFileException(what, path, "is empty, or not a regular file (a pipe, socket or device)");
            }

            if (length > maxBytes)
            {
                throw new InputFileException(what, path, $"is {Format(length)}, over the {Format(maxBytes)} limit");
            }

            var bytes = new byte[length];
            int read = 0;
            while (read < bytes.Length)
            {
                int n = stream.Read(bytes, read, bytes.Length - read);
                if (n == 0)
                {
                    throw new InputFileException(what, path, "shrank while it was read");
                }

                read += n;
            }

            return bytes;
        }

        private static string Format(long bytes) => bytes >= 1 << 20
            ? (bytes / (double)(1 << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
    }

    /// <summary>An input file cannot be used as it is: the message names the file and why.</summary>
    public sealed class InputFileException : IOException
    {
        /// <summary>An input file that cannot be used.</summary>
        /// <param name="message">Names the file and says why it cannot be used (missing, too large, not a regular file…).</param>
        public InputFileException(string message)
            : base(message)
        {
            Reason = message;
        }

        /// <param name="what">What the file is ("model file").</param>
        /// <param name="path">The file.</param>
        /// <param name="reason">Why it cannot be used, without the file's name.</param>
        public InputFileException(string what, string path, string reason)
            : base($"{what} {path} {reason}")
        {
            Reason = reason;
        }

        /// <summary>Why, without the file's name.</summary>
        public string Reason { get; }
    }
}
