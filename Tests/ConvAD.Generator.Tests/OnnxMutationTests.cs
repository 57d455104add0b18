using System;
using System.Linq;
using ConvAD.Fuzz.Mutation;
using ConvAD.Tests;
using Xunit;

namespace ConvAD.Generator.Tests
{
    /// <summary>The compile fuzzer's mutants: replayable from their number, and edits of a model rather than noise.</summary>
    public sealed class OnnxMutationTests
    {
        [Fact]
        public void Every_seed_reads_as_a_model_and_writes_back_byte_for_byte()
        {
            // Untouched fields are written as read, so a mutant differs from its seed only where it was mutated.
            foreach ((string name, byte[] bytes) in MutantSource.CommittedSeeds(RepoPaths.Root))
            {
                ProtoMessage? model = ProtoMessage.Parse(OnnxSchema.Model, bytes);
                Assert.True(model?.First(7)?.Message != null, name + ": no graph read");
                Assert.True(bytes.AsSpan().SequenceEqual(model!.ToBytes()), name + ": written back differently");
            }
        }

        [Fact]
        public void A_mutant_is_the_same_file_for_the_same_run_seed_and_number()
        {
            var seeds = MutantSource.CommittedSeeds(RepoPaths.Root);
            var first = new MutantSource(seeds, runSeed: 7);
            var again = new MutantSource(seeds, runSeed: 7);
            var other = new MutantSource(seeds, runSeed: 8);

            for (int index = 0; index < 50; index++)
            {
                Assert.Equal(first.Get(index).Bytes, again.Get(index).Bytes);
            }

            Assert.Contains(Enumerable.Range(0, 50), i => !first.Get(i).Bytes.SequenceEqual(other.Get(i).Bytes));
        }

        [Fact]
        public void Most_mutants_are_still_models_with_a_graph()
        {
            // The point of structural mutations: files that get past the protobuf layer into validation and the plan.
            var source = new MutantSource(MutantSource.CommittedSeeds(RepoPaths.Root), runSeed: 3);
            int models = Enumerable.Range(0, 200).Count(i => ProtoMessage.Parse(OnnxSchema.Model, source.Get(i).Bytes)?.First(7)?.Message != null);

            Assert.InRange(models, 120, 200);
        }
    }
}
