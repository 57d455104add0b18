using System;

namespace ConvAD.Generated
{
    /// <summary>The model file found at run time is not the one the model class was generated from.</summary>
    public sealed class ModelFingerprintMismatchException : Exception
    {
        /// <summary>The file at <paramref name="modelPath"/> has fingerprint <paramref name="actual"/>, not the <paramref name="expected"/> that <paramref name="className"/> was generated from.</summary>
        public ModelFingerprintMismatchException(string className, string modelPath, string expected, string actual)
            : base($"'{modelPath}' is not the model {className} was generated from (fingerprint {Short(actual)}, expected {Short(expected)}). " +
                   $"Rebuild the project so that the ConvAD generator regenerates {className} from this file, or restore the original model file.")
        {
            ModelPath = modelPath;
            Expected = expected;
            Actual = actual;
        }

        /// <summary>The model file that was loaded.</summary>
        public string ModelPath { get; }

        /// <summary>The fingerprint the class was generated from.</summary>
        public string Expected { get; }

        /// <summary>The loaded file's fingerprint.</summary>
        public string Actual { get; }

        private static string Short(string fingerprint) => fingerprint.Length > 24 ? fingerprint.Substring(0, 24) + "…" : fingerprint;
    }
}
