using System;
using System.Collections.Generic;
using ConvAD.Description;
using ConvAD.Imaging;
using ConvAD.Plan;

namespace ConvAD.Generated
{
    /// <summary>
    /// What the source generator learnt about a model at compile time: everything a generated model
    /// class needs at run time, so the generated code holds data and calls, never engine logic.
    /// </summary>
    public sealed class GeneratedModelSpec : IGeneratedModelSpec
    {
        public GeneratedModelSpec(
            string className,
            string modelFileName,
            string fingerprint,
            string inputName,
            int channels,
            int height,
            int width,
            ImageTensorLayout layout,
            int classCount,
            OutputKind output,
            Preprocessing preprocessing,
            IReadOnlyList<string>? labels,
            PropagationThreshold threshold,
            MaskCombination combination,
            int planNodes,
            int planMasks,
            int planCheckpoints,
            InputSize? inputSize = null)
        {
            ClassName = className;
            ModelFileName = modelFileName;
            Fingerprint = fingerprint;
            InputName = inputName;
            TensorShape = new ImageTensorShape(channels, height, width, layout);
            ClassCount = classCount;
            Output = output;
            Preprocessing = preprocessing ?? throw new ArgumentNullException(nameof(preprocessing));
            Labels = labels;
            PlanOptions = new PlanOptions
            {
                Threshold = threshold,
                Combination = combination,
                InputSize = inputSize,
            };
            PlanNodes = planNodes;
            PlanMasks = planMasks;
            PlanCheckpoints = planCheckpoints;
        }

        /// <summary>The generated class, for messages.</summary>
        public string ClassName { get; }

        /// <summary>The model file's name; <see cref="GeneratedModel.Load"/> looks for it beside the application by default.</summary>
        public string ModelFileName { get; }

        /// <summary>The <see cref="ConvAD.Fingerprint.ModelFingerprint"/> of the file the class was generated from.</summary>
        public string Fingerprint { get; }

        public string InputName { get; }

        /// <summary>One image's slice of the input tensor.</summary>
        public ImageTensorShape TensorShape { get; }

        public int ClassCount { get; }

        public OutputKind Output { get; }

        public Preprocessing Preprocessing { get; }

        public IReadOnlyList<string>? Labels { get; }

        /// <summary>The plan options the class was generated with; the runtime plan is built with the same.</summary>
        public PlanOptions PlanOptions { get; }

        public int PlanNodes { get; }

        public int PlanMasks { get; }

        public int PlanCheckpoints { get; }
    }
}
