using System;

namespace ConvAD.Description
{
    /// <summary>
    /// A sidecar (<c>*.convad.json</c>) is missing, malformed, or does not fit its model.
    /// The message always names the file so a user can open it and fix it.
    /// </summary>
    public sealed class ModelDescriptionException : Exception
    {
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
