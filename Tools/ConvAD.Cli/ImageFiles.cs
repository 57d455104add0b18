namespace ConvAD.Cli
{
    /// <summary>
    /// The image arguments of predict and explain as files: a file as given, a folder as the images directly in it, a pattern
    /// (<c>photos/*.jpg</c>, wildcards <c>*</c> and <c>?</c> in the file name) as the images it matches; images by extension,
    /// in ordinal order of their paths, so every run sees them in the same order.
    /// </summary>
    public static class ImageFiles
    {
        /// <summary>The extensions the image loader decodes (lower case).</summary>
        public static readonly IReadOnlyList<string> Extensions = new[] { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga" };

        /// <summary>Whether the path names an image file by its extension.</summary>
        public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

        /// <summary>
        /// Every argument expanded, in argument order; <paramref name="expanded"/> is true when a folder or pattern was among them
        /// (explain then gives each image its own output folder). A folder or pattern without images is an input error.
        /// </summary>
        public static IReadOnlyList<string> Expand(IEnumerable<string> arguments, out bool expanded)
        {
            var files = new List<string>();
            expanded = false;
            foreach (string argument in arguments)
            {
                if (Directory.Exists(argument))
                {
                    expanded = true;
                    files.AddRange(Matching(argument, "*", $"no images in folder {argument}"));
                }
                else if (IsPattern(argument))
                {
                    expanded = true;
                    files.AddRange(Pattern(argument));
                }
                else
                {
                    files.Add(argument);
                }
            }

            return files;
        }

        private static bool IsPattern(string argument) => argument.IndexOfAny(new[] { '*', '?' }) >= 0;

        private static IEnumerable<string> Pattern(string pattern)
        {
            string folder = Path.GetDirectoryName(pattern) ?? "";
            string name = Path.GetFileName(pattern);
            if (IsPattern(folder))
            {
                throw new CliUsageException($"'{pattern}': wildcards may only be in the file name (photos/*.jpg), not in folder names");
            }

            if (folder.Length > 0 && !Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"no images match {pattern}: folder {folder} not found");
            }

            return Matching(folder, name, $"no images match {pattern}");
        }

        private static IEnumerable<string> Matching(string folder, string name, string whenNone)
        {
            // Joined to the folder as given (Directory.EnumerateFiles("", …) is not allowed), so the paths printed read like the argument.
            var options = new EnumerationOptions { MatchCasing = MatchCasing.PlatformDefault, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
            string[] found = Directory.EnumerateFiles(folder.Length > 0 ? folder : ".", name, options)
                .Where(IsImage)
                .Select(f => folder.Length > 0 ? Path.Combine(folder, Path.GetFileName(f)) : Path.GetFileName(f))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
            if (found.Length == 0)
            {
                throw new FileNotFoundException($"{whenNone} (images are {string.Join(", ", Extensions)})");
            }

            return found;
        }
    }
}
