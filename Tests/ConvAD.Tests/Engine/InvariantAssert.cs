using ConvAD.Engine;
using ConvAD.Verification;
using Xunit;
using Xunit.Abstractions;

namespace ConvAD.Tests.Engine
{
    /// <summary>Asserts every ConvAD invariant on a model and logs the report.</summary>
    internal static class InvariantAssert
    {
        /// <summary>The engine checked against itself, with the identity tolerance of its input type.</summary>
        public static InvariantReport Check(ConvAdModel model, float[] images, int masks, int seed) =>
            InvariantChecker.Check(model, images, new InvariantCheckOptions
            {
                Masks = masks,
                Seed = seed,
                IdentityRelativeTolerance = InvariantChecker.IdentityTolerance(model.Input.ElementType),
            }, model.Name);

        public static void Holds(ConvAdModel model, float[] images, int masks, int seed, ITestOutputHelper output)
        {
            InvariantReport r = Check(model, images, masks, seed);
            output.WriteLine(r.ToString());
            Assert.True(r.IdentityPass, $"identity {r.IdentityMaxAbsDiff} > {r.IdentityTolerance}");
            Assert.True(r.NoLeakPass, $"leak {r.NoLeakMaxAbsDiff} under '{r.NoLeakWorstMask}'");
            if (!model.Plan.Options.Threshold.IsAll)
            {
                // Under τ < 1 some masks must keep something all the way to the head, or no-leak proves little.
                Assert.True(r.NoLeakInformativeMasks > 0, "every mask emptied before the head");
            }
            Assert.True(r.BatchPass, $"batch {r.BatchMaxAbsDiff}");
            Assert.True(r.AllFinite);
        }
    }
}
