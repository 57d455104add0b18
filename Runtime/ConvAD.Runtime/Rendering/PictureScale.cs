using System;

namespace ConvAD.Rendering
{
    /// <summary>How much a picture is enlarged so that small inputs (CIFAR 32², MNIST 28²) are readable at a glance.</summary>
    public static class PictureScale
    {
        /// <summary>The target length of a picture's longer side, in screen pixels.</summary>
        public const int TargetSide = 256;

        /// <summary>The integer factor that brings the longer side closest to <see cref="TargetSide"/> from below (at least 1).</summary>
        public static int For(int height, int width) => Math.Max(1, TargetSide / Math.Max(height, width));

        /// <summary>Caption text size: the 5×7 font doubled on pictures tall enough for it.</summary>
        public static int TextScale(int pictureHeight) => pictureHeight >= 160 ? 2 : 1;
    }
}
