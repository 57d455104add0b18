using System;
using System.Collections.Generic;
using System.Threading;
using ConvAD.Description;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation.Methods
{
    /// <summary>The attribution methods report progress per engine call and stop on cancellation, as the explainer does.</summary>
    public sealed class AttributionProgressTests
    {
        private sealed class Recorder : IProgress<ExplanationProgress>
        {
            public List<ExplanationProgress> Reports { get; } = new List<ExplanationProgress>();

            public void Report(ExplanationProgress value) => Reports.Add(value);
        }

        [Fact]
        public void Progress_rises_to_one_once_per_engine_call()
        {
            var model = new PresenceModel(8, 8, p => p[0]);
            var recorder = new Recorder();
            AttributionResult result = new Explainer(model, OutputKind.Probabilities)
                .Attribute(model.Image(), Perturbation.ActivationDeactivation, new RiseOptions { Masks = 50, BatchSize = 16 }, recorder);

            Assert.Equal(4, recorder.Reports.Count);
            Assert.Equal(5, result.EngineCalls);
            Assert.Equal(50, result.MutantsEvaluated);
            Assert.All(recorder.Reports, r => Assert.Equal(ExplanationPhase.Attribution, r.Phase));
            Assert.Equal(new[] { 16, 32, 48, 50 }, recorder.Reports.ConvertAll(r => r.MutantsEvaluated));
            Assert.Equal(1.0, recorder.Reports[^1].Fraction);
        }

        [Fact]
        public void Cancellation_stops_before_the_next_engine_call()
        {
            var model = new PresenceModel(8, 8, p => p[0]);
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            Assert.Throws<OperationCanceledException>(() => new Explainer(model, OutputKind.Probabilities)
                .Attribute(model.Image(), Perturbation.ActivationDeactivation, new OcclusionOptions(), cancellation: cancellation.Token));
        }

        [Fact]
        public void Invalid_options_are_rejected_before_any_work()
        {
            var model = new PresenceModel(8, 8, p => p[0]);
            var explainer = new Explainer(model, OutputKind.Probabilities);
            Assert.Throws<ArgumentException>(() => explainer.Attribute(model.Image(), Perturbation.ActivationDeactivation, new RiseOptions { KeepProbability = 0 }));
            Assert.Throws<ArgumentException>(() => explainer.Attribute(model.Image(), Perturbation.ActivationDeactivation, new OcclusionOptions { Window = 0 }));
            Assert.Throws<ArgumentException>(() => explainer.Attribute(model.Image(), Perturbation.ActivationDeactivation, new KernelShapOptions { Samples = 1 }));
        }
    }
}
