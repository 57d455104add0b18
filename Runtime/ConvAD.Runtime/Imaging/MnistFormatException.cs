using System;

namespace ConvAD.Imaging
{
    /// <summary>An MNIST idx file is not what it should be (wrong magic number, truncated, counts disagree); the message names the file.</summary>
    public sealed class MnistFormatException : Exception
    {
        /// <summary>An idx file that cannot be read as MNIST.</summary>
        /// <param name="filePath">The file; it starts the message.</param>
        /// <param name="problem">What is wrong with it.</param>
        /// <param name="innerException">The I/O error behind it, if any.</param>
        public MnistFormatException(string filePath, string problem, Exception? innerException = null)
            : base($"{filePath}: {problem}", innerException)
        {
            FilePath = filePath;
        }

        /// <summary>The idx file at fault.</summary>
        public string FilePath { get; }
    }
}
