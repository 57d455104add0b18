using System;
using ConvAD.Classification;
using ConvAD.Explanation;
using Xunit;

namespace ConvAD.Tests.Explanation
{
    /// <summary>ExplainerOptions.TargetClass: a chosen class is explained instead of the top one; the default stays the top class.</summary>
    public sealed class TargetClassTests
    {
        private static readonly string CatPath = RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg");

        [Fact]
        public void A_chosen_class_is_the_target_and_changes_the_map()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);
            var options = new ExplainerOptions { Iterations = 2, Seed = 3 };
            using ImageExplanation top = classifier.Explain(CatPath, options);
            using ImageExplanation topByIndex = classifier.Explain(CatPath, options with { TargetClass = top.Target.Index });
            using ImageExplanation dog = classifier.Explain(CatPath, options with { TargetClass = 5 });

            Assert.Equal("cat", top.Target.Label);
            Assert.Equal(top.Target, topByIndex.Target);
            Assert.Equal(top.Responsibility.ToArray(), topByIndex.Responsibility.ToArray());
            Assert.Equal((5, "dog"), (dog.Target.Index, dog.Target.Label));
            Assert.True(dog.Target.Confidence < top.Target.Confidence);
            Assert.NotEqual(top.Responsibility.ToArray(), dog.Responsibility.ToArray());
            Assert.Equal(5, dog.Result.Options.TargetClass);
        }

        [Fact]
        public void A_class_the_model_does_not_have_is_refused()
        {
            ImageClassifier classifier = ExplainerFixture.Model(ExplainerFixture.ResNet20);

            var outOfRange = Assert.Throws<ArgumentException>(() => classifier.Explain(CatPath, new ExplainerOptions { Iterations = 1, TargetClass = 10 }));
            Assert.Contains("target class 10 is out of range: the model has 10 classes", outOfRange.Message);
            Assert.Throws<ArgumentException>(() => new ExplainerOptions { TargetClass = -1 }.Validate());
        }
    }
}
