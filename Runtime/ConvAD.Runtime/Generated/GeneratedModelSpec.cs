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
        /// <summary>The spec of a generated model class; generated code calls this, people need not.</summary>
        /// <param name="className">The generated class, for messages.</param>
        /// <param name="modelFileName">The model file's name.</param>
        /// <param name="fingerprint">The model file's <see cref="ConvAD.Fingerprint.ModelFingerprint"/>.</param>
        /// <param name="inputName">The image input's name in the graph.</param>
        /// <param name="channels">Channels of the input.</param>
        /// <param name="height">Height of the input in pixels.</param>
        /// <param name="width">Width of the input in pixels.</param>
        /// <param name="layout">Where the input keeps its channels (NCHW or NHWC).</param>
        /// <param name="classCount">Classes predicted.</param>
        /// <param name="output">Whether the output holds logits or probabilities.</param>
        /// <param name="preprocessing">How pixels become input values; not null.</param>
        /// <param name="labels">Class names by output index, or null.</param>
        /// <param name="threshold">The propagation threshold τ the plan was built with.</param>
        /// <param name="combination">How masks combine where branches meet.</param>
        /// <param name="planNodes">Nodes in the plan.</param>
        /// <param name="planMasks">Distinct mask grids in the plan.</param>
        /// <param name="planCheckpoints">Checkpoints in the plan.</param>
        /// <param name="inputSize">The stated size of a symbolic-H/W input, or null.</param>
        /// <exception cref="ArgumentNullException"><paramref name="preprocessing"/> is null.</exception>
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

        /// <summary>The image input's name in the graph.</summary>
        public string InputName { get; }

        /// <summary>One image's slice of the input tensor.</summary>
        public ImageTensorShape TensorShape { get; }

        /// <summary>Classes predicted: scores per image.</summary>
        public int ClassCount { get; }

        /// <summary>Whether the output holds logits (confidences are their softmax) or probabilities.</summary>
        public OutputKind Output { get; }

        /// <summary>How 8-bit pixels become the model's input values.</summary>
        public Preprocessing Preprocessing { get; }

        /// <summary>Class names by output index, or null when the model's description names none.</summary>
        public IReadOnlyList<string>? Labels { get; }

        /// <summary>The plan options the class was generated with; the runtime plan is built with the same.</summary>
        public PlanOptions PlanOptions { get; }

        /// <summary>Nodes in the ConvAD plan at compile time.</summary>
        public int PlanNodes { get; }

        /// <summary>Distinct mask grids in the ConvAD plan at compile time.</summary>
        public int PlanMasks { get; }

        /// <summary>Checkpoints in the ConvAD plan at compile time.</summary>
        public int PlanCheckpoints { get; }
    }
}
