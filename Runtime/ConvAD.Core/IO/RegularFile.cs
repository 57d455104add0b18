using System.IO;

namespace ConvAD.IO
{
    /// <summary>
    /// Whether a path may be opened and read to its end without blocking. Opening a FIFO waits for a writer, and a device
    /// such as /dev/zero never ends; both report a size of 0, as do sockets, so anything of size 0 is refused before it is
    /// opened (an empty regular file is no model, image or sidecar either). A symbolic link is judged by the file it ends at.
    /// </summary>
    internal static class RegularFile
    {
        /// <summary>True for an existing, non-empty file that is not a directory, following symbolic links.</summary>
        public static bool IsReadable(string path)
        {
            var info = new FileInfo(path);
#if NET
            // FileInfo describes a link itself (its length is the target path's); follow it to the end.
            if (info.Exists && info.LinkTarget != null)
            {
                return info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target && target.Exists && target.Length > 0;
            }
#else
            // The netstandard2.0 build (the source generator's) runs inside a compiler on .NET, where the link can be followed
            // too: the method is found when it runs. On .NET Framework it does not exist, and a FIFO cannot be a model file there.
            if (info.Exists && (info.Attributes & FileAttributes.ReparsePoint) != 0 && ResolveLinkTarget != null)
            {
                return ResolveLinkTarget.Invoke(info, new object[] { true }) is FileInfo target && target.Exists && target.Length > 0;
            }
#endif
            return info.Exists && info.Length > 0;
        }

#if !NET
        private static readonly System.Reflection.MethodInfo? ResolveLinkTarget =
            typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });
#endif
    }
}
