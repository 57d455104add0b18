using System;

namespace ConvAD.Imaging
{
    /// <summary>An image file could not be used; the message names the file and why (missing, too big, not an image, corrupt).</summary>
    public sealed class ImageLoadException : Exception
    {
        /// <summary>An image file that cannot be used.</summary>
        /// <param name="filePath">The file; it starts the message.</param>
        /// <param name="reason">Why it cannot be used.</param>
        /// <param name="innerException">The I/O or decoder error behind it, if any.</param>
        public ImageLoadException(string filePath, string reason, Exception? innerException = null)
            : base($"{filePath}: {reason}", innerException)
        {
            FilePath = filePath;
            Reason = reason;
        }

        /// <summary>The image file that could not be used.</summary>
        public string FilePath { get; }

        /// <summary>Why, without the file name.</summary>
        public string Reason { get; }
    }
}
