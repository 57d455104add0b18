namespace ConvAD.Description
{
    /// <summary>How an image of any size is brought to the model's input width and height.</summary>
    public enum ResizeKind
    {
        /// <summary>Resize to exactly the input size, ignoring aspect ratio.</summary>
        Stretch,

        /// <summary>Resize so the short side is <see cref="Preprocessing.ShortSide"/> (aspect kept), then crop the centre.</summary>
        ShortSideCenterCrop,
    }
}
