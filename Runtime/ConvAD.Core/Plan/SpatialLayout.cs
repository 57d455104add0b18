using System;

namespace ConvAD.Plan
{
    /// <summary>Where a spatial tensor keeps its batch, height and width axes (the rest are channels).</summary>
    public sealed class SpatialLayout : IEquatable<SpatialLayout>
    {
        public SpatialLayout(int rank, int batchAxis, int heightAxis, int widthAxis)
        {
            Rank = rank;
            BatchAxis = batchAxis;
            HeightAxis = heightAxis;
            WidthAxis = widthAxis;
        }

        public static SpatialLayout Nchw { get; } = new SpatialLayout(4, 0, 2, 3);

        public static SpatialLayout Nhwc { get; } = new SpatialLayout(4, 0, 1, 2);

        public int Rank { get; }

        public int BatchAxis { get; }

        public int HeightAxis { get; }

        public int WidthAxis { get; }

        public bool IsNchw => Equals(Nchw);

        public bool IsSpatialAxis(int axis) => axis == HeightAxis || axis == WidthAxis;

        public bool Equals(SpatialLayout? other) =>
            other != null && Rank == other.Rank && BatchAxis == other.BatchAxis && HeightAxis == other.HeightAxis && WidthAxis == other.WidthAxis;

        public override bool Equals(object? obj) => Equals(obj as SpatialLayout);

        public override int GetHashCode() => (Rank * 31 + BatchAxis) * 961 + HeightAxis * 31 + WidthAxis;

        public override string ToString() => IsNchw ? "NCHW" : Equals(Nhwc) ? "NHWC" : $"rank {Rank} (N@{BatchAxis}, H@{HeightAxis}, W@{WidthAxis})";
    }
}
