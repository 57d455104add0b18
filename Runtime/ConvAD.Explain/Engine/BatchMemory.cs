using System;
using System.Globalization;

namespace ConvAD.Engine
{
    /// <summary>
    /// The batch memory budget shared by the explainer's and the engine's batching: how many images of a known size fit,
    /// and the one-line refusal when not even one does. Only the batch size changes, never what is computed, so results
    /// do not depend on the budget (docs/reliability.md, "Batch memory").
    /// </summary>
    internal static class BatchMemory
    {
        /// <summary>The default budget of one batch's buffers: 2 GiB.</summary>
        public const long DefaultMaxBatchBytes = 2L << 30;

        /// <summary>
        /// The largest batch of at most <paramref name="requested"/> items of <paramref name="bytesPerItem"/> bytes each that
        /// fits <paramref name="budgetBytes"/>; throws <see cref="BatchMemoryException"/> when one item alone does not.
        /// </summary>
        /// <param name="requested">The batch size asked for, at least 1.</param>
        /// <param name="bytesPerItem">What one item needs.</param>
        /// <param name="budgetBytes">What the whole batch may take.</param>
        /// <param name="what">What one item is, for the message ("one mutant of a 3×16384×16384 input").</param>
        /// <param name="option">The option that raises the budget, for the message.</param>
        public static int Capacity(int requested, long bytesPerItem, long budgetBytes, string what, string option)
        {
            if (requested < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requested));
            }

            if (bytesPerItem > budgetBytes)
            {
                throw new BatchMemoryException(
                    $"{what} needs {Mib(bytesPerItem)} MiB, over the batch memory budget of {Mib(budgetBytes)} MiB ({option})",
                    bytesPerItem, budgetBytes);
            }

            long fit = budgetBytes / Math.Max(1, bytesPerItem);
            return (int)Math.Min(requested, fit);
        }

        /// <summary>Bytes as MiB with one decimal, for messages.</summary>
        public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture);
    }
}
