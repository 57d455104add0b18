using System;
using System.IO;
using ConvAD.Imaging;

namespace ConvAD.GeneratedSample
{
    /// <summary>Classifies a photo with the generated SqueezeNet class, then again with its left half occluded.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string image = args.Length > 0 ? args[0] : FindDefaultImage();
            using SqueezeNet model = SqueezeNet.Load();
            SqueezeNet.Input input = SqueezeNet.Input.FromFile(image);

            Console.WriteLine($"{Path.GetFileName(image)} with {SqueezeNet.ModelFileName} ({SqueezeNet.Plan.Layers.Count} layers, threshold {SqueezeNet.Threshold})");
            Print("no mask", model.Predict(input));

            // Occlude the left half: AD switches off everything that depends only on it.
            var mask = new SqueezeNet.Mask();
            mask.SetRectangle(0, 0, SqueezeNet.Width / 2, SqueezeNet.Height, present: false);
            Print("left half occluded", model.Predict(input, mask));
            return 0;
        }

        private static void Print(string title, System.Collections.Generic.IReadOnlyList<Prediction> predictions)
        {
            Console.WriteLine(title + ":");
            foreach (Prediction p in predictions)
            {
                Console.WriteLine($"  {p.Label,-30} {p.Confidence:0.000}");
            }
        }

        // The repository's sample photo, found from the working directory or the binary's folder.
        private static string FindDefaultImage()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "data", "photos", "kitten_224.png");
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            throw new FileNotFoundException("pass an image path: data/photos/kitten_224.png was not found above the working directory");
        }
    }
}
