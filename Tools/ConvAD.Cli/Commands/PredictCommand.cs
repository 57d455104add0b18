using System.CommandLine;
using ConvAD.Classification;
using ConvAD.Imaging;

namespace ConvAD.Cli.Commands
{
    /// <summary><c>convad predict IMAGE…</c>: the model's top classes for each image.</summary>
    public static class PredictCommand
    {
        public static Command Create(CliConsole console)
        {
            var images = new Argument<string[]>("IMAGE") { Description = "Image files (PNG, JPEG, BMP, GIF, TGA), folders of them or patterns (photos/*.jpg)", Arity = ArgumentArity.OneOrMore };
            var model = CommonOptions.Model();
            var top = new Option<int>("--top", "-k") { Description = "How many classes to show", DefaultValueFactory = _ => 5 };
            var json = CommonOptions.Json();
            var inputSize = CommonOptions.InputSize();
            var maxBatchMb = CommonOptions.MaxBatchMb();
            var command = new Command("predict", "Classify images with the plain model") { images, model, top, json, inputSize, maxBatchMb };
            command.SetAction(parse => console.Guard(() => Run(console, ImageFiles.Expand(parse.GetValue(images)!, out _), parse.GetValue(model), parse.GetValue(top), parse.GetValue(json),
                parse.GetValue(inputSize), parse.GetValue(maxBatchMb))));
            return command;
        }

        private static int Run(CliConsole console, IReadOnlyList<string> images, string? modelPath, int top, bool json, string? inputSize, int maxBatchMb)
        {
            if (top < 1)
            {
                throw new CliUsageException("--top must be at least 1");
            }

            using ImageClassifier classifier = ModelResolver.Load(modelPath, CommonOptions.Engine("any", 0, inputSize: inputSize, maxBatchMb: maxBatchMb), console);
            // Images are decoded one engine call's worth at a time, never all at once: the chunk is the engine's batch under
            // the memory budget (--max-batch-mb), so a folder of thousands of photos costs one chunk, not thousands of tensors.
            int chunk = classifier.Model.BatchStep;
            for (int first = 0; first < images.Count; first += chunk)
            {
                IReadOnlyList<string> part = images.Skip(first).Take(chunk).ToList();
                float[] inputs = classifier.LoadInputs(part);
                Print(console, classifier, part, classifier.Predict(inputs, part.Count, Math.Min(top, classifier.Model.ClassCount)), json);
            }

            return ExitCodes.Ok;
        }

        private static void Print(CliConsole console, ImageClassifier classifier, IReadOnlyList<string> images, IReadOnlyList<IReadOnlyList<Prediction>> predictions, bool json)
        {
            for (int i = 0; i < images.Count; i++)
            {
                if (json)
                {
                    console.WriteJson(new
                    {
                        image = images[i],
                        model = classifier.Description.Name,
                        top = predictions[i].Select(p => new { index = p.Index, label = p.Label, confidence = p.Confidence }),
                    });
                    continue;
                }

                console.Out.WriteLine(images[i]);
                int rank = 1;
                foreach (Prediction p in predictions[i])
                {
                    console.Out.WriteLine($"  {rank++,2}. {p.Label,-40} {p.Confidence:0.0000}");
                }
            }
        }
    }
}
