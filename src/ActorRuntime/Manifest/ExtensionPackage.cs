namespace ActorRuntime.Manifest;

/// <summary>An extension folder with its parsed manifest; resolves the files the manifest and pages refer to.</summary>
public sealed class ExtensionPackage
{
    private ExtensionPackage(string directory, ExtensionManifest manifest)
    {
        Directory = Path.GetFullPath(directory);
        Manifest = manifest;
        Id = manifest.GeckoId ?? Path.GetFileName(Directory.TrimEnd(Path.DirectorySeparatorChar));
    }

    public string Directory { get; }
    public ExtensionManifest Manifest { get; }

    /// <summary>The manifest's gecko id when present, else the folder name.</summary>
    public string Id { get; }

    public string BaseUrl => $"moz-extension://{Id}/";

    public static ExtensionPackage Load(string directory) => new(directory, ManifestLoader.Load(directory));

    /// <summary>Normalises a path relative to the extension root (or to <paramref name="relativeTo"/>), refusing anything outside it.</summary>
    public string Resolve(string path, string? relativeTo = null)
    {
        var trimmed = path.Split('?', '#')[0];
        if (trimmed.StartsWith(BaseUrl, StringComparison.Ordinal)) trimmed = trimmed[BaseUrl.Length..];
        string combined;
        if (trimmed.StartsWith('/')) combined = trimmed.TrimStart('/');
        else
        {
            var baseDir = relativeTo is null ? "" : Path.GetDirectoryName(relativeTo) ?? "";
            combined = Path.Combine(baseDir, trimmed);
        }
        var full = Path.GetFullPath(Path.Combine(Directory, combined));
        if (!full.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ManifestException($"{path}: expected a path inside the extension folder {Directory}");
        return Path.GetRelativePath(Directory, full).Replace(Path.DirectorySeparatorChar, '/');
    }

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Directory, relativePath));

    public string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));
}
