using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ConvAD.Tests.Engine
{
    /// <summary>The first real images of a data/ folder, in a fixed order.</summary>
    internal static class RealModelFiles
    {
        public static IReadOnlyList<string> Images(string folder, int count) =>
            Directory.EnumerateFiles(RepoPaths.File("data", folder), "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".png") || f.EndsWith(".jpg")).OrderBy(f => f, System.StringComparer.Ordinal).Take(count).ToList();
    }
}
