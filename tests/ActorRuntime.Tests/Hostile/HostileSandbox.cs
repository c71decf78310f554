using System.Runtime.InteropServices;

namespace ActorRuntime.Tests.Hostile;

/// <summary>
/// A temporary folder holding an extension folder (<c>ext/</c>) and files outside it (<c>outside/</c>), for
/// building hostile extensions: links out of the folder, loops, pipes, directories where files are expected.
/// Everything is deleted afterwards (links are deleted, never followed).
/// </summary>
public sealed class HostileSandbox : IDisposable
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "actorruntime-tests");
    private readonly List<string> _locked = new();

    public HostileSandbox(IReadOnlyDictionary<string, string> extensionFiles, string extensionName = "ext")
    {
        Root = Path.Combine(Base, "hostile-" + Guid.NewGuid().ToString("N"));
        Extension = Path.Combine(Root, extensionName);
        Directory.CreateDirectory(Extension);
        foreach (var (relative, text) in extensionFiles) Write(relative, text);
        Directory.CreateDirectory(Path.Combine(Root, "outside"));
    }

    public string Root { get; }

    /// <summary>The extension folder.</summary>
    public string Extension { get; }

    /// <summary>What error lines call the manifest: the folder as given, then manifest.json.</summary>
    public string ManifestPath => Path.Combine(Extension, "manifest.json");

    public void Write(string relative, string text)
    {
        var full = Path.Combine(Extension, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Writes a file outside the extension folder (under <c>outside/</c>) and returns its full path.</summary>
    public string Outside(string relative, string text)
    {
        var full = Path.Combine(Root, "outside", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    /// <summary>Makes <paramref name="relative"/> (in the extension) a symbolic link whose target is <paramref name="target"/>, verbatim.</summary>
    public void Link(string relative, string target)
    {
        var full = Path.Combine(Extension, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (File.Exists(full) || Directory.Exists(full)) File.Delete(full);
        File.CreateSymbolicLink(full, target);
    }

    /// <summary>Makes <paramref name="relative"/> (in the extension) a named pipe: opening it for reading would wait for a writer forever.</summary>
    public void Fifo(string relative)
    {
        var full = Path.Combine(Extension, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (MakeFifo(full, Convert.ToUInt32("644", 8)) != 0)
            throw new IOException($"mkfifo {full} failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    public void Folder(string relative) => Directory.CreateDirectory(Path.Combine(Extension, relative));

    /// <summary>Removes every permission from a file or folder of the extension (restored before deletion).</summary>
    public void Lock(string relative)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("file modes are Unix only");
        var full = Path.Combine(Extension, relative);
        File.SetUnixFileMode(full, UnixFileMode.None);
        _locked.Add(full);
    }

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
            foreach (var locked in _locked) File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
