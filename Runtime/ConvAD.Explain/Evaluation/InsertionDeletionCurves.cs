using System.Collections.Generic;

namespace ConvAD.Evaluation
{
    /// <summary>P(c) along the insertion and deletion curves (S + 1 points each) and their AUCs normalised by p.</summary>
    public sealed record InsertionDeletionCurves(IReadOnlyList<double> Insertion, IReadOnlyList<double> Deletion, double InsertionAuc, double DeletionAuc);
}
