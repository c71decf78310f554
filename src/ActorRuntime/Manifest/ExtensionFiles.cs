using System.Text;

namespace ActorRuntime.Manifest;

/// <summary>A file of an extension that cannot be used: <see cref="Reason"/> is one line; <see cref="IsMissing"/> when there is simply no such file.</summary>
internal sealed class ExtensionFileException(string relativePath, string reason, bool isMissing = false) : Exception($"{relativePath}: {reason}")
{
    public string RelativePath { get; } = relativePath;
    public string Reason { get; } = reason;
    public bool IsMissing { get; } = isMissing;
}

/// <summary>
/// The files of one extension folder, read as a browser reads a packaged extension: only regular files inside
/// it. A path is followed one component at a time, symbolic links included (as the kernel follows them, up to
/// 40), and must end at a regular file inside the folder's real path no larger than the size limit. Every entry
/// is inspected before it is opened, so a named pipe or a device is refused without being opened.
/// </summary>
internal sealed class ExtensionFiles
{
    /// <summary>Linux's limit on links followed in one lookup: more is taken for a loop.</summary>
    private const int MaxLinksFollowed = 40;

    public const string MissingReason = "no such file in the extension";

    private ExtensionFiles(string realRoot, FileLimits limits)
    {
        RealRoot = realRoot;
        Limits = limits;
    }

    /// <summary>The extension folder with every symbolic link on its way resolved: what files must stay inside.</summary>
    public string RealRoot { get; }

    public FileLimits Limits { get; }

    /// <summary>The folder <paramref name="directory"/>, which may itself be reached through links; <see cref="ManifestException"/> when it is not a folder.</summary>
    public static ExtensionFiles Open(string directory, FileLimits limits)
    {
        var full = Path.GetFullPath(directory);
        var root = Path.GetPathRoot(full) ?? "/";
        var walk = Walk(root, full[root.Length..]);
        return walk switch
        {
            { Loop: true } => throw new ManifestException($"{directory}: symbolic links loop on the way to the extension folder"),
            { Status.Kind: EntryKind.Directory } => new ExtensionFiles(walk.RealPath, limits),
            { Status.Kind: EntryKind.Missing } => throw new ManifestException($"{directory}: no such extension folder"),
            { Status.Kind: EntryKind.Unreadable } => throw new ManifestException($"{directory}: the extension folder cannot be read ({walk.Status.Error})"),
            _ => throw new ManifestException($"{directory}: expected an extension folder, got {FileEntries.Describe(walk.Status.Kind)}"),
        };
    }

    /// <summary>Checks that <paramref name="relativePath"/> can be read (it is opened, not read); throws <see cref="ExtensionFileException"/> when not.</summary>
    public void Check(string relativePath)
    {
        var (real, _) = Locate(relativePath);
        try
        {
            using var handle = File.OpenHandle(real, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(relativePath, real, ex);
        }
    }

    /// <summary>The text of <paramref name="relativePath"/> (UTF-8 unless it starts with another byte order mark); throws <see cref="ExtensionFileException"/>.</summary>
    public string ReadText(string relativePath) => ReadText(relativePath, Limits.MaxFileSize, FileLimits.MaxFileSizeKey);

    /// <summary>As <see cref="ReadText(string)"/>, within a smaller limit of its own (named by <paramref name="limitKey"/> when passed).</summary>
    public string ReadText(string relativePath, long maxFileSize, string limitKey)
    {
        var (bytes, length) = Read(relativePath, Math.Min(maxFileSize, Limits.MaxFileSize), maxFileSize < Limits.MaxFileSize ? limitKey : FileLimits.MaxFileSizeKey);
        using var reader = new StreamReader(new MemoryStream(bytes, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The bytes of <paramref name="relativePath"/>, within the size limit; throws <see cref="ExtensionFileException"/>.</summary>
    public byte[] ReadBytes(string relativePath)
    {
        var (bytes, length) = Read(relativePath);
        return length == bytes.Length ? bytes : bytes[..length];
    }

    private (byte[] Bytes, int Length) Read(string relativePath) => Read(relativePath, Limits.MaxFileSize, FileLimits.MaxFileSizeKey);

    private (byte[] Bytes, int Length) Read(string relativePath, long maxFileSize, string limitKey)
    {
        var (real, size) = Locate(relativePath, maxFileSize, limitKey);
        byte[] bytes;
        int length;
        try
        {
            using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            (bytes, length) = ReadAtMost(stream, size, maxFileSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(relativePath, real, ex);
        }
        if (length > maxFileSize)
            throw new ExtensionFileException(relativePath, $"it grew past the {FileLimits.Bytes(maxFileSize)} limit ({limitKey}) while being read");
        return (bytes, length);
    }

    /// <summary>Reads up to one byte past the limit, however large the file claims to be or becomes.</summary>
    internal static (byte[] Bytes, int Length) ReadAtMost(Stream stream, long expected, long limit)
    {
        var buffer = new byte[Math.Min(expected, limit) + 1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit) break;
                Array.Resize(ref buffer, (int)Math.Min(limit + 1, Math.Max(4096, buffer.Length * 2L)));
            }
            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0) break;
            length += read;
        }
        return (buffer, length);
    }

    /// <summary>The real path and size of a regular file inside the folder, or why there is none.</summary>
    private (string RealPath, long Size) Locate(string relativePath) => Locate(relativePath, Limits.MaxFileSize, FileLimits.MaxFileSizeKey);

    private (string RealPath, long Size) Locate(string relativePath, long maxFileSize, string limitKey)
    {
        var walk = Walk(RealRoot, relativePath);
        if (walk.Loop)
            throw new ExtensionFileException(relativePath, $"symbolic links loop from \"{Relative(walk.FirstLink!)}\" (more than {MaxLinksFollowed} followed)");
        // Outside first: whether a file exists outside the folder is none of the extension's business.
        if (walk.LeftFolder && (walk.Status.Kind != EntryKind.RegularFile && walk.Status.Kind != EntryKind.Directory || !IsInside(walk.RealPath)))
            throw new ExtensionFileException(relativePath, walk.FirstLink is { } link
                ? $"it leads outside the extension folder through the symbolic link \"{Relative(link)}\""
                : "it is outside the extension folder");
        return walk.Status.Kind switch
        {
            EntryKind.Missing => throw new ExtensionFileException(relativePath, MissingReason, isMissing: true),
            EntryKind.Unreadable => throw new ExtensionFileException(relativePath, $"it cannot be read ({walk.Status.Error})"),
            EntryKind.RegularFile when walk.Status.Size > maxFileSize =>
                throw new ExtensionFileException(relativePath, $"it is {walk.Status.Size} bytes, over the {FileLimits.Bytes(maxFileSize)} limit ({limitKey})"),
            EntryKind.RegularFile => (walk.RealPath, walk.Status.Size),
            var other => throw new ExtensionFileException(relativePath, $"it is {FileEntries.Describe(other)}, not a regular file"),
        };
    }

    private bool IsInside(string path) =>
        path.StartsWith(RealRoot.EndsWith(Path.DirectorySeparatorChar) ? RealRoot : RealRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private string Relative(string path) => Path.GetRelativePath(RealRoot, path).Replace(Path.DirectorySeparatorChar, '/');

    private static ExtensionFileException Unreadable(string relativePath, string realPath, Exception ex) =>
        new(relativePath, ex is UnauthorizedAccessException
            ? "it cannot be read (permission denied)"
            : $"it cannot be read ({ex.Message.Replace(realPath, relativePath).ReplaceLineEndings(" ")})");

    /// <param name="RealPath">Where the walk ended, every link resolved.</param>
    /// <param name="FirstLink">The first symbolic link followed (always inside the folder the walk started in).</param>
    /// <param name="LeftFolder">Some link led outside the starting folder on the way (perhaps back in later).</param>
    private readonly record struct WalkResult(EntryStatus Status, string RealPath, string? FirstLink, bool LeftFolder, bool Loop);

    /// <summary>Follows <paramref name="relativePath"/> from <paramref name="start"/> (a real directory) component by component, without recursion.</summary>
    private static WalkResult Walk(string start, string relativePath)
    {
        var pending = new Stack<string>();
        PushComponents(pending, relativePath);
        var current = start;
        var status = new EntryStatus(EntryKind.Directory, 0);
        string? firstLink = null;
        var leftFolder = false;
        var links = 0;
        var inside = start.EndsWith(Path.DirectorySeparatorChar) ? start : start + Path.DirectorySeparatorChar;
        while (pending.TryPop(out var name))
        {
            if (name is "" or ".") continue;
            if (status.Kind != EntryKind.Directory) return new WalkResult(new EntryStatus(EntryKind.Missing, 0), current, firstLink, leftFolder, false);
            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
            }
            else
            {
                var next = Path.Join(current, name);
                status = FileEntries.Inspect(next);
                if (status.Kind == EntryKind.SymbolicLink)
                {
                    firstLink ??= next;
                    if (++links > MaxLinksFollowed) return new WalkResult(status, next, firstLink, leftFolder, true);
                    var target = new FileInfo(next).LinkTarget;
                    if (target is null) return new WalkResult(new EntryStatus(EntryKind.Missing, 0), next, firstLink, leftFolder, false);
                    if (Path.IsPathRooted(target))
                    {
                        current = Path.GetPathRoot(target) ?? "/";
                        target = target[current.Length..];
                    }
                    PushComponents(pending, target);
                    status = new EntryStatus(EntryKind.Directory, 0);
                }
                else
                {
                    current = next;
                }
                if (status.Kind is EntryKind.Missing or EntryKind.Unreadable)
                    return new WalkResult(status, current, firstLink, leftFolder, false);
            }
            if (current + Path.DirectorySeparatorChar != inside && !current.StartsWith(inside, StringComparison.Ordinal)) leftFolder = true;
        }
        return new WalkResult(status, current, firstLink, leftFolder, false);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.None);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }
}
