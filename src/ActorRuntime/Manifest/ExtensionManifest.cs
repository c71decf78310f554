namespace ActorRuntime.Manifest;

/// <summary>How the manifest declares the background context.</summary>
public enum BackgroundKind { None, Scripts, Page, ServiceWorker }

/// <summary>The manifest's <c>incognito</c> key.</summary>
public enum IncognitoMode { Spanning, Split, NotAllowed }

public enum RunAt { DocumentIdle, DocumentStart, DocumentEnd }

public sealed record BackgroundSpec(BackgroundKind Kind, IReadOnlyList<string> Scripts, string? Page, string? ServiceWorker, bool Persistent)
{
    public static readonly BackgroundSpec None = new(BackgroundKind.None, [], null, null, false);

    /// <summary>An event page is a non-persistent background page or scripts (MV3 scripts are always event pages).</summary>
    public bool IsEventPage => Kind is BackgroundKind.Scripts or BackgroundKind.Page && !Persistent;
}

public sealed record ContentScriptSpec(IReadOnlyList<string> Matches, IReadOnlyList<string> Js, RunAt RunAt);

/// <summary>The parts of <c>manifest.json</c> the runtime acts on.</summary>
public sealed record ExtensionManifest(
    int ManifestVersion,
    string Name,
    string Version,
    string? GeckoId,
    BackgroundSpec Background,
    string? Popup,
    string? OptionsPage,
    string? SidebarPanel,
    IReadOnlyList<ContentScriptSpec> ContentScripts,
    IncognitoMode Incognito);
