namespace ConvAD.Imaging
{
    /// <summary>One class of a model's answer: its output index, its label, and its probability in [0, 1].</summary>
    public sealed record Prediction(int Index, string Label, float Confidence);
}
