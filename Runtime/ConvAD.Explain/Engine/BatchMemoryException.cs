using System;

namespace ConvAD.Engine
{
    /// <summary>
    /// One image alone needs more memory than a batch may take (<c>MaxBatchBytes</c> of the engine's or the explainer's
    /// options): refused before its buffers are allocated. An <see cref="InvalidOperationException"/>, so callers that
    /// treat those as bad input (the CLI: exit 3) need nothing new.
    /// </summary>
    public sealed class BatchMemoryException : InvalidOperationException
    {
        /// <summary>An exception saying that one item of <paramref name="bytesPerItem"/> bytes does not fit <paramref name="budgetBytes"/>.</summary>
        /// <param name="message">The one-line message: what needs the memory, and which option raises the budget.</param>
        /// <param name="bytesPerItem">What one image (with its mask and buffers) needs.</param>
        /// <param name="budgetBytes">The budget it exceeds.</param>
        public BatchMemoryException(string message, long bytesPerItem, long budgetBytes)
            : base(message)
        {
            BytesPerItem = bytesPerItem;
            BudgetBytes = budgetBytes;
        }

        /// <summary>Bytes one image needs (input, mask and the estimate of its buffers).</summary>
        public long BytesPerItem { get; }

        /// <summary>The batch memory budget it exceeds.</summary>
        public long BudgetBytes { get; }
    }
}
