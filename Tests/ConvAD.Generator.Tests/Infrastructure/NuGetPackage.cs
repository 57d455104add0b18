using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace ConvAD.Generator.Tests.Infrastructure
{
    /// <summary>A packed .nupkg as a user's tools see it: its file list and its manifest.</summary>
    public sealed class NuGetPackage
    {
        private NuGetPackage(string id, IReadOnlyList<string> files, XElement metadata)
        {
            Id = id;
            Files = files;
            Metadata = metadata;
        }

        public string Id { get; }

        /// <summary>Paths inside the package, with forward slashes.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>The manifest's <c>metadata</c> element.</summary>
        public XElement Metadata { get; }

        /// <summary>The text of a metadata element (<c>readme</c>, <c>license</c>, …), or null when absent.</summary>
        public string? Value(string element) => Element(element)?.Value;

        public XElement? Element(string element) => Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == element);

        public static NuGetPackage Read(string path)
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            string[] files = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToArray();
            ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal) && !e.FullName.Contains('/'));
            using Stream stream = nuspec.Open();
            XElement metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string id = metadata.Elements().Single(e => e.Name.LocalName == "id").Value;
            return new NuGetPackage(id, files, metadata);
        }
    }
}
