using System;

namespace ConvAD.Plan
{
    /// <summary>Where a spatial tensor keeps its batch, height and width axes (the rest are channels).</summary>
    public sealed class SpatialLayout : IEquatable<SpatialLayout>
    {
        /// <summary>A layout of a tensor of rank <paramref name="rank"/> with the given axes (0-based).</summary>
        /// <param name="rank">The tensor's rank.</param>
        /// <param name="batchAxis">The batch axis.</param>
        /// <param name="heightAxis">The height axis.</param>
        /// <param name="widthAxis">The width axis.</param>
        public SpatialLayout(int rank, int batchAxis, int heightAxis, int widthAxis)
        {
            Rank = rank;
            BatchAxis = batchAxis;
            HeightAxis = heightAxis;
            WidthAxis = widthAxis;
        }

        /// <summary>Batch, channels, height, width: ONNX's default image layout.</summary>
        public static SpatialLayout Nchw { get; } = new SpatialLayout(4, 0, 2, 3);

        /// <summary>Batch, height, width, channels: the layout typical of models exported from TensorFlow/Keras.</summary>
        public static SpatialLayout Nhwc { get; } = new SpatialLayout(4, 0, 1, 2);

        /// <summary>The tensor's rank.</summary>
        public int Rank { get; }

        /// <summary>The 0-based axis of the batch.</summary>
        public int BatchAxis { get; }

        /// <summary>The 0-based axis of the height.</summary>
        public int HeightAxis { get; }

        /// <summary>The 0-based axis of the width.</summary>
        public int WidthAxis { get; }

        /// <summary>True for <see cref="Nchw"/>.</summary>
        public bool IsNchw => Equals(Nchw);

        /// <summary>True when <paramref name="axis"/> is the height or the width axis.</summary>
        public bool IsSpatialAxis(int axis) => axis == HeightAxis || axis == WidthAxis;

        /// <inheritdoc/>
        public bool Equals(SpatialLayout? other) =>
            other != null && Rank == other.Rank && BatchAxis == other.BatchAxis && HeightAxis == other.HeightAxis && WidthAxis == other.WidthAxis;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as SpatialLayout);

        /// <inheritdoc/>
        public override int GetHashCode() => (Rank * 31 + BatchAxis) * 961 + HeightAxis * 31 + WidthAxis;

        /// <inheritdoc/>
        public override string ToString() => IsNchw ? "NCHW" : Equals(Nhwc) ? "NHWC" : $"rank {Rank} (N@{BatchAxis}, H@{HeightAxis}, W@{WidthAxis})";
    }
}
