extern alias generator;

using System.Threading;
using generator::ConvAD.Generator.Reading;
using generator::ConvAD.Plan;

namespace ConvAD.Fuzz.Harnesses
{
    /// <summary>
    /// A model file through the source generator's reading entry point (the generator's own copy of the core, as the
    /// compiler loads it): graph, plan and GPU forward pass, under the default time budget. Its contract is a result
    /// for every file (a GraphSpec, or a problem that becomes a CVAD diagnostic), so no exception is expected: one
    /// escaping here would reach users as CVAD010.
    /// </summary>
    internal static class GeneratorHarness
    {
        /// <summary>The default of the ConvAdModelTimeBudget property, in seconds.</summary>
        private const double TimeBudgetSeconds = 60;

        public static void Run(byte[] input)
        {
            using var file = new ScratchFile(input, ".onnx");
            _ = GraphReader.Read(file.Path, PlanOptions.Default, withForward: true, TimeBudgetSeconds, CancellationToken.None);
        }
    }
}
