using ConvAD.Evaluation;
using ConvAD.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ConvAD.Cli.Commands
{
    /// <summary>One image of an evaluation: its position in the dataset's order, a stable name, its true class when known, and how to load it.</summary>
    public sealed record EvaluationItem(int Index, string Id, int? TrueClass, Func<Image<Rgb24>> Load);

    /// <summary>
    /// The images an evaluation runs on, in a fixed order. A folder of class folders is interleaved class by class
    /// (airplane/0000, automobile/0000, …, airplane/0001, …), so that --limit N takes a balanced sample, not N airplanes.
    /// </summary>
    public static class EvaluateDataset
    {
        public const string MnistImages = "mnist_t10k-images-idx3-ubyte.gz";
        public const string MnistLabels = "mnist_t10k-labels-idx1-ubyte.gz";
        /// <summary>Images under <paramref name="folder"/> (recursive). The true class is the parent folder's name when it is one of the model's labels.</summary>
        public static (string Name, List<EvaluationItem> Items) FromFolder(string folder, IReadOnlyList<string>? labels, Func<string, Image<Rgb24>> load, int? limit)
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"image folder not found: {folder}");
            }

            string root = Path.GetFullPath(folder);
            var groups = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(ImageFiles.IsImage)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .GroupBy(r => r.Contains('/') ? r[..r.LastIndexOf('/')] : "")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.OrderBy(r => r, StringComparer.Ordinal).ToArray())
                .ToArray();
            if (groups.Length == 0)
            {
                throw new FileNotFoundException($"no images (png, jpg, bmp, gif, tga) under {folder}");
            }

            var classIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; labels != null && i < labels.Count; i++)
            {
                classIndex.TryAdd(labels[i], i);
            }

            var items = new List<EvaluationItem>();
            int total = groups.Sum(g => g.Length), max = Math.Min(total, limit ?? int.MaxValue);
            for (int round = 0; items.Count < max; round++)
            {
                foreach (string[] group in groups)
                {
                    if (round < group.Length && items.Count < max)
                    {
                        string relative = group[round];
                        string parent = Path.GetFileName(Path.GetDirectoryName(Path.Combine(root, relative))!);
                        int? truth = classIndex.TryGetValue(parent, out int c) ? c : null;
                        string full = Path.Combine(root, relative);
                        items.Add(new EvaluationItem(items.Count, relative, truth, () => load(full)));
                    }
                }
            }

            return ("images:" + Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), items);
        }

        /// <summary>The MNIST test digits from the shipped idx files (found from the current folder or the tool's folder upwards).</summary>
        public static (string Name, List<EvaluationItem> Items) Mnist(int? limit)
        {
            string folder = FindMnist() ?? throw new FileNotFoundException(
                $"--mnist: data/mnist/{MnistImages} not found in the current folder, the tool's folder, or any folder above them; run from the repository");
            MnistSet set = MnistReader.Read(Path.Combine(folder, MnistImages), Path.Combine(folder, MnistLabels), limit ?? int.MaxValue);
            var items = new List<EvaluationItem>();
            for (int i = 0; i < set.Count; i++)
            {
                int index = i;
                items.Add(new EvaluationItem(i, $"mnist:{i:D5}", set.Labels[i], () => set.ToImage(index)));
            }

            return ("mnist (t10k)", items);
        }

        /// <summary>
        /// The tile sources of the shuffled-tiles backgrounds: the repository's photos (data/photos, every png and jpg, by name),
        /// at their own size, so a 16×16 tile is a patch of texture, not an object. Fixed whatever the dataset evaluated.
        /// </summary>
        public static IReadOnlyList<Background> Photos(Func<string, Image<Rgb24>> load) => Photos(load, out _);

        /// <summary>The tile sources, and the folder they come from.</summary>
        public static IReadOnlyList<Background> Photos(Func<string, Image<Rgb24>> load, out string folder)
        {
            folder = FindData("photos", "cat.jpg") ?? throw new FileNotFoundException(
                "the tiles backgrounds need data/photos (the repository's photos) in the current folder, the tool's folder, or any folder above them; "
                + "run from the repository, or choose --backgrounds-kind without tiles");
            var photos = new List<Background>();
            foreach (string file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal))
            {
                using Image<Rgb24> image = load(file);
                photos.Add(BackgroundSets.TileSource(image));
            }

            return photos;
        }

        private static string? FindMnist() => FindData("mnist", MnistImages);

        private static string? FindData(string name, string probe)
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, "data", name);
                    if (File.Exists(Path.Combine(candidate, probe)))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }
    }
}
