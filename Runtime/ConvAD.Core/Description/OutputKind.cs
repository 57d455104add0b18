namespace ConvAD.Description
{
    /// <summary>What the model's class output holds.</summary>
    public enum OutputKind
    {
        /// <summary>Unnormalised scores; confidences need a softmax.</summary>
        Logits,

        /// <summary>Already a probability distribution (the graph ends in Softmax).</summary>
        Probabilities,
    }
}
