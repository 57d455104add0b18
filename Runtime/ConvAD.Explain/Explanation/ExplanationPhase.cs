namespace ConvAD.Explanation
{
    /// <summary>The stages of one explanation, in order.</summary>
    public enum ExplanationPhase
    {
        /// <summary>Splitting boxes and evaluating mutants into the responsibility map.</summary>
        Responsibility,

        /// <summary>Adding pixels by responsibility until the model keeps the target.</summary>
        Extraction,

        /// <summary>Removing the chunks the explanation does not need.</summary>
        Minimisation,

        /// <summary>An attribution method (occlusion, RISE, KernelSHAP) evaluating its masks.</summary>
        Attribution,

        /// <summary>Moving a spotlight over the responsibility map for further explanations (<see cref="Explainer.ExplainMultiple"/>).</summary>
        Spotlights,

        /// <summary>Removing pixels until the model picks the contrast class (<see cref="Explainer.ExplainContrastive"/>).</summary>
        Contrast,
    }
}
