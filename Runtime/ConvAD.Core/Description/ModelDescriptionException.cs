using System;

namespace ConvAD.Description
{
    /// <summary>
    /// A sidecar (<c>*.convad.json</c>) is missing, malformed, or does not fit its model.
    /// The message always names the file so a user can open it and fix it.
    /// </summary>
    public sealed class ModelDescriptionException : Exception
    {
        /// <summary>A sidecar that cannot be used.</summary>
        /// <param name="filePath">The sidecar (or a file it names) at fault; it starts the message.</param>
        /// <param name="problem">What is wrong with it, for people to read.</param>
        /// <param name="innerException">The I/O or JSON error behind the problem, if any.</param>
        public ModelDescriptionException(string filePath, string problem, Exception? innerException = null)
            : base($"{filePath}: {problem}", innerException)
        {
            FilePath = filePath;
            Problem = problem;
        }

        /// <summary>The sidecar (or the file it names) the problem is in.</summary>
        public string FilePath { get; }

        /// <summary>The problem alone, without the file name.</summary>
        public string Problem { get; }
    }
}
