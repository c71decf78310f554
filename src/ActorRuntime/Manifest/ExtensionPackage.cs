using AngleSharp.Html.Dom;

namespace ActorRuntime.Manifest;

/// <summary>An extension folder with its parsed manifest; resolves and reads the files the manifest and pages refer to.</summary>
internal sealed class ExtensionPackage
{
    private ExtensionPackage(string directory, ExtensionFiles files, ExtensionManifest manifest)
    {
        Directory = Path.GetFullPath(directory);
        Files = files;
        Manifest = manifest;
        Id = manifest.GeckoId ?? Path.GetFileName(Directory.TrimEnd(Path.DirectorySeparatorChar));
    }

    public string Directory { get; }
    public ExtensionManifest Manifest { get; }

    /// <summary>Reads the folder's files, refusing anything but regular files inside it.</summary>
    public ExtensionFiles Files { get; }

    public FileLimits Limits => Files.Limits;

    /// <summary>The manifest's gecko id when present, else the folder name.</summary>
    public string Id { get; }

    /// <summary>
    /// Loads the folder and checks every file the manifest names (background, views, content scripts): one that
    /// is refused (a link out of the folder, a pipe, a device, too large, a page nested too deeply) refuses the
    /// whole extension with a <see cref="ManifestException"/>. A missing file is left for later, as browsers do.
    /// </summary>
    public static ExtensionPackage Load(string directory, FileLimits? limits = null)
    {
        if (string.IsNullOrWhiteSpace(directory) || directory.Contains('\0'))
            throw new ManifestException($"extension folder \"{directory.Replace("\0", "\\0")}\": expected the path of a folder holding manifest.json");
        var files = ExtensionFiles.Open(directory, limits ?? FileLimits.Default);
        var manifestPath = Path.Combine(directory, "manifest.json");
        var package = new ExtensionPackage(directory, files, ManifestLoader.Read(files, manifestPath));
        if (package.Manifest.GeckoId is null && ManifestStrings.FirstControlCharacter(package.Id) is { } control)
            throw new ManifestException($"{package.Directory}: the folder name is the extension id (manifest.json sets no browser_specific_settings.gecko.id) and contains {control}; expected a name without control characters");
        package.CheckNamedFiles(manifestPath);
        return package;
    }

    private static readonly System.Text.RegularExpressions.Regex ExtensionOrigin = new("^(moz|chrome)-extension://[^/]*/", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Normalises a path relative to the extension root (or to <paramref name="relativeTo"/>), refusing anything outside it.</summary>
    public string Resolve(string path, string? relativeTo = null)
    {
        if (path.Contains('\0')) throw new ManifestException($"{path}: expected a path without NUL characters");
        var trimmed = path.Split('?', '#')[0];
        // A full URL of an extension page (the extension's own origin in any flavour) names a file of the folder too.
        if (ExtensionOrigin.Match(trimmed) is { Success: true } origin) trimmed = trimmed[origin.Length..];
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

    /// <summary>The text of a file of the extension; throws <see cref="ExtensionFileException"/> when it is missing or refused.</summary>
    public string ReadText(string relativePath) => Files.ReadText(relativePath);

    /// <summary>The extension's <c>_locales</c> messages, read as they are asked for.</summary>
    public LocaleMessages Messages => _messages ??= new LocaleMessages(this);

    private LocaleMessages? _messages;

    /// <summary>The identity last derived for the package (<see cref="ExtensionIdentity.For"/>): one record swapped whole, so any thread reads a consistent one.</summary>
    internal DerivedIdentity? DerivedIdentity { get; set; }

    /// <summary>An extension page parsed, refused when its elements nest deeper than <see cref="FileLimits.MaxHtmlDepth"/> or it cannot be parsed; throws <see cref="ExtensionFileException"/>.</summary>
    public IHtmlDocument ReadPage(string relativePath)
    {
        var (document, refusal) = PageParser.Parse(Files.ReadText(relativePath), Limits.MaxHtmlDepth);
        return document ?? throw new ExtensionFileException(relativePath, refusal!);
    }

    private void CheckNamedFiles(string manifestPath)
    {
        var checkedPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (role, path, isPage) in NamedFiles())
        {
            string relative;
            try
            {
                relative = Resolve(path);
            }
            catch (ManifestException)
            {
                throw new ManifestException($"{manifestPath}: {role} \"{path}\": expected a path inside the extension folder");
            }
            if (!checkedPaths.Add(relative)) continue;
            try
            {
                if (isPage) ReadPage(relative);
                else Files.Check(relative);
            }
            catch (ExtensionFileException ex)
            {
                // A missing file is not refused: it fails where it is used, as browsers do.
                if (!ex.IsMissing) throw new ManifestException($"{manifestPath}: {role} \"{path}\" is refused: {ex.Reason}");
            }
        }
    }

    private IEnumerable<(string Role, string Path, bool IsPage)> NamedFiles()
    {
        var manifest = Manifest;
        foreach (var script in manifest.Background.Scripts) yield return ("background script", script, false);
        if (manifest.Background.Page is { } page) yield return ("background page", page, true);
        if (manifest.Background.ServiceWorker is { } worker) yield return ("service worker", worker, false);
        if (manifest.Popup is { } popup) yield return ("popup", popup, true);
        if (manifest.OptionsPage is { } options) yield return ("options page", options, true);
        if (manifest.SidebarPanel is { } sidebar) yield return ("sidebar panel", sidebar, true);
        if (manifest.SidePanelPath is { } sidePanel) yield return ("side panel", sidePanel, true);
        foreach (var contentScript in manifest.ContentScripts)
        {
            foreach (var script in contentScript.Js) yield return ("content script", script, false);
            foreach (var style in contentScript.Css) yield return ("content style sheet", style, false);
        }
    }
}
