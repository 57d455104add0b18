using System;

namespace ConvAD.Imaging
{
    /// <summary>An MNIST idx file is not what it should be (wrong magic number, truncated, counts disagree); the message names the file.</summary>
    public sealed class MnistFormatException : Exception
    {
        public MnistFormatException(string filePath, string problem, Exception? innerException = null)
            : base($"{filePath}: {problem}", innerException)
        {
            FilePath = filePath;
        }

        public string FilePath { get; }
    }
}
