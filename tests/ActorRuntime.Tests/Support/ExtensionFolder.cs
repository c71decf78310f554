namespace ActorRuntime.Tests.Support;

/// <summary>An extension written to a temporary folder for one test, deleted afterwards.</summary>
public sealed class ExtensionFolder : IDisposable
{
    private static readonly string Base = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "actorruntime-tests");

    public ExtensionFolder(IReadOnlyDictionary<string, string> files, string? name = null)
    {
        Path = System.IO.Path.Combine(Base, name ?? Guid.NewGuid().ToString("N"));
        foreach (var (relative, text) in files)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        // A nested name (e.g. "clash/<id>") leaves its parents behind: remove them once empty.
        for (var parent = System.IO.Path.GetDirectoryName(Path); parent is not null && parent.Length > Base.Length; parent = System.IO.Path.GetDirectoryName(parent))
        {
            if (!Directory.Exists(parent) || Directory.EnumerateFileSystemEntries(parent).Any()) break;
            Directory.Delete(parent);
        }
    }

    public static string Html(params string[] scripts) =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
        string.Concat(scripts.Select(s => $"<script src=\"{s}\"></script>")) + "</body></html>";
}

/// <summary>Manifests for the common shapes of extension used across specs.</summary>
public static class Manifests
{
    /// <summary>An MV2 manifest with every page; it asks for the <c>storage</c> permission unless <paramref name="extra"/> lists permissions of its own.</summary>
    public static string Mv2(string background, string extra = "") => $$"""
        {
          "manifest_version": 2, "name": "test", "version": "1.0",
          {{(extra.Contains("\"permissions\"", StringComparison.Ordinal) ? "" : "\"permissions\": [\"storage\"],")}}
          {{background}}
          "browser_action": { "default_popup": "popup.html" },
          "options_ui": { "page": "options.html" },
          "sidebar_action": { "default_panel": "sidebar.html" },
          {{extra}}
        }
        """;

    public const string PersistentScripts = "\"background\": { \"scripts\": [\"background.js\"] },";
    public const string EventPageScripts = "\"background\": { \"scripts\": [\"background.js\"], \"persistent\": false },";
    public const string ServiceWorker = "\"background\": { \"service_worker\": \"sw.js\" },";
    public const string NoBackground = "";

    /// <summary>A popup, options, sidebar and tab page that each load an empty script, plus the given background.</summary>
    public static Dictionary<string, string> Standard(string background, string backgroundJs, string extra = "") => new()
    {
        ["manifest.json"] = Mv2(background, extra),
        ["background.js"] = backgroundJs,
        ["sw.js"] = "self.worker = true;",
        ["popup.html"] = ExtensionFolder.Html("popup.js"),
        ["popup.js"] = "var popupLoaded = true;",
        ["options.html"] = ExtensionFolder.Html(),
        ["sidebar.html"] = ExtensionFolder.Html(),
        ["tab.html"] = ExtensionFolder.Html(),
    };
}
