using System.CommandLine;
using System.Globalization;
using ConvAD.Classification;
using ConvAD.Imaging;

namespace ConvAD.Cli.Commands
{
    /// <summary>
    /// Which classes explain explains for an image: the top class (default), the one <c>--target</c> names, or each of the
    /// top N (<c>--top-k N</c>, one output folder per class, <c>topR-LABEL</c>).
    /// </summary>
    public sealed record ExplainedClasses(string? Target, int? TopK)
    {
        /// <summary><c>--target LABEL|INDEX</c>.</summary>
        public static Option<string?> TargetOption() => new Option<string?>("--target")
        {
            Description = "The class to explain: its label (any case) or its index (default: the model's top class)",
        };

        /// <summary><c>--top-k N</c>.</summary>
        public static Option<int?> TopKOption() => new Option<int?>("--top-k")
        {
            Description = "Explain each of the N most probable classes, one output folder per class (top1-LABEL, top2-LABEL, …)",
        };

        /// <summary>One class to explain: its index (null: the top class) and the folder under the image's own where its files go ("" for none).</summary>
        public sealed record Choice(int? Index, int? Rank, string Folder);

        /// <summary>Checks what can be checked before any model is loaded.</summary>
        public ExplainedClasses Validate()
        {
            if (Target != null && TopK != null)
            {
                throw new CliUsageException("give --target or --top-k, not both");
            }

            if (TopK is < 1)
            {
                throw new CliUsageException("--top-k must be at least 1");
            }

            return this;
        }

        /// <summary>The index <c>--target</c> names for this classifier, or null when it names none (the top class is explained).</summary>
        public int? TargetIndex(ImageClassifier classifier) => Target == null ? null : Resolve(Target, classifier.Model.ClassCount, classifier.Description.Labels);

        /// <summary>The classes to explain for one image (its preprocessed <paramref name="input"/>).</summary>
        public IReadOnlyList<Choice> For(ImageClassifier classifier, float[] input, int? targetIndex)
        {
            if (TopK is not int k)
            {
                return new[] { new Choice(targetIndex, null, "") };
            }

            IReadOnlyList<Prediction> top = classifier.Predict(input, 1, Math.Min(k, classifier.Model.ClassCount))[0];
            return top.Select((p, r) => new Choice(p.Index, r + 1, $"top{r + 1}-{Slug(p.Label)}")).ToArray();
        }

        /// <summary>A class index from its index or its label (case-insensitive); an unknown label is a usage error with the nearest label.</summary>
        internal static int Resolve(string target, int classes, IReadOnlyList<string>? labels, string option = "--target")
        {
            if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                return index < classes ? index : throw new CliUsageException($"{option} {target} is not a class: the model has {classes} classes (0 to {classes - 1})");
            }

            if (labels == null)
            {
                throw new CliUsageException($"{option} '{target}': the model has no labels; give a class index (0 to {classes - 1})");
            }

            int[] matches = Enumerable.Range(0, labels.Count).Where(i => string.Equals(labels[i], target, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (matches.Length == 1)
            {
                return matches[0];
            }

            if (matches.Length > 1)
            {
                throw new CliUsageException($"{option} '{target}' is the label of classes {string.Join(" and ", matches)}: give the index");
            }

            string? guess = Spelling.Nearest(target, labels);
            throw new CliUsageException($"{option} '{target}' is not a label of this model" + (guess != null ? $"; did you mean '{guess}'?" : " (give a label or a class index)"));
        }

        // A label as a folder name: letters and digits kept, every other run of characters one '-'.
        private static string Slug(string label)
        {
            var slug = new System.Text.StringBuilder();
            foreach (char c in label.ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    slug.Append(c);
                }
                else if (slug.Length > 0 && slug[^1] != '-')
                {
                    slug.Append('-');
                }
            }

            return slug.ToString().TrimEnd('-') is { Length: > 0 } s ? s : "class";
        }
    }
}
