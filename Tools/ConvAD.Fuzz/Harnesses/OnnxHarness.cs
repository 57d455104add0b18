using ConvAD.Onnx;
using ConvAD.Plan;

namespace ConvAD.Fuzz.Harnesses
{
    /// <summary>
    /// ONNX bytes through what every entry point does first: read (which validates the model as ONNX defines it), infer
    /// shapes and build the plan. A model is refused only with <see cref="OnnxFormatException"/> (its subclass
    /// <see cref="ConvAD.Validation.ModelValidationException"/> included); an unsupported op is a plan that says so, not an exception.
    /// </summary>
    internal static class OnnxHarness
    {
        public static void Run(byte[] input)
        {
            OnnxModel model;
            try
            {
                model = OnnxReader.Read(input);
            }
            catch (OnnxFormatException)
            {
                return;
            }

            try
            {
                ConvAdPlan plan = ConvAdPlanBuilder.Build(model);
                _ = plan.IsSupported;
            }
            catch (OnnxFormatException)
            {
                // shapes that break a rule of ONNX or a limit: ModelValidationException
            }
        }
    }
}
