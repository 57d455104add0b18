using System;

namespace ConvAD.Imaging
{
    /// <summary>An image file could not be used; the message names the file and why (missing, too big, not an image, corrupt).</summary>
    public sealed class ImageLoadException : Exception
    {
        public ImageLoadException(string filePath, string reason, Exception? innerException = null)
            : base($"{filePath}: {reason}", innerException)
        {
            FilePath = filePath;
            Reason = reason;
        }

        public string FilePath { get; }

        /// <summary>Why, without the file name.</summary>
        public string Reason { get; }
    }
}
